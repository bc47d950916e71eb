import type { TEarningEffect, TEarningRule } from '@kulup/contracts';
import type { EarningEffect, EarningRule } from '@kulup/domain';

import type { Prisma, EarningRule as EarningRuleRow } from '../../generated/prisma/client';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
// An empty list in the database means "no restriction", as null does in the API and undefined in the domain.
const listOrNull = (xs: string[]) => (xs.length > 0 ? xs : null);

/** A stored rule as the API shows it. */
export function toEarningRule(row: EarningRuleRow): TEarningRule {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    effect: row.effect as TEarningEffect,
    validFrom: iso(row.validFrom),
    validTo: iso(row.validTo),
    storeIds: listOrNull(row.storeIds),
    tierCodes: listOrNull(row.tierCodes),
    minBasket: row.minBasket,
    maxPerReceipt: row.maxPerReceipt,
    maxPerDay: row.maxPerDay,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The API fields of a rule, before it has an id (create and update both validate this shape). */
export type EarningRuleFields = Omit<TEarningRule, 'id' | 'createdAt' | 'updatedAt'>;

/** A rule in the domain's shape, for validation and earning. */
export function toDomainRule(id: string, r: EarningRuleFields): EarningRule {
  return {
    id,
    name: r.name,
    priority: r.priority,
    effect: r.effect as EarningEffect,
    validFrom: r.validFrom ? new Date(r.validFrom) : undefined,
    validTo: r.validTo ? new Date(r.validTo) : undefined,
    storeIds: r.storeIds ?? undefined,
    tierCodes: r.tierCodes ?? undefined,
    minBasket: r.minBasket ?? undefined,
    maxPerReceipt: r.maxPerReceipt ?? undefined,
    maxPerDay: r.maxPerDay ?? undefined,
  };
}

/** The columns for validated rule fields. */
export function toEarningRuleRow(r: EarningRuleFields): Omit<Prisma.EarningRuleUncheckedCreateInput, 'id'> {
  return {
    name: r.name,
    priority: r.priority,
    effect: r.effect as Prisma.InputJsonValue,
    validFrom: r.validFrom ? new Date(r.validFrom) : null,
    validTo: r.validTo ? new Date(r.validTo) : null,
    storeIds: r.storeIds ?? [],
    tierCodes: r.tierCodes ?? [],
    minBasket: r.minBasket,
    maxPerReceipt: r.maxPerReceipt,
    maxPerDay: r.maxPerDay,
    active: r.active,
  };
}
