import { z } from 'zod';

import { ZId } from './common.schema';

/** Units of one original receipt line being returned. */
export const ZReturnLineRequest = z.strictObject({
  lineNo: z.number().int().min(1).max(100_000),
  quantity: z.number().int().min(1).max(1_000_000),
});

/** A full or partial return against an original receipt, sent by a POS (idempotent). */
export const ZReturnRequest = z.strictObject({
  originalReceiptId: ZId,
  /** The POS's own return document number, unique per terminal. */
  externalRef: z.string().trim().min(1).max(64),
  lines: z.array(ZReturnLineRequest).min(1).max(500),
  /**
   * Value of the goods returned, in kuruş. When omitted it is the returned lines' share of their net amounts.
   * Points paid as tender are refunded in proportion to this value.
   */
  refundKurus: z.number().int().min(0).max(2_000_000_000).optional(),
});
export type TReturnRequest = z.input<typeof ZReturnRequest>;

export const ZReturnLineResult = z.object({
  lineNo: z.number().int(),
  quantity: z.number().int(),
  /** Earned points these units account for (taken back, or waived by the return policy). */
  points: z.number().int(),
});

export const ZReturnResponse = z.object({
  returnId: ZId,
  receiptId: ZId,
  memberId: ZId.nullable(),
  lines: z.array(ZReturnLineResult),
  refundKurus: z.number().int(),
  /** Points taken back from the member (from lots, or as a negative balance under 'allow_negative'). */
  pointsReversed: z.number().int(),
  /** Points the return policy did not take back. */
  pointsWaived: z.number().int(),
  /** Points paid as tender that came back to the member as a new, immediately spendable lot. */
  pointsRefunded: z.number().int(),
  /** Kuruş value of the refunded points; the rest of refundKurus is paid back in money. */
  pointsRefundValueKurus: z.number().int(),
  /** The member's balance after the return (negative = debt repaid by the next points), null without a member. */
  balance: z.number().int().nullable(),
});
export type TReturnResponse = z.infer<typeof ZReturnResponse>;
