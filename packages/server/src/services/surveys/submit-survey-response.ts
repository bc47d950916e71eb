import type { ZSurveyResponseRequest } from '@kulup/contracts';
import { isWithinWindow, validateSurveyAnswers } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { Prisma } from '../../generated/prisma/client';
import { ServiceError, notFound } from '../../http/service-error';
import type { Tx } from '../context';
import { runIdempotent } from '../idempotency/run-idempotent';
import type { IdempotencyScope, IdempotentResult } from '../idempotency/run-idempotent';
import type { SurveyAudience } from './list-due-surveys';
import { boughtRecently, memberPeriodKey } from './survey-eligibility';
import { questionRules } from './survey.mapper';

const ALREADY_ANSWERED = 'You have already answered this survey; thank you! It can be answered again in the next period.';

async function pendingFollowUp(tx: Tx, surveyId: string, memberId: string, followUpId: string | undefined, now: Date) {
  const followUp = followUpId
    ? await tx.surveyFollowUp.findFirst({ where: { id: followUpId, surveyId, memberId } })
    : await tx.surveyFollowUp.findFirst({ where: { surveyId, memberId, respondedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: 'asc' } });
  if (!followUp) {
    if (followUpId) throw new ServiceError('UNKNOWN_REFERENCE', 'There is no such follow-up for this member', [{ path: 'followUpId', message: 'Unknown follow-up' }]);
    throw new ServiceError('CONFLICT', 'There is no pending follow-up to answer');
  }
  if (followUp.respondedAt) throw new ServiceError('CONFLICT', 'This follow-up has already been answered; thank you!');
  if (followUp.expiresAt <= now) throw new ServiceError('CONFLICT', 'This follow-up has expired');
  return followUp;
}

/**
 * Records a survey answer exactly once per idempotency key. Answers are checked against the questions
 * (required, ranges, option ids, text ≤ 2000; paths `answers.<questionId>`). Anonymous surveys link no member;
 * every other survey needs a member session and takes one response per member per period (a unique index
 * backs it: a second answer is CONFLICT). A follow-up answer is tied to its resolved ticket.
 */
export async function submitSurveyResponse(
  db: Db,
  scope: IdempotencyScope,
  audience: SurveyAudience,
  surveyId: string,
  input: z.output<typeof ZSurveyResponseRequest>,
  now: Date = new Date(),
): Promise<IdempotentResult<{ responseId: string }>> {
  return runIdempotent(db, scope, async (tx) => {
    const survey = await tx.survey.findUnique({ where: { id: surveyId }, include: { questions: { orderBy: { position: 'asc' } } } });
    if (!survey) throw notFound('Survey');
    if (survey.status !== 'ACTIVE' || !isWithinWindow(now, survey)) throw new ServiceError('CONFLICT', 'This survey is not open for answers');
    const { storeId } = await tx.terminal.findUniqueOrThrow({ where: { id: audience.terminalId }, select: { storeId: true } });
    if (survey.storeIds.length > 0 && !survey.storeIds.includes(storeId)) throw new ServiceError('FORBIDDEN', 'This survey is not offered in this store');
    const anonymous = survey.targeting === 'ANONYMOUS' && survey.kind === 'STANDARD';
    const memberId = audience.memberId;
    if (!anonymous && !memberId) throw new ServiceError('FORBIDDEN', 'This survey is for identified members: tap your card first');
    if (survey.targeting === 'SEGMENT') throw new ServiceError('FORBIDDEN', 'Segment surveys are not offered yet');

    const checked = validateSurveyAnswers(questionRules(survey.questions), input.answers);
    if (!checked.ok) throw new ServiceError('VALIDATION_FAILED', 'Some answers are invalid', checked.errors);

    let periodKey: string | null = null;
    let followUpId: string | null = null;
    if (!anonymous && memberId) {
      if (survey.kind === 'FOLLOW_UP') {
        const followUp = await pendingFollowUp(tx, survey.id, memberId, input.followUpId, now);
        followUpId = followUp.id;
        periodKey = `ticket:${followUp.ticketId}`;
      } else {
        if (survey.targeting === 'AFTER_PURCHASE' && !(await boughtRecently(tx, survey, memberId, storeId, now))) {
          throw new ServiceError('FORBIDDEN', 'This survey is for members who shopped in this store recently');
        }
        periodKey = memberPeriodKey(survey, now);
        const existing = await tx.surveyResponse.findFirst({ where: { surveyId, memberId, periodKey }, select: { id: true } });
        if (existing) throw new ServiceError('CONFLICT', ALREADY_ANSWERED);
      }
    }
    const response = await tx.surveyResponse
      .create({
        data: {
          surveyId,
          memberId: anonymous ? null : memberId,
          terminalId: audience.terminalId,
          storeId,
          periodKey,
          answers: checked.answers as Prisma.InputJsonValue,
          submittedAt: now,
        },
      })
      .catch((error: unknown) => {
        // A concurrent answer from another kiosk won the unique index (member, survey, period).
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ServiceError('CONFLICT', ALREADY_ANSWERED);
        throw error;
      });
    if (followUpId) {
      const { count } = await tx.surveyFollowUp.updateMany({ where: { id: followUpId, respondedAt: null }, data: { responseId: response.id, respondedAt: now } });
      if (count !== 1) throw new ServiceError('CONFLICT', 'This follow-up has already been answered; thank you!');
    }
    return { responseId: response.id };
  });
}
