import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';

export const ZPointsEntryKind = z.enum(['EARN', 'REDEEM', 'REVERSE', 'REFUND', 'EXPIRE', 'ADJUST', 'TRANSFER', 'IMPORT']);

export const ZMemberPointsQuery = z.strictObject({
  /** History page size. */
  limit: z.coerce.number().int().min(1).max(200).default(20),
  /** `nextCursor` of the previous page. */
  cursor: z.string().regex(/^\d{1,19}$/, 'Use the nextCursor of the previous page').optional(),
});

export const ZPointsHistoryEntry = z.object({
  id: z.string(),
  kind: ZPointsEntryKind,
  /** Signed change to the balance. */
  points: z.number().int(),
  at: ZIsoDateTime,
  /** The receipt behind the entry; always null on the kiosk (no purchase details on public screens). */
  receiptId: ZId.nullable(),
});

export const ZMemberTierProgress = z.object({
  tierCode: z.string(),
  tierName: z.string(),
  metric: z.enum(['spend', 'points']),
  /** Kuruş (spend) or points still needed. */
  remaining: z.number().int(),
  percent: z.number().int().min(0).max(100),
});

/** A member's points: the numbers a console agent or the member at a kiosk sees. */
export const ZMemberPoints = z.object({
  memberId: ZId,
  asOf: ZIsoDateTime,
  /** Σ of the member's ledger entries, pending points included; negative = debt from a return. */
  balance: z.number().int(),
  /** What can be redeemed now: available lots, not held, never below 0. */
  spendable: z.number().int(),
  /** Earned points still inside the return window. */
  pending: z.number().int(),
  /** Points reserved by open POS holds. */
  held: z.number().int(),
  /** Points a return took below zero; the next points earned repay it first. */
  debt: z.number().int(),
  expiringSoon: z.object({
    /** Points expiring within `withinDays` days. */
    points: z.number().int(),
    /** Earliest expiry among them; null when nothing expires in the window. */
    earliestAt: ZIsoDateTime.nullable(),
    withinDays: z.number().int(),
  }),
  tier: z.object({
    code: z.string(),
    name: z.string(),
    since: ZIsoDateTime,
    graceUntil: ZIsoDateTime.nullable(),
    /** Progress to the next tier up; null at the top tier. */
    next: ZMemberTierProgress.nullable(),
  }),
  history: z.object({
    items: z.array(ZPointsHistoryEntry),
    nextCursor: z.string().nullable(),
  }),
});
export type TMemberPoints = z.infer<typeof ZMemberPoints>;

export const ZExpiringPointsQuery = z.strictObject({
  /** Window in days; the program's expiryWarningDays when omitted. */
  days: z.coerce.number().int().min(1).max(365).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** `nextCursor` of the previous page (a member id). */
  cursor: ZId.optional(),
});

export const ZExpiringPointsItem = z.object({
  memberId: ZId,
  firstName: z.string(),
  /** Open points expiring within the window. */
  points: z.number().int(),
  earliestExpiresAt: ZIsoDateTime,
});

/** Members whose points expire soon (a membership notice, not a commercial message). */
export const ZExpiringPointsReport = z.object({
  asOf: ZIsoDateTime,
  days: z.number().int(),
  items: z.array(ZExpiringPointsItem),
  nextCursor: ZId.nullable(),
});
export type TExpiringPointsReport = z.infer<typeof ZExpiringPointsReport>;
