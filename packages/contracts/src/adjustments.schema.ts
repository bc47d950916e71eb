import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';

export const ZAdjustmentStatus = z.enum(['PENDING', 'APPLIED', 'REJECTED']);

/** A manual points correction by a service agent or admin. */
export const ZAdjustmentRequest = z.strictObject({
  /** Signed: positive credits a new lot, negative takes available points FIFO. */
  points: z
    .number()
    .int()
    .min(-10_000_000)
    .max(10_000_000)
    .refine((p) => p !== 0, 'Must not be zero'),
  /** Why: recorded in the audit log and shown to the approver. */
  reason: z.string().trim().min(3).max(500),
});
export type TAdjustmentRequest = z.input<typeof ZAdjustmentRequest>;

export const ZAdjustment = z.object({
  id: ZId,
  memberId: ZId,
  points: z.number().int(),
  reason: z.string(),
  status: ZAdjustmentStatus,
  requestedById: ZId,
  decidedById: ZId.nullable(),
  createdAt: ZIsoDateTime,
  decidedAt: ZIsoDateTime.nullable(),
});
export type TAdjustment = z.infer<typeof ZAdjustment>;

export const ZAdjustmentListQuery = z.strictObject({
  status: ZAdjustmentStatus.optional(),
  memberId: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZAdjustmentList = z.object({ items: z.array(ZAdjustment) });
