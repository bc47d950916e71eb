import type { TSurvey, ZSurveyUpdateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { checkQuestions } from './create-survey';
import { getSurvey } from './list-surveys';
import { questionRows } from './survey.mapper';

/**
 * Changes a marketer's survey. Questions (and targeting) can change only while it is a DRAFT, so results
 * always refer to the questions that were asked; the system follow-up survey is not edited here.
 */
export async function updateSurvey(db: Db, actor: Actor, surveyId: string, input: z.output<typeof ZSurveyUpdateRequest>): Promise<TSurvey> {
  if (input.questions) checkQuestions(input.questions);
  return db.$transaction(async (tx) => {
    const survey = await tx.survey.findUnique({ where: { id: surveyId } });
    if (!survey) throw notFound('Survey');
    if (survey.kind === 'FOLLOW_UP') throw new ServiceError('CONFLICT', 'The ticket follow-up survey is maintained by the system');
    if (survey.status !== 'DRAFT' && (input.questions || input.targeting)) {
      throw new ServiceError('CONFLICT', 'Questions and targeting can only change while the survey is a draft', [
        { path: input.questions ? 'questions' : 'targeting', message: `The survey is ${survey.status}` },
      ]);
    }
    const before = await getSurvey(tx, surveyId);
    const targeting = input.targeting ?? survey.targeting;
    const activeFrom = input.activeFrom === undefined ? survey.activeFrom : input.activeFrom ? new Date(input.activeFrom) : null;
    const activeTo = input.activeTo === undefined ? survey.activeTo : input.activeTo ? new Date(input.activeTo) : null;
    if (activeFrom && activeTo && activeTo <= activeFrom) {
      throw new ServiceError('VALIDATION_FAILED', 'The active window is empty', [{ path: 'activeTo', message: 'activeTo must be after activeFrom' }]);
    }
    if (targeting === 'SEGMENT' && !(input.segmentId ?? survey.segmentId)) {
      throw new ServiceError('VALIDATION_FAILED', 'SEGMENT targeting needs a segmentId', [{ path: 'segmentId', message: 'Required for SEGMENT targeting' }]);
    }
    if (input.questions) {
      await tx.surveyQuestion.deleteMany({ where: { surveyId } });
      await tx.surveyQuestion.createMany({ data: questionRows(input.questions).map((q) => ({ ...q, surveyId })) });
    }
    await tx.survey.update({
      where: { id: surveyId },
      data: {
        titleTr: input.titleTr,
        titleEn: input.titleEn,
        targeting: input.targeting,
        segmentId: input.segmentId,
        storeIds: input.storeIds,
        afterPurchaseDays: targeting === 'AFTER_PURCHASE' ? (input.afterPurchaseDays ?? survey.afterPurchaseDays ?? 7) : null,
        activeFrom,
        activeTo,
        periodDays: input.periodDays,
      },
    });
    const after = await getSurvey(tx, surveyId);
    await writeAudit(tx, actor, { action: 'survey.update', entityType: 'survey', entityId: surveyId, before, after });
    return after;
  });
}
