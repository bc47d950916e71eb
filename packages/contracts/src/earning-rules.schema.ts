import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';

// The shapes mirror the domain's EarningRule/EarningEffect; decimal precision, ranges and window order are
// checked by the domain's validateEarningRules so the console and the server report the same field paths.

const ZMatchValues = z.array(z.string().trim().min(1).max(80)).min(1).max(500);

/** Which receipt lines a rule touches: every given list must contain the line's value. */
export const ZLineMatch = z.strictObject({
  categories: ZMatchValues.optional(),
  brands: ZMatchValues.optional(),
  skus: ZMatchValues.optional(),
});
export type TLineMatch = z.infer<typeof ZLineMatch>;

/** What a rule does (stacking order: exclude → one base → multipliers → bonuses → caps). */
export const ZEarningEffect = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('base'), pointsPerTry: z.number().min(0).max(1000) }),
  z.strictObject({ kind: z.literal('multiplier'), multiplier: z.number().min(1).max(100), match: ZLineMatch.optional() }),
  z.strictObject({
    kind: z.literal('bonus'),
    points: z.number().int().min(1).max(1_000_000),
    per: z.enum(['receipt', 'unit']),
    match: ZLineMatch.optional(),
  }),
  z.strictObject({ kind: z.literal('exclude'), match: ZLineMatch }),
]);
export type TEarningEffect = z.infer<typeof ZEarningEffect>;

const ZCount = z.number().int().min(0).max(1_000_000_000);

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  /** Higher wins among base rules and is credited first among multipliers. */
  priority: z.number().int().min(-1000).max(1000),
  effect: ZEarningEffect,
  validFrom: ZIsoDateTime.nullable(),
  validTo: ZIsoDateTime.nullable(),
  /** Stores the rule applies in; null = every store. */
  storeIds: z.array(ZId).min(1).max(1000).nullable(),
  /** Tiers the rule applies to; null = every tier. */
  tierCodes: z.array(z.string().min(1).max(40)).min(1).max(50).nullable(),
  /** Minimum eligible basket in kuruş. */
  minBasket: ZCount.nullable(),
  maxPerReceipt: ZCount.nullable(),
  maxPerDay: ZCount.nullable(),
  /** Inactive rules are kept for history but never applied. */
  active: z.boolean(),
};

export const ZEarningRuleCreateRequest = z.strictObject({
  name: ruleFields.name,
  priority: ruleFields.priority.default(0),
  effect: ruleFields.effect,
  validFrom: ruleFields.validFrom.optional(),
  validTo: ruleFields.validTo.optional(),
  storeIds: ruleFields.storeIds.optional(),
  tierCodes: ruleFields.tierCodes.optional(),
  minBasket: ruleFields.minBasket.optional(),
  maxPerReceipt: ruleFields.maxPerReceipt.optional(),
  maxPerDay: ruleFields.maxPerDay.optional(),
  active: ruleFields.active.default(true),
});
export type TEarningRuleCreateRequest = z.input<typeof ZEarningRuleCreateRequest>;

/** Partial update; `null` clears an optional condition. */
export const ZEarningRuleUpdateRequest = z
  .strictObject({
    name: ruleFields.name.optional(),
    priority: ruleFields.priority.optional(),
    effect: ruleFields.effect.optional(),
    validFrom: ruleFields.validFrom.optional(),
    validTo: ruleFields.validTo.optional(),
    storeIds: ruleFields.storeIds.optional(),
    tierCodes: ruleFields.tierCodes.optional(),
    minBasket: ruleFields.minBasket.optional(),
    maxPerReceipt: ruleFields.maxPerReceipt.optional(),
    maxPerDay: ruleFields.maxPerDay.optional(),
    active: ruleFields.active.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export type TEarningRuleUpdateRequest = z.input<typeof ZEarningRuleUpdateRequest>;

export const ZEarningRule = z.object({
  id: ZId,
  ...ruleFields,
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type TEarningRule = z.infer<typeof ZEarningRule>;

export const ZEarningRuleList = z.object({ items: z.array(ZEarningRule) });
export type TEarningRuleList = z.infer<typeof ZEarningRuleList>;
