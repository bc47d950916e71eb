// Campaign definitions as plain data. The contracts' zod schema (campaigns.schema.ts) validates the same shape
// at the API; the domain trusts its caller and only computes.

import type { LineMatch } from '../points/earning-rules';

export const CAMPAIGN_TYPES = [
  'POINTS_MULTIPLIER',
  'BONUS_POINTS',
  'BASKET_THRESHOLD',
  'DISCOUNT_COUPON',
  'FREE_GIFT',
  'CROSS_SELL',
  'BIRTHDAY',
  'WIN_BACK',
  'TIER_UPGRADE',
  'DRAW_ENTRIES',
] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

/** What each campaign type does; see docs/campaigns.md for the stacking policy. */
export type CampaignParams =
  /** Multiplies the points matching lines earned under the earning rules (extra = (m − 1) × line points). */
  | { type: 'POINTS_MULTIPLIER'; params: { multiplier: number; match?: LineMatch | undefined } }
  /** Fixed points when the basket has matching lines: once per receipt, or per matching unit. */
  | { type: 'BONUS_POINTS'; params: { points: number; per: 'receipt' | 'unit'; match: LineMatch; minQuantity?: number | undefined } }
  /** Fixed points when the basket reaches an amount. */
  | { type: 'BASKET_THRESHOLD'; params: { minBasketKurus: number; points: number } }
  /** A discount in kuruş: a percentage of the matching lines (optionally capped) or a fixed amount. */
  | {
      type: 'DISCOUNT_COUPON';
      params: {
        percent?: number | undefined;
        amountKurus?: number | undefined;
        maxDiscountKurus?: number | undefined;
        minBasketKurus?: number | undefined;
        match?: LineMatch | undefined;
      };
    }
  /** A gift item (its value counts against a kuruş budget) when the basket qualifies. */
  | {
      type: 'FREE_GIFT';
      params: { giftSku: string; giftName: string; giftValueKurus: number; minBasketKurus?: number | undefined; match?: LineMatch | undefined };
    }
  /** Bought A (in this basket or recently), now buys B: points on B. */
  | { type: 'CROSS_SELL'; params: { trigger: LineMatch; target: LineMatch; points: number } }
  /** Points on a receipt within `windowDays` after the member's birthday (Europe/Istanbul), once per birthday. */
  | { type: 'BIRTHDAY'; params: { points: number; windowDays: number } }
  /** Points for a member returning after at least `minDaysSinceLastVisit` days away. */
  | { type: 'WIN_BACK'; params: { minDaysSinceLastVisit: number; points: number; minBasketKurus?: number | undefined } }
  /** Points for members of the given (lower) tiers, to push them towards the next one. */
  | { type: 'TIER_UPGRADE'; params: { tierCodes: readonly string[]; points: number; minBasketKurus?: number | undefined } }
  /** Entries into a draw: one per `kurusPerEntry` of basket, up to `maxEntries`. */
  | { type: 'DRAW_ENTRIES'; params: { drawName: string; kurusPerEntry: number; maxEntries?: number | undefined } };

export type CampaignChannel = 'POS' | 'KIOSK' | 'SMS' | 'EMAIL';

/** A campaign as evaluation needs it (lifecycle status and budget are the server's business). */
export type Campaign = CampaignParams & {
  id: string;
  name: string;
  /** Higher wins ties (discount coupon choice, multiplier ties) and ranks offers. */
  priority: number;
  startsAt: Date;
  endsAt: Date;
  /** Empty: every store. */
  storeIds: readonly string[];
  channels: readonly CampaignChannel[];
  /** Percentage (0–50, two decimals) of the audience held out as a control group. */
  controlPct: number;
  /** The member must have activated the campaign's personal offer. */
  requiresActivation: boolean;
  /** Awards per member over the campaign's life; undefined = unlimited. */
  maxAwardsPerMember?: number | undefined;
};

/** What we know about the member at the time of the sale. */
export type MemberFacts = {
  memberId: string;
  tierCode: string;
  /** Birth date (only month and day are used), or null. */
  birthDate: Date | null;
  /** Whole days since the previous receipt (before this one); null for a first visit. */
  daysSinceLastVisit: number | null;
  /** Campaigns whose audience contains the member (all-member campaigns need not be listed). */
  audienceCampaignIds: ReadonlySet<string>;
  /** Campaigns with an ACTIVATED personal offer valid now. */
  activatedCampaignIds: ReadonlySet<string>;
  /** Earlier awards per campaign. */
  previousAwards: Readonly<Record<string, { count: number; lastAt: Date }>>;
  /** What the member bought recently (for cross-sell triggers). */
  recentPurchases: { skus: ReadonlySet<string>; categories: ReadonlySet<string>; brands: ReadonlySet<string> };
};

/** A basket line as campaigns see it. */
export type BasketLine = {
  lineNo: number;
  sku: string;
  category: string;
  brand?: string | undefined;
  quantity: number;
  /** Line net in kuruş (quantity × unit price − line discount). */
  net: number;
  isReward: boolean;
  /** Points the line earned under the earning rules (multiplier campaigns multiply these). */
  points: number;
};

/** One campaign's award on one receipt. */
export type CampaignAward = {
  campaignId: string;
  campaignName: string;
  type: CampaignType;
  priority: number;
  points: number;
  /** Points per line (Σ = points), so returns reverse them like earned points. */
  lines: { lineNo: number; points: number }[];
  discountKurus: number;
  gift: { sku: string; name: string; valueKurus: number } | null;
  drawEntries: number;
  explanation: string;
};

export type BudgetUnit = 'POINTS' | 'KURUS';
