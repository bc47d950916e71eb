import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';

/**
 * One rung of the tier ladder. A member qualifies with rolling 12-month spend ≥ minSpend (kuruş) OR earned
 * points ≥ minPoints; the one tier with neither threshold is the entry tier. Ranks, codes, rising thresholds
 * and multiplier precision are checked by the domain's validateTiers.
 */
export const ZTier = z.strictObject({
  code: z.string().trim().min(1).max(40).regex(/^[A-Z0-9_]+$/, 'Use upper-case letters, digits and _'),
  name: z.string().trim().min(1).max(60),
  rank: z.number().int().min(0).max(1000),
  minSpend: z.number().int().min(0).max(2_000_000_000).nullable().default(null),
  minPoints: z.number().int().min(0).max(2_000_000_000).nullable().default(null),
  /** Earning multiplier for members in the tier (1 = none), at most 4 decimals. */
  multiplier: z.number().min(1).max(100).default(1),
  /** Privileges shown to members and staff, one short text each. */
  benefits: z
    .array(z.string().trim().min(1).max(200).refine((s) => !/[\r\n]/.test(s), 'One line per benefit'))
    .max(20)
    .default([]),
});
export type TTier = z.infer<typeof ZTier>;

/** Replaces the whole ladder at once, so thresholds can be checked against each other. */
export const ZTierLadderRequest = z.strictObject({ tiers: z.array(ZTier).min(1).max(20) });
export type TTierLadderRequest = z.input<typeof ZTierLadderRequest>;

export const ZTierLadder = z.object({
  tiers: z.array(ZTier.extend({ updatedAt: ZIsoDateTime })),
});
export type TTierLadder = z.infer<typeof ZTierLadder>;

/** How a tier evaluation came out; `previousCode` is set when the tier changed. */
export const ZTierOutcome = z.object({
  code: z.string(),
  previousCode: z.string().nullable(),
  change: z.enum(['upgrade', 'downgrade', 'unchanged', 'reset']),
  /** Set while the member is kept in a tier they no longer qualify for. */
  graceUntil: ZIsoDateTime.nullable(),
});
export type TTierOutcome = z.infer<typeof ZTierOutcome>;

/** One change of a member's tier: when, from which tier to which (names as the ladder has them now) and why. */
export const ZTierHistoryEntry = z.object({
  at: ZIsoDateTime,
  /** Null for the first placement (a new or imported member). */
  fromCode: z.string().nullable(),
  /** The tier's current name; null when the code is no longer on the ladder. */
  fromName: z.string().nullable(),
  toCode: z.string(),
  toName: z.string().nullable(),
  /** The evaluation's reason (`qualified_higher`, `grace_expired`, `not_qualified`, …) or `import`. */
  reason: z.string(),
});
export type TTierHistoryEntry = z.infer<typeof ZTierHistoryEntry>;

export const ZTierHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A member's tier changes, newest first, at most `limit`; `more` says older ones were left out. */
export const ZTierHistory = z.object({
  memberId: ZId,
  items: z.array(ZTierHistoryEntry),
  more: z.boolean(),
});
export type TTierHistory = z.infer<typeof ZTierHistory>;
