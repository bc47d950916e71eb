import { z } from 'zod';

/** Program-wide points settings, editable by admins; every field has the documented default. */
export const ZProgramSettings = z.strictObject({
  /** Days earned points stay pending (the return window) before they can be spent. */
  pendingDays: z.number().int().min(0).max(90).default(14),
  /** Months until earned points expire. */
  expiryMonths: z.number().int().min(1).max(120).default(24),
  /** Members whose points expire within this many days are on the warning list. */
  expiryWarningDays: z.number().int().min(1).max(180).default(30),
  /** What a return does when the reversed points were already spent (see README "Returns"). */
  returnPolicy: z.enum(['pending_only', 'within_balance', 'allow_negative']).default('within_balance'),
  /** What happens to a tier when a member no longer qualifies (see README "Tiers"). */
  downgradePolicy: z.enum(['never', 'requalify', 'one_level']).default('one_level'),
  tierGraceDays: z.number().int().min(0).max(365).default(30),
  /** Minutes a POS redemption hold stays open before it is released automatically. */
  holdTtlMinutes: z.number().int().min(1).max(120).default(15),
  /** Value of one point as tender, in kuruş. */
  kurusPerPoint: z.number().int().min(1).max(1000).default(1),
  /** Manual adjustments of more points than this (either sign) need a second person's approval. */
  adjustmentApprovalThreshold: z.number().int().min(0).default(5000),
  /** Days idempotency records are kept: covers the POS offline window with margin. */
  idempotencyRetentionDays: z.number().int().min(7).max(365).default(30),
});
export type TProgramSettings = z.infer<typeof ZProgramSettings>;
export const ZProgramSettingsUpdate = ZProgramSettings.partial();
