import type { TKioskSurvey } from '@kulup/contracts';

import type { Db } from '../../db/database';
import type { Prisma, Survey, SurveyQuestion } from '../../generated/prisma/client';
import { boughtRecently, memberPeriodKey } from './survey-eligibility';
import { questionsInOrder, toSurveyQuestion } from './survey.mapper';

export type SurveyAudience = { terminalId: string; memberId: string | null };

const toKioskSurvey = (s: Survey & { questions: SurveyQuestion[] }, followUp: TKioskSurvey['followUp']): TKioskSurvey => ({
  id: s.id,
  kind: s.kind,
  titleTr: s.titleTr,
  titleEn: s.titleEn,
  anonymous: s.targeting === 'ANONYMOUS',
  followUp,
  questions: s.questions.map(toSurveyQuestion),
});

/**
 * The surveys a kiosk should offer now. A kiosk on its own gets the active anonymous surveys of its store.
 * With a member session it also gets the member's pending ticket follow-ups (first), and the MEMBER and
 * AFTER_PURCHASE surveys the member has not answered in the current period. SEGMENT surveys wait for segments.
 */
export async function listDueSurveys(db: Db, audience: SurveyAudience, now: Date = new Date()): Promise<{ items: TKioskSurvey[] }> {
  const { storeId } = await db.terminal.findUniqueOrThrow({ where: { id: audience.terminalId }, select: { storeId: true } });
  const open: Prisma.SurveyWhereInput = {
    status: 'ACTIVE',
    kind: 'STANDARD',
    AND: [
      { OR: [{ activeFrom: null }, { activeFrom: { lte: now } }] },
      { OR: [{ activeTo: null }, { activeTo: { gt: now } }] },
      { OR: [{ storeIds: { isEmpty: true } }, { storeIds: { has: storeId } }] },
    ],
  };
  const targeting: Survey['targeting'][] = audience.memberId ? ['ANONYMOUS', 'MEMBER', 'AFTER_PURCHASE'] : ['ANONYMOUS'];
  const surveys = await db.survey.findMany({ where: { ...open, targeting: { in: targeting } }, include: questionsInOrder, orderBy: { createdAt: 'asc' } });
  const memberId = audience.memberId;
  if (!memberId) return { items: surveys.map((s) => toKioskSurvey(s, null)) };

  const identified = surveys.filter((s) => s.targeting !== 'ANONYMOUS');
  const answered = identified.length
    ? await db.surveyResponse.findMany({
        where: { memberId, OR: identified.map((s) => ({ surveyId: s.id, periodKey: memberPeriodKey(s, now) })) },
        select: { surveyId: true },
      })
    : [];
  const done = new Set(answered.map((a) => a.surveyId));
  const due: TKioskSurvey[] = [];
  for (const s of identified) {
    if (done.has(s.id)) continue;
    if (s.targeting === 'AFTER_PURCHASE' && !(await boughtRecently(db, s, memberId, storeId, now))) continue;
    due.push(toKioskSurvey(s, null));
  }
  const followUps = await db.surveyFollowUp.findMany({
    where: { memberId, respondedAt: null, expiresAt: { gt: now }, survey: { status: 'ACTIVE' } },
    include: { survey: { include: questionsInOrder }, ticket: { select: { number: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return {
    items: [
      ...followUps.map((f) => toKioskSurvey(f.survey, { id: f.id, ticketNumber: f.ticket.number })),
      ...due,
      ...surveys.filter((s) => s.targeting === 'ANONYMOUS').map((s) => toKioskSurvey(s, null)),
    ],
  };
}
