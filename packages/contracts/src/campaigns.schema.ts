import { CAMPAIGN_TYPES } from '@kulup/domain/campaign-types';
import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';
import { exportFormatQuery } from './exports.schema';

// Campaigns (issue 6). Money is integer kuruş, points are integers. A campaign is one of ten types, each with
// its own `params`; the domain (packages/domain/src/campaigns) evaluates them and docs/campaigns.md explains
// the stacking, budget and control-group rules.

const MAX_KURUS = 2_000_000_000;
const MAX_POINTS = 10_000_000;

const ZCode = z.string().trim().min(1).max(80);
const ZKurus = z.number().int().min(1).max(MAX_KURUS);
const ZPoints = z.number().int().min(1).max(MAX_POINTS);
const twoDecimals = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-9;

/** Which basket lines a campaign touches: each given list must contain the line's value (lists AND, values OR). */
export const ZCampaignLineMatch = z
  .strictObject({
    categories: z.array(ZCode).min(1).max(100).optional(),
    brands: z.array(ZCode).min(1).max(100).optional(),
    skus: z.array(ZCode).min(1).max(1000).optional(),
  })
  .refine((m) => m.categories !== undefined || m.brands !== undefined || m.skus !== undefined, 'Name at least one category, brand or SKU');

const ZMultiplierParams = z.strictObject({
  multiplier: z.number().min(1.01).max(10).refine(twoDecimals, 'At most two decimals'),
  match: ZCampaignLineMatch.optional(),
});
const ZBonusParams = z.strictObject({
  points: ZPoints,
  per: z.enum(['receipt', 'unit']),
  match: ZCampaignLineMatch,
  minQuantity: z.number().int().min(1).max(1000).optional(),
});
const ZThresholdParams = z.strictObject({ minBasketKurus: ZKurus, points: ZPoints });
const ZCouponParams = z
  .strictObject({
    percent: z.number().int().min(1).max(100).optional(),
    amountKurus: ZKurus.optional(),
    maxDiscountKurus: ZKurus.optional(),
    minBasketKurus: ZKurus.optional(),
    match: ZCampaignLineMatch.optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.percent === undefined) === (p.amountKurus === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'Give exactly one of percent or amountKurus' });
    }
    if (p.maxDiscountKurus !== undefined && p.percent === undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxDiscountKurus'], message: 'Only a percentage coupon has a maximum' });
    }
  });
const ZGiftParams = z.strictObject({
  giftSku: ZCode,
  giftName: z.string().trim().min(1).max(120),
  giftValueKurus: ZKurus,
  minBasketKurus: ZKurus.optional(),
  match: ZCampaignLineMatch.optional(),
});
const ZCrossSellParams = z.strictObject({ trigger: ZCampaignLineMatch, target: ZCampaignLineMatch, points: ZPoints });
const ZBirthdayParams = z.strictObject({ points: ZPoints, windowDays: z.number().int().min(0).max(31) });
const ZWinBackParams = z.strictObject({
  minDaysSinceLastVisit: z.number().int().min(1).max(3650),
  points: ZPoints,
  minBasketKurus: ZKurus.optional(),
});
const ZTierUpgradeParams = z.strictObject({
  tierCodes: z.array(ZCode).min(1).max(20),
  points: ZPoints,
  minBasketKurus: ZKurus.optional(),
});
const ZDrawParams = z.strictObject({
  drawName: z.string().trim().min(1).max(120),
  kurusPerEntry: ZKurus,
  maxEntries: z.number().int().min(1).max(10_000).optional(),
});

export const ZCampaignType = z.enum(CAMPAIGN_TYPES);
export type TCampaignType = z.infer<typeof ZCampaignType>;
export const ZCampaignStatus = z.enum(['DRAFT', 'SCHEDULED', 'ACTIVE', 'PAUSED', 'ENDED']);
export type TCampaignStatus = z.infer<typeof ZCampaignStatus>;
export const ZCampaignChannel = z.enum(['POS', 'KIOSK', 'SMS', 'EMAIL']);
export const ZBudgetUnit = z.enum(['POINTS', 'KURUS']);

