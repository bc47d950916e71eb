import type { TMemberValue } from '@kulup/contracts';
import type { ChurnLevel, LoyaltyQuadrant, RfmGroup, SatisfactionGroup } from '@kulup/domain';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';

const DAY = 86_400_000;

/** One member's value, RFM scores, lapse risk and satisfaction from the snapshot; days since last visit live. */
export async function memberValue(db: Db, memberId: string, now = new Date()): Promise<TMemberValue> {
  const member = await db.member.findUnique({ where: { id: memberId }, select: { id: true, lifecycleStage: true, erasedAt: true, metrics: true } });
  if (!member || member.erasedAt) throw notFound('Member');
  const last = await db.receipt.findFirst({
    where: { memberId, status: 'FINAL' },
    orderBy: { occurredAt: 'desc' },
    select: { occurredAt: true },
  });
  const m = member.metrics;
  return {
    memberId,
    computedAt: m?.computedAt.toISOString() ?? null,
    lifecycleStage: member.lifecycleStage,
    lastPurchaseAt: last?.occurredAt.toISOString() ?? null,
    daysSinceLastVisit: last ? Math.floor((now.getTime() - last.occurredAt.getTime()) / DAY) : null,
    visits12m: m?.visits12m ?? 0,
    spend12mKurus: m?.spend12mKurus ?? 0,
    avgGapDays: m?.avgGapDays ?? null,
    recencyScore: m?.recencyScore ?? null,
    frequencyScore: m?.frequencyScore ?? null,
    monetaryScore: m?.monetaryScore ?? null,
    rfmGroup: (m?.rfmGroup as RfmGroup | null) ?? null,
    churnRisk: m?.churnRisk ?? null,
    churnLevel: (m?.churnLevel as ChurnLevel | null) ?? null,
    clvKurus: m?.clvKurus ?? null,
    satisfaction: (m?.satisfaction as SatisfactionGroup | undefined) ?? 'UNKNOWN',
    loyaltyQuadrant: (m?.loyaltyQuadrant as LoyaltyQuadrant | null) ?? null,
  };
}
