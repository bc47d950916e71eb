import { z } from 'zod';

import { ZReceiptCampaignAward } from './campaigns.schema';
import { ZId, ZIsoDate, ZIsoDateTime } from './common.schema';
import { ZTierOutcome } from './tiers.schema';

// Money is integer kuruş. Shapes and ranges are checked here; whether the receipt adds up (lines = total =
// payments, discounts within price, points tender at the program rate, within the hold) is checked by the
// domain's validateReceipt and answered as RECEIPT_INVALID with the same field paths.

const MAX_KURUS = 2_000_000_000;

export const ZReceiptLineInput = z.strictObject({
  /** Unique within the receipt; returns refer to lines by it. */
  lineNo: z.number().int().min(1).max(9999),
  /** Need not be in the product catalogue: the category given here is what earning rules match. */
  sku: z.string().trim().min(1).max(64),
  category: z.string().trim().min(1).max(80),
  brand: z.string().trim().min(1).max(80).optional(),
  quantity: z.number().int().min(1).max(100_000),
  /** Price per unit; negative only on a reward/discount line (e.g. a coupon). */
  unitPrice: z.number().int().min(-MAX_KURUS).max(MAX_KURUS),
  lineDiscount: z.number().int().min(0).max(MAX_KURUS).default(0),
  /** A reward item or a discount line: never earns points. */
  isReward: z.boolean().optional(),
});
export type TReceiptLineInput = z.input<typeof ZReceiptLineInput>;

export const ZReceiptPaymentInput = z.discriminatedUnion('method', [
  z.strictObject({ method: z.enum(['cash', 'card']), amount: z.number().int().min(1).max(MAX_KURUS) }),
  z.strictObject({
    method: z.literal('points'),
    /** Kuruş value of the points: points × kurusPerPoint. */
    amount: z.number().int().min(1).max(MAX_KURUS),
    points: z.number().int().min(1).max(MAX_KURUS),
    /** The hold taken at quote time (`POST /api/v1/terminal/holds`); captured by this receipt. */
    holdId: ZId,
  }),
]);
export type TReceiptPaymentInput = z.input<typeof ZReceiptPaymentInput>;

export const ZReceiptStatus = z.enum(['FINAL', 'VOIDED']);

/** A receipt as the POS sends it; store and terminal come from the terminal's token. */
export const ZReceiptRequest = z.strictObject({
  /** The POS's own receipt number, unique per terminal. */
  externalRef: z.string().trim().min(1).max(64),
  occurredAt: ZIsoDateTime,
  cashierRef: z.string().trim().min(1).max(64).optional(),
  /** From identify; absent for an anonymous sale (kept for basket analysis, earns nothing). */
  memberId: ZId.optional(),
  lines: z.array(ZReceiptLineInput).min(1).max(500),
  total: z.number().int().min(0).max(MAX_KURUS),
  payments: z.array(ZReceiptPaymentInput).max(20),
  /** VOIDED: the sale was cancelled at the till; nothing is earned and any hold is released. */
  status: ZReceiptStatus.default('FINAL'),
});
export type TReceiptRequest = z.input<typeof ZReceiptRequest>;

/** One rule's share of the points: the per-rule breakdown sums exactly to pointsEarned. */
export const ZEarningBreakdownItem = z.object({
  /** An earning rule id, `tier:<code>` for the tier multiplier, or `campaign:<id>` for a campaign's points. */
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(['base', 'multiplier', 'bonus', 'exclude', 'campaign']),
  points: z.number().int(),
  /** Line numbers the rule touched. */
  lines: z.array(z.number().int()),
  /** True when the rule's own cap cut its contribution. */
  capped: z.boolean(),
});
export type TEarningBreakdownItem = z.infer<typeof ZEarningBreakdownItem>;

export const ZReceiptLinePoints = z.object({ lineNo: z.number().int(), points: z.number().int() });

/** A member's points after the operation. */
export const ZReceiptBalance = z.object({
  /** Posted balance: Σ of the member's ledger entries, pending points included. */
  points: z.number().int(),
  /** Spendable now: available lots, not pending, not expired, not held. */
  spendable: z.number().int(),
  /** Still inside the return window. */
  pending: z.number().int(),
  /** Reserved by open holds. */
  held: z.number().int(),
});
export type TReceiptBalance = z.infer<typeof ZReceiptBalance>;

export const ZReceiptBooked = z.object({
  receiptId: ZId,
  externalRef: z.string(),
  status: ZReceiptStatus,
  /** Null for anonymous sales (and sales of erased members, booked as anonymous). */
  memberId: ZId.nullable(),
  pointsEarned: z.number().int(),
  breakdown: z.array(ZEarningBreakdownItem),
  lines: z.array(ZReceiptLinePoints),
  /** When the earned points become spendable (end of the return window); null when nothing was earned. */
  pointsAvailableAt: ZIsoDateTime.nullable(),
  pointsRedeemed: z.number().int(),
  redeemedKurus: z.number().int(),
  balance: ZReceiptBalance.nullable(),
  tier: ZTierOutcome.nullable(),
  /** Campaigns applied (docs/campaigns.md): their points are in pointsEarned and the breakdown too. */
  campaigns: z.array(ZReceiptCampaignAward).default([]),
});
export type TReceiptBooked = z.infer<typeof ZReceiptBooked>;

export const ZReceiptSimulation = z.object({
  memberId: ZId.nullable(),
  pointsEarned: z.number().int(),
  breakdown: z.array(ZEarningBreakdownItem),
  lines: z.array(ZReceiptLinePoints),
  /** Points the receipt's points tender would spend. */
  pointsRedeemed: z.number().int(),
  /** Most points the member could spend on this basket now: min(spendable, total ÷ kurusPerPoint). */
  maxRedeemablePoints: z.number().int(),
  maxRedeemableKurus: z.number().int(),
  balance: ZReceiptBalance.nullable(),
  tierCode: z.string().nullable(),
  /** Campaigns that would apply; the POS applies discounts and gifts as reward lines. */
  campaigns: z.array(ZReceiptCampaignAward).default([]),
});
export type TReceiptSimulation = z.infer<typeof ZReceiptSimulation>;

export const ZReceiptDetail = z.object({
  id: ZId,
  storeId: ZId,
  terminalId: ZId,
  externalRef: z.string(),
  cashierRef: z.string().nullable(),
  memberId: ZId.nullable(),
  status: ZReceiptStatus,
  occurredAt: ZIsoDateTime,
  businessDate: ZIsoDate,
  total: z.number().int(),
  pointsEarned: z.number().int(),
  pointsRedeemed: z.number().int(),
  breakdown: z.array(ZEarningBreakdownItem),
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      sku: z.string(),
      category: z.string(),
      brand: z.string().nullable(),
      quantity: z.number().int(),
      unitPrice: z.number().int(),
      lineDiscount: z.number().int(),
      isReward: z.boolean(),
      net: z.number().int(),
      pointsEarned: z.number().int(),
      returnedQuantity: z.number().int(),
      pointsReversed: z.number().int(),
    }),
  ),
  payments: z.array(z.object({ method: z.string(), amount: z.number().int(), points: z.number().int().nullable() })),
  holds: z.array(z.object({ holdId: ZId, points: z.number().int(), capturedPoints: z.number().int().nullable(), status: z.string() })),
  createdAt: ZIsoDateTime,
});
export type TReceiptDetail = z.infer<typeof ZReceiptDetail>;

export const ZReceiptParams = z.strictObject({ receiptId: ZId });