/** How the campaign appears as a personal offer at the kiosk and the POS. */
export const ZCampaignOfferText = z.strictObject({
  titleTr: z.string().trim().min(1).max(120),
  titleEn: z.string().trim().min(1).max(120).optional(),
  descriptionTr: z.string().trim().min(1).max(500).optional(),
  descriptionEn: z.string().trim().min(1).max(500).optional(),
});

const ZCommon = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000).optional(),
  /** Higher wins ties in stacking and ranks personal offers (0–100 recommended). */
  priority: z.number().int().min(-1000).max(1000).default(0),
  startsAt: ZIsoDateTime,
  endsAt: ZIsoDateTime,
  /** Stores where it applies; empty means every store. */
  storeIds: z.array(ZId).max(1000).default([]),
  channels: z.array(ZCampaignChannel).min(1).max(4),
  /** The audience; null or absent targets every member. */
  segmentId: ZId.nullable().default(null),
  /** Share of the audience (0–50 %, two decimals) held out as a control group that gets nothing. */
  controlPct: z.number().min(0).max(50).refine(twoDecimals, 'At most two decimals').default(0),
  budgetUnit: ZBudgetUnit.default('POINTS'),
  /** Never exceeded, even under concurrent receipts; null means no cap. */
  budgetCap: z.number().int().min(1).max(MAX_KURUS).nullable().default(null),
  /** The member must first activate the campaign's personal offer (kiosk or POS). */
  requiresActivation: z.boolean().default(false),
  maxAwardsPerMember: z.number().int().min(1).max(10_000).optional(),
  offer: ZCampaignOfferText.optional(),
});

const variant = <T extends z.infer<typeof ZCampaignType>, P extends z.ZodType>(type: T, params: P) =>
  ZCommon.extend({ type: z.literal(type), params });

