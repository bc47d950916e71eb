// Personal offers: which eligible campaigns to offer a member, best first.
//
// score = 0.40 × propensity + 0.20 × value + 0.20 × recency + 0.20 × priority, each term in [0, 1]:
//   - propensity: the member's share of spend (over the history window) on what the campaign targets — the
//     lines its match (or cross-sell target/trigger) names; campaigns on the whole basket count 0.5.
//   - value: the member's spend in the window ÷ the value norm (default 1 000 TL), capped at 1.
//   - recency: exp(−days since last visit ÷ 30); 0 for a member who never bought. Win-back campaigns use
//     1 − recency, since they are for members who stay away.
//   - priority: the campaign's priority ÷ 100, clamped to [0, 1].
// Ties: higher priority, then smaller campaign id.

import type { LineMatch } from '../points/earning-rules';
import type { Campaign, CampaignType } from './campaign-types';

export type PurchaseHistory = {
  /** Spend in kuruş over the history window, by category, brand and SKU. */
  byCategory: Readonly<Record<string, number>>;
  byBrand: Readonly<Record<string, number>>;
  bySku: Readonly<Record<string, number>>;
  totalKurus: number;
  daysSinceLastVisit: number | null;
};

export type RankedOffer = { campaignId: string; score: number; propensity: number; value: number; recency: number; priority: number };

/** The score's constants (header), shared with the set-wise SQL that issues offers to every member at once. */
export const OFFER_SCORE = {
  propensityWeight: 0.4,
  valueWeight: 0.2,
  recencyWeight: 0.2,
  priorityWeight: 0.2,
  /** Propensity of a campaign on the whole basket (no category, brand or SKU named). */
  wholeBasketPropensity: 0.5,
  valueNormKurus: 100_000,
  recencyDays: 30,
  priorityNorm: 100,
} as const;

/** Which parameter names what a campaign of each type targets (null: the whole basket). */
export const OFFER_TARGET_PARAM = {
  POINTS_MULTIPLIER: 'match',
  BONUS_POINTS: 'match',
  BASKET_THRESHOLD: null,
  DISCOUNT_COUPON: 'match',
  FREE_GIFT: 'match',
  CROSS_SELL: 'target',
  BIRTHDAY: null,
  WIN_BACK: null,
  TIER_UPGRADE: null,
  DRAW_ENTRIES: null,
} as const satisfies Record<CampaignType, 'match' | 'target' | null>;

function targetOf(c: Campaign): LineMatch | undefined {
  const key = OFFER_TARGET_PARAM[c.type];
  return key === null ? undefined : ((c.params as Partial<Record<'match' | 'target', LineMatch>>)[key] ?? undefined);
}

/** Share of the member's spend on what the match names (0…1); the largest share among the match's lists. */
export function propensity(match: LineMatch | undefined, h: PurchaseHistory): number {
  if (!match) return OFFER_SCORE.wholeBasketPropensity;
  if (h.totalKurus <= 0) return 0;
  const share = (xs: readonly string[] | undefined, by: Readonly<Record<string, number>>) =>
    xs === undefined ? 0 : xs.reduce((s, x) => s + (by[x] ?? 0), 0) / h.totalKurus;
  return Math.min(1, Math.max(share(match.categories, h.byCategory), share(match.brands, h.byBrand), share(match.skus, h.bySku)));
}

/** Scores and orders the campaigns for one member (callers pass only campaigns the member may receive). */
export function rankOffers(campaigns: readonly Campaign[], h: PurchaseHistory, valueNormKurus: number = OFFER_SCORE.valueNormKurus): RankedOffer[] {
  const w = OFFER_SCORE;
  const baseRecency = h.daysSinceLastVisit === null ? 0 : Math.exp(-h.daysSinceLastVisit / w.recencyDays);
  const value = Math.min(1, Math.max(0, h.totalKurus / valueNormKurus));
  const ranked = campaigns.map((c) => {
    const p = propensity(targetOf(c), h);
    const recency = c.type === 'WIN_BACK' ? 1 - baseRecency : baseRecency;
    const priority = Math.min(1, Math.max(0, c.priority / w.priorityNorm));
    const score = w.propensityWeight * p + w.valueWeight * value + w.recencyWeight * recency + w.priorityWeight * priority;
    return { campaignId: c.id, score, propensity: p, value, recency, priority: c.priority };
  });
  return ranked.sort((a, b) => b.score - a.score || b.priority - a.priority || (a.campaignId < b.campaignId ? -1 : 1));
}
