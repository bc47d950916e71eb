import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';

/** Quote time at the POS: reserve points for a sale; capture them with the receipt's points tender. */
export const ZHoldRequest = z.strictObject({
  memberId: ZId,
  points: z.number().int().min(1).max(100_000_000),
});
export type THoldRequest = z.infer<typeof ZHoldRequest>;

export const ZHoldStatus = z.enum(['OPEN', 'CAPTURED', 'RELEASED']);

export const ZHold = z.object({
  holdId: ZId,
  memberId: ZId,
  status: ZHoldStatus,
  points: z.number().int(),
  /** What the held points are worth as tender: points × kurusPerPoint. */
  valueKurus: z.number().int(),
  /** Points taken by the receipt that captured the hold (null until then). */
  capturedPoints: z.number().int().nullable(),
  receiptId: ZId.nullable(),
  /** After this moment the hold cannot be captured; the release job gives the points back. */
  expiresAt: ZIsoDateTime,
  /** The member's spendable points after this operation (not held, not pending, not expired). */
  spendableAfter: z.number().int(),
});
export type THold = z.infer<typeof ZHold>;

export const ZHoldParams = z.strictObject({ holdId: ZId });
