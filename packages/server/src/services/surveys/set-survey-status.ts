import type { TSurvey } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { getSurvey } from './list-surveys';

/** Activates a survey (kiosks offer it within its window) or closes it (no more answers); repeating is a no-op. */
export async function setSurveyStatus(db: Db, actor: Actor, surveyId: string, status: 'ACTIVE' | 'CLOSED'): Promise<TSurvey> {
  return db.$transaction(async (tx) => {
    const survey = await tx.survey.findUnique({ where: { id: surveyId }, select: { status: true } });
    if (!survey) throw notFound('Survey');
    if (survey.status !== status) {
      await tx.survey.update({ where: { id: surveyId }, data: { status } });
      await writeAudit(tx, actor, { action: 'survey.status', entityType: 'survey', entityId: surveyId, before: { status: survey.status }, after: { status } });
    }
    return getSurvey(tx, surveyId);
  });
}
