import type { TSurvey, ZSurveyListQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import type { Tx } from '../context';
import { questionsInOrder, toSurvey } from './survey.mapper';

/** Surveys (newest first) with their questions and response counts. */
export async function listSurveys(db: Db, query: z.output<typeof ZSurveyListQuery>): Promise<{ items: TSurvey[] }> {
  const surveys = await db.survey.findMany({
    where: { status: query.status, kind: query.kind },
    include: { ...questionsInOrder, _count: { select: { responses: true } } },
    orderBy: { createdAt: 'desc' },
  });
  return { items: surveys.map((s) => toSurvey(s, s._count.responses)) };
}

/** One survey with its questions. */
export async function getSurvey(db: Db | Tx, surveyId: string): Promise<TSurvey> {
  const survey = await db.survey.findUnique({ where: { id: surveyId }, include: { ...questionsInOrder, _count: { select: { responses: true } } } });
  if (!survey) throw notFound('Survey');
  return toSurvey(survey, survey._count.responses);
}
