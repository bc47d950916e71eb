import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';
import { exportFormatQuery } from './exports.schema';
import { ZLifecycleStage } from './members.schema';
import { ZChurnLevel, ZLoyaltyQuadrant, ZRfmGroup, ZSatisfactionGroup } from './segments.schema';
import { ZNpsSummary } from './surveys.schema';

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

// ---- Marketing dashboard ---------------------------------------------------------------------------
// Months are Europe/Istanbul calendar months; "now" is the moment of the request. With `storeId`, the figures
// that come from receipts or survey answers are that store's; members, new members, expired points and the
// points liability belong to the whole program and are never store-scoped.

export const ZMarketingDashboardQuery = z.strictObject({
  /** Trend length in calendar months, the current (partial) month included. */
  months: z.coerce.number().int().min(1).max(36).default(12),
  /** Length of the KPI period in days, ending now. */
  days: z.coerce.number().int().min(1).max(366).default(30),
  /** Only this store's receipts and survey answers. */
  storeId: ZId.optional(),
});
export type TMarketingDashboardQuery = z.input<typeof ZMarketingDashboardQuery>;

const ZRate = z.number().min(0);

/** Outstanding points (ledger lots of members not erased), split by whether they can be spent yet. */
export const ZPointsLiability = z.object({
  /** Σ (earned − consumed − expired) over open lots; held points are still owed, so they count. */
  points: ZCount,
  /** Past their pending (return-window) date: spendable now. */
  availablePoints: ZCount,
  /** Still in the pending period. */
  pendingPoints: ZCount,
  /** The program's value of one point as tender (program setting `kurusPerPoint`). */
  kurusPerPoint: ZCount,
  /** points × kurusPerPoint: what the outstanding points would cost if all were spent. */
  valueKurus: ZCount,
});

/**
 * Flows of one period: revenue, points and NPS.
 * - revenue: FINAL receipts of the period (a month: by the receipt's Istanbul business day; the KPI period: by
 *   the time it occurred), each net of the refunds of its returns (voided receipts never count); member revenue =
 *   receipts with a member.
 * - points earned / redeemed: Σ points earned (earning rules + campaign awards) and Σ points tendered on those
 *   same receipts, gross (return reversals and refunds are not netted); imports and manual adjustments are not
 *   "earned".
 * - points expired: points of lots whose expiry date falls in the period, as expired by the expiry job.
 * - NPS: every numeric 0–10 answer to an NPS question of any survey submitted in the period.
 */
const periodFlows = {
  revenueKurus: ZCount,
  memberRevenueKurus: ZCount,
  /** memberRevenueKurus / revenueKurus, clamped to 0…1; null without revenue. */
  memberRevenueShare: ZShare.nullable(),
  pointsEarned: ZCount,
  pointsRedeemed: ZCount,
  pointsExpired: ZCount,
  /** pointsRedeemed / pointsEarned; null when nothing was earned (can exceed 1 when older points are spent). */
  redemptionRate: ZRate.nullable(),
  /** Promoters answer 9–10, detractors 0–6; nps = %promoters − %detractors rounded, null without answers. */
  nps: ZNpsSummary,
};

/** One calendar month of the trend (the last one runs to now). */
export const ZMarketingTrendMonth = z.object({
  /** `YYYY-MM` in Europe/Istanbul. */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  from: ZIsoDateTime,
  /** The next month's start, or now for the current month. */
  to: ZIsoDateTime,
  /** Members (not erased) who had joined by `to`. */
  totalMembers: ZCount,
  /** Members (not erased) who joined in the month. */
  newMembers: ZCount,
  /** Active members at `to`: at least one FINAL receipt in the 90 days before it (see kpis.activeMembers). */
  activeMembers: ZCount,
  ...periodFlows,
});
export type TMarketingTrendMonth = z.infer<typeof ZMarketingTrendMonth>;

/** The marketer's home: key figures now and over the last `days` days, and monthly trends. */
export const ZMarketingDashboard = z.object({
  asOf: ZIsoDateTime,
  /** Start of the KPI period (asOf − days). */
  from: ZIsoDateTime,
  days: ZCount,
  months: ZCount,
  storeId: ZId.nullable(),
  kpis: z.object({
    /** Members not erased. */
    totalMembers: ZCount,
    /** Members not erased with at least one FINAL receipt (at the store, with storeId) in the last 90 days, the
     * lifecycle's "active" window: lifecycle stages ACTIVE and NEW-with-a-purchase. */
    activeMembers: ZCount,
    /** Members not erased who joined in the KPI period. */
    newMembers: ZCount,
    ...periodFlows,
    liability: ZPointsLiability,
  }),
  /** One row per month, oldest first; months without data are rows of zeros. */
  trend: z.array(ZMarketingTrendMonth),
});
export type TMarketingDashboard = z.infer<typeof ZMarketingDashboard>;

// Report exports: each takes its report's own query plus `format` (csv | xlsx).
export const ZAnalyticsExportQuery = z.strictObject(exportFormatQuery);
export const ZRevenueShareExportQuery = ZRevenueShareQuery.extend(exportFormatQuery);
export const ZLifecycleReportExportQuery = ZLifecycleReportQuery.extend(exportFormatQuery);
export const ZBasketRulesExportQuery = ZBasketRulesQuery.extend(exportFormatQuery);
