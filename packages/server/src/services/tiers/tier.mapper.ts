import type { TTier } from '@kulup/contracts';
import type { TierDefinition } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { Tier } from '../../generated/prisma/client';
import type { Tx } from '../context';

// Multipliers are stored in basis points (10000 = ×1): exactly the domain's 4-decimal precision, as an integer.
const BP = 10_000;

// Benefits are one line each in a text column, so a seed or SQL console can write them without JSON.
const splitBenefits = (text: string): string[] =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** A stored tier in the domain's shape. */
export function toTierDefinition(row: Tier): TierDefinition {
  return {
    code: row.code,
    name: row.name,
    rank: row.rank,
    minSpend: row.minSpendKurus ?? undefined,
    minPoints: row.minPoints ?? undefined,
    multiplier: row.multiplierBp / BP,
    benefits: splitBenefits(row.benefits),
  };
}

/** A stored tier as the API shows it. */
export function toTier(row: Tier): TTier & { updatedAt: string } {
  return {
    code: row.code,
    name: row.name,
    rank: row.rank,
    minSpend: row.minSpendKurus,
    minPoints: row.minPoints,
    multiplier: row.multiplierBp / BP,
    benefits: splitBenefits(row.benefits),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The columns for an API tier (already validated by the domain). */
export function toTierRow(tier: TTier): Omit<Tier, 'updatedAt'> {
  return {
    code: tier.code,
    name: tier.name,
    rank: tier.rank,
    minSpendKurus: tier.minSpend,
    minPoints: tier.minPoints,
    multiplierBp: Math.round(tier.multiplier * BP),
    benefits: tier.benefits.join('\n'),
  };
}

/** The tier ladder in force, lowest rank first, in the domain's shape. */
export async function loadTierDefinitions(db: Db | Tx): Promise<TierDefinition[]> {
  return (await db.tier.findMany({ orderBy: { rank: 'asc' } })).map(toTierDefinition);
}
