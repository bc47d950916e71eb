import { surveyPeriodKey } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { Survey } from '../../generated/prisma/client';
import type { Tx } from '../context';

const DAY = 86_400_000;

/** The period key a member's response to this survey gets now (`once`, or `p<n>` counted from its creation). */
export function memberPeriodKey(survey: Pick<Survey, 'createdAt' | 'periodDays'>, at: Date): string {
  return surveyPeriodKey({ at, anchor: survey.createdAt, periodDays: survey.periodDays });
}

/** AFTER_PURCHASE: the member bought in this store within the survey's day window. */
export async function boughtRecently(db: Db | Tx, survey: Pick<Survey, 'afterPurchaseDays'>, memberId: string, storeId: string, at: Date): Promise<boolean> {
  const since = new Date(at.getTime() - (survey.afterPurchaseDays ?? 7) * DAY);
  const receipt = await db.receipt.findFirst({
    where: { memberId, storeId, status: 'FINAL', occurredAt: { gte: since, lte: at } },
    select: { id: true },
  });
  return receipt !== null;
}