/** A campaign definition: the common fields plus the type's own `params`. */
export const ZCampaignRequest = z
  .discriminatedUnion('type', [
    variant('POINTS_MULTIPLIER', ZMultiplierParams),
    variant('BONUS_POINTS', ZBonusParams),
    variant('BASKET_THRESHOLD', ZThresholdParams),
    variant('DISCOUNT_COUPON', ZCouponParams),
    variant('FREE_GIFT', ZGiftParams),
    variant('CROSS_SELL', ZCrossSellParams),
    variant('BIRTHDAY', ZBirthdayParams),
    variant('WIN_BACK', ZWinBackParams),
    variant('TIER_UPGRADE', ZTierUpgradeParams),
    variant('DRAW_ENTRIES', ZDrawParams),
  ])
  .superRefine((c, ctx) => {
    if (Date.parse(c.endsAt) <= Date.parse(c.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
    if (c.requiresActivation && !c.offer) ctx.addIssue({ code: 'custom', path: ['offer'], message: 'A campaign that needs activation needs offer texts' });
    if (new Set(c.channels).size !== c.channels.length) ctx.addIssue({ code: 'custom', path: ['channels'], message: 'Channels must not repeat' });
  });
export type TCampaignRequest = z.input<typeof ZCampaignRequest>;
export type TCampaignDefinition = z.output<typeof ZCampaignRequest>;

/** A campaign with its lifecycle and budget state. */
export const ZCampaign = z.object({
  id: ZId,
  name: z.string(),
  description: z.string().nullable(),
  type: ZCampaignType,
  params: z.record(z.string(), z.unknown()),
  status: ZCampaignStatus,
  /** Statuses this campaign may move to now. */
  nextStatuses: z.array(ZCampaignStatus),
  priority: z.number().int(),
  startsAt: ZIsoDateTime,
  endsAt: ZIsoDateTime,
  storeIds: z.array(ZId),
  channels: z.array(ZCampaignChannel),
  segmentId: ZId.nullable(),
  controlPct: z.number(),
  budgetUnit: ZBudgetUnit,
  budgetCap: z.number().int().nullable(),
  budgetUsed: z.number().int(),
  requiresActivation: z.boolean(),
  maxAwardsPerMember: z.number().int().nullable(),
  offer: ZCampaignOfferText.nullable(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type TCampaign = z.infer<typeof ZCampaign>;
export const ZCampaignList = z.object({ items: z.array(ZCampaign) });
export type TCampaignList = z.infer<typeof ZCampaignList>;

export const ZCampaignListQuery = z.strictObject({ status: ZCampaignStatus.optional() });
export const ZCampaignParams = z.strictObject({ campaignId: ZId });
/** Exports: the campaign list (same filter as the list) and one campaign's evaluation, as CSV or XLSX. */
export const ZCampaignListExportQuery = ZCampaignListQuery.extend(exportFormatQuery);
export const ZCampaignEvaluationExportQuery = z.strictObject(exportFormatQuery);
export const ZCampaignTransitionRequest = z.strictObject({ to: ZCampaignStatus });

export const ZCampaignForecastQuery = z.strictObject({
  /** How many days of past receipts to replay (the "last period"). */
  days: z.coerce.number().int().min(1).max(366).default(30),
});
export const ZCampaignForecast = z.object({
  from: ZIsoDateTime,
  to: ZIsoDateTime,
  receipts: z.number().int(),
  matchedReceipts: z.number().int(),
  /** Distinct audience members (control group excluded) who would have been awarded. */
  reach: z.number().int(),
  audienceSize: z.number().int(),
  points: z.number().int(),
  discountKurus: z.number().int(),
  giftKurus: z.number().int(),
  drawEntries: z.number().int(),
  /** Cost in the campaign's budget unit, and the points liability plus discounts and gifts in kuruş. */
  cost: z.number().int(),
  costKurus: z.number().int(),
  budgetUnit: ZBudgetUnit,
});
export type TCampaignForecast = z.infer<typeof ZCampaignForecast>;

export const ZCampaignEvaluation = z.object({
  campaignId: ZId,
  from: ZIsoDateTime,
  to: ZIsoDateTime,
  /** Distinct members awarded. */
  reach: z.number().int(),
  awards: z.number().int(),
  points: z.number().int(),
  discountKurus: z.number().int(),
  giftKurus: z.number().int(),
  drawEntries: z.number().int(),
  budgetUsed: z.number().int(),
  costKurus: z.number().int(),
  offers: z.object({ issued: z.number().int(), seen: z.number().int(), activated: z.number().int(), redeemed: z.number().int(), expired: z.number().int() }),
  /** Spend per audience member in the campaign window, treatment versus control (Welch 95% interval). */
  uplift: z.object({
    treatmentMembers: z.number().int(),
    controlMembers: z.number().int(),
    meanSpendTreatmentKurus: z.number(),
    meanSpendControlKurus: z.number(),
    incrementalSpendPerMemberKurus: z.number(),
    ciLowKurus: z.number().nullable(),
    ciHighKurus: z.number().nullable(),
    incrementalSpendKurus: z.number(),
  }),
  /** (incremental spend − cost) ÷ cost; null when the campaign cost nothing. */
  roi: z.number().nullable(),
});
export type TCampaignEvaluation = z.infer<typeof ZCampaignEvaluation>;

/** One campaign's award on a receipt (booked or simulated). */
export const ZReceiptCampaignAward = z.object({
  campaignId: ZId,
  campaignName: z.string(),
  type: ZCampaignType,
  points: z.number().int(),
  discountKurus: z.number().int(),
  gift: z.object({ sku: z.string(), name: z.string(), valueKurus: z.number().int() }).nullable(),
  drawEntries: z.number().int(),
  explanation: z.string(),
});
export type TReceiptCampaignAward = z.infer<typeof ZReceiptCampaignAward>;

export const ZMemberCampaignOffersParams = z.strictObject({ memberId: ZId });
export const ZIssuedCampaignOffers = z.object({
  /** Offers issued now (already open offers of the same campaigns are kept, not duplicated). */
  issued: z.array(z.object({ offerId: ZId, campaignId: ZId, rank: z.number().int(), score: z.number() })),
  /** Whether the ranking used purchase history (needs the member's profiling consent). */
  personalised: z.boolean(),
});
export type TIssuedCampaignOffers = z.infer<typeof ZIssuedCampaignOffers>;

/** One set-wise run of offer generation: the eligible members of every active offer campaign at once. */
export const ZCampaignOfferGeneration = z.object({
  generatedAt: ZIsoDateTime,
  /** Members looked at (every member not erased). */
  members: z.number().int(),
  /** Members whose offers were ranked by purchase history (profiling consent) in this run. */
  personalisedMembers: z.number().int(),
  /** Offers issued now; offers already open are kept, not duplicated. */
  issued: z.number().int(),
  /** Every campaign that issues offers, with the offers it issued now. */
  campaigns: z.array(z.object({ campaignId: ZId, issued: z.number().int() })),
});
export type TCampaignOfferGeneration = z.infer<typeof ZCampaignOfferGeneration>;

/** A campaign message to the audience; `{{firstName}}` is required (no blanket messages), the opt-out is added. */
export const ZCampaignMessageRequest = z
  .strictObject({
    channel: z.enum(['SMS', 'EMAIL']),
    subject: z.string().trim().min(1).max(150).optional(),
    text: z.string().trim().min(1).max(1000).refine((t) => t.includes('{{firstName}}'), 'Greet the member with {{firstName}}'),
  })
  .superRefine((m, ctx) => {
    if (m.channel === 'EMAIL' && !m.subject) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'An e-mail needs a subject' });
    if (m.channel === 'SMS' && m.subject) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'An SMS has no subject' });
    if (m.channel === 'SMS' && m.text.length > 480) ctx.addIssue({ code: 'custom', path: ['text'], message: 'At most 480 characters for an SMS' });
  });
export type TCampaignMessageRequest = z.input<typeof ZCampaignMessageRequest>;

export const ZCampaignMessageQueued = z.object({
  batchId: ZId,
  queued: z.number().int(),
  skipped: z.object({ noConsent: z.number().int(), noAddress: z.number().int(), frequencyCap: z.number().int() }),
  /** Control-group members get no message and no row. */
  controlGroup: z.number().int(),
});
export type TCampaignMessageQueued = z.infer<typeof ZCampaignMessageQueued>;

/** What sending the message now would do, without queueing anything: the console's confirmation step. */
export const ZCampaignMessagePreview = z.object({
  /** Members who would get the message: permission for the channel, an address, under the frequency cap. */
  recipients: z.number().int(),
  skipped: z.object({ noConsent: z.number().int(), noAddress: z.number().int(), frequencyCap: z.number().int() }),
  controlGroup: z.number().int(),
  /** At most `messages` campaign messages per member and channel in `days` days. */
  frequencyCap: z.object({ messages: z.number().int(), days: z.number().int() }),
  /** The message as the first recipient would get it (their first name, the opt-out line); null without recipients. */
  example: z.object({ firstName: z.string(), text: z.string() }).nullable(),
});
export type TCampaignMessagePreview = z.infer<typeof ZCampaignMessagePreview>;

/** Delivery status of a campaign's messages. */
export const ZCampaignMessageStats = z.object({
  items: z.array(
    z.object({ channel: z.enum(['SMS', 'EMAIL']), status: z.enum(['QUEUED', 'SENT', 'FAILED', 'SKIPPED']), reason: z.string().nullable(), count: z.number().int() }),
  ),
});
export type TCampaignMessageStats = z.infer<typeof ZCampaignMessageStats>;

/** A member's open personal offers as the POS shows them (reading does not mark them seen). */
export const ZPosMemberOffers = z.object({
  items: z.array(
    z.object({
      id: ZId,
      campaignId: z.string().nullable(),
      title: z.object({ tr: z.string(), en: z.string().nullable() }),
      status: z.enum(['ISSUED', 'SEEN', 'ACTIVATED']),
      validTo: ZIsoDateTime,
    }),
  ),
});
export type TPosMemberOffers = z.infer<typeof ZPosMemberOffers>;
