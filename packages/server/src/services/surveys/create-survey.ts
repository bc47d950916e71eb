import type { TSurvey, TSurveyQuestionInput, ZSurveyCreateRequest } from '@kulup/contracts';
import { validateSurveyQuestions } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { getSurvey } from './list-surveys';
import { questionRows } from './survey.mapper';

/** Refuses a question list the domain finds inconsistent (options, conditions), with `questions.<i>` paths. */
export function checkQuestions(questions: readonly TSurveyQuestionInput[]): void {
  const errors = validateSurveyQuestions(
    questions.map((q) => ({ type: q.type, required: q.required ?? true, options: q.options ?? [], showIf: q.showIf ?? null })),
    questions.map((q) => q.id),
  );
  if (errors.length) throw new ServiceError('VALIDATION_FAILED', 'The survey questions are inconsistent', errors);
}

/** Creates a survey as a DRAFT with its questions; it is shown only once activated. */
export async function createSurvey(db: Db, actor: Actor, input: z.output<typeof ZSurveyCreateRequest>): Promise<TSurvey> {
  checkQuestions(input.questions);
  return db.$transaction(async (tx) => {
    const survey = await tx.survey.create({
      data: {
        titleTr: input.titleTr,
        titleEn: input.titleEn,
        targeting: input.targeting,
        segmentId: input.targeting === 'SEGMENT' ? (input.segmentId ?? null) : null,
        storeIds: input.storeIds ?? [],
        afterPurchaseDays: input.targeting === 'AFTER_PURCHASE' ? (input.afterPurchaseDays ?? 7) : null,
        activeFrom: input.activeFrom ? new Date(input.activeFrom) : null,
        activeTo: input.activeTo ? new Date(input.activeTo) : null,
        periodDays: input.periodDays ?? null,
        createdById: actor.type === 'STAFF' ? actor.id : null,
        questions: { create: questionRows(input.questions) },
      },
    });
    const created = await getSurvey(tx, survey.id);
    await writeAudit(tx, actor, { action: 'survey.create', entityType: 'survey', entityId: survey.id, after: created });
    return created;
  });
}
