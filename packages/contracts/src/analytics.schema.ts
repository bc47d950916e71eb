import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';
import { ZLifecycleStage } from './members.schema';
import { ZChurnLevel, ZLoyaltyQuadrant, ZRfmGroup, ZSatisfactionGroup } from './segments.schema';

// Analytics over receipts and survey answers; formulas in docs/segments-and-analytics.md.

const ZCount = z.number().int();
const ZShare = z.number().min(0).max(1);

export const ZAnalyticsRefreshResult = z.object({
  computedAt: ZIsoDateTime,
  members: ZCount,
  scoredMembers: ZCount,
  transitions: ZCount,
});
export type TAnalyticsRefreshResult = z.infer<typeof ZAnalyticsRefreshResult>;

const ZScoreCount = z.object({ score: z.number().int().min(1).max(5), members: ZCount });

/** RFM score distributions and named groups from the last metrics snapshot. */
export const ZRfmDistribution = z.object({
  computedAt: ZIsoDateTime.nullable(),
  scoredMembers: ZCount,
  recency: z.array(ZScoreCount),
  frequency: z.array(ZScoreCount),
  monetary: z.array(ZScoreCount),
  groups: z.array(z.object({ group: ZRfmGroup, members: ZCount, spend12mKurus: ZCount })),
});
export type TRfmDistribution = z.infer<typeof ZRfmDistribution>;

export const ZRevenueShareQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(3650).default(365) });

/** Who brings the revenue: identified members vs anonymous receipts, and the top 10 % / 20 % of buying members. */
export const ZRevenueShare = z.object({
  from: ZIsoDateTime,
  to: ZIsoDateTime,
  totalKurus: ZCount,
  memberKurus: ZCount,
  /** memberKurus / totalKurus (0 without receipts). */
  memberShare: ZShare,
  buyingMembers: ZCount,
  /** Share of member revenue brought by the top 10 % (rounded up) of buying members by spend. */
  top10Share: ZShare,
  top20Share: ZShare,
});
export type TRevenueShare = z.infer<typeof ZRevenueShare>;

/** Members per satisfaction × loyalty group from the last snapshot; `unknown` = no survey answer. */
export const ZSatisfactionLoyaltyMatrix = z.object({
  computedAt: ZIsoDateTime.nullable(),
  quadrants: z.array(z.object({ quadrant: ZLoyaltyQuadrant, members: ZCount })),
  satisfaction: z.array(z.object({ group: ZSatisfactionGroup, members: ZCount })),
});
export type TSatisfactionLoyaltyMatrix = z.infer<typeof ZSatisfactionLoyaltyMatrix>;

export const ZLifecycleReportQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(3650).default(30) });

/** Members per lifecycle stage now, and the stage changes recorded in the last `days` days. */
export const ZLifecycleReport = z.object({
  from: ZIsoDateTime,
  stages: z.array(z.object({ stage: ZLifecycleStage, members: ZCount })),
  transitions: z.array(z.object({ from: ZLifecycleStage, to: ZLifecycleStage, members: ZCount })),
});
export type TLifecycleReport = z.infer<typeof ZLifecycleReport>;

export const ZBasketRulesQuery = z.strictObject({
  level: z.enum(['category', 'product']).default('category'),
  days: z.coerce.number().int().min(1).max(3650).default(90),
  minSupport: z.coerce.number().min(0).max(1).default(0.01),
  minConfidence: z.coerce.number().min(0).max(1).default(0.1),
  minLift: z.coerce.number().min(0).max(1000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TBasketRulesQuery = z.input<typeof ZBasketRulesQuery>;

export const ZAssociationRule = z.object({
  /** A category, or a product's SKU. */
  antecedent: z.string(),
  consequent: z.string(),
  antecedentName: z.string(),
  consequentName: z.string(),
  together: ZCount,
  support: ZShare,
  confidence: ZShare,
  lift: z.number().min(0),
});

/** Association rules A → B between categories or products bought on the same receipt. */
export const ZBasketRules = z.object({
  level: z.enum(['category', 'product']),
  from: ZIsoDateTime,
  baskets: ZCount,
  rules: z.array(ZAssociationRule),
});
export type TBasketRules = z.infer<typeof ZBasketRules>;

/** One member's value and lapse risk for the 360° view (from the last snapshot; days since last visit live). */
export const ZMemberValue = z.object({
  memberId: ZId,
  computedAt: ZIsoDateTime.nullable(),
  lifecycleStage: ZLifecycleStage,
  lastPurchaseAt: ZIsoDateTime.nullable(),
  daysSinceLastVisit: ZCount.nullable(),
  visits12m: ZCount,
  spend12mKurus: ZCount,
  avgGapDays: z.number().nullable(),
  recencyScore: ZCount.nullable(),
  frequencyScore: ZCount.nullable(),
  monetaryScore: ZCount.nullable(),
  rfmGroup: ZRfmGroup.nullable(),
  churnRisk: z.number().min(0).max(1).nullable(),
  churnLevel: ZChurnLevel.nullable(),
  clvKurus: ZCount.nullable(),
  satisfaction: ZSatisfactionGroup,
  loyaltyQuadrant: ZLoyaltyQuadrant.nullable(),
});
export type TMemberValue = z.infer<typeof ZMemberValue>;
