// Tiers rank members by rolling 12-month qualifying spend (kuruş) or points; the caller sums the window.
//
// Evaluation:
//   - Qualifying for a higher tier upgrades at once; qualifying for the current tier keeps it and ends any grace.
//   - Falling below the current tier never downgrades under 'never'. Otherwise the tier is kept while it is
//     younger than minTenureDays; after that a grace period of graceDays starts (graceUntil is returned for
//     the caller to store), and when it has passed the member moves down: to the tier they now qualify for
//     ('requalify') or one rank down ('one_level', which can repeat at later evaluations, each with a new
//     tenure and grace). With graceDays 0 the downgrade happens at the first evaluation after tenure.
// Day lengths are 24 h of UTC time; Europe/Istanbul has had no daylight-saving shifts since 2016.

import type { EarningRule } from './earning-rules';
import { isDecimal } from './fraction';
import type { FieldError } from './receipt';

/** A tier. A tier with neither threshold is the entry tier everyone qualifies for. */
export type TierDefinition = {
  code: string;
  name: string;
  /** Higher rank = better tier; ranks are unique. */
  rank: number;
  /** Qualifies with rolling 12-month spend ≥ minSpend (kuruş) OR qualifying points ≥ minPoints. */
  minSpend?: number;
  minPoints?: number;
  /** Earning multiplier for members in this tier (1 = none); enters earning via tierMultiplierRules. */
  multiplier: number;
  benefits: readonly string[];
};

/** What happens when a member no longer qualifies for their tier. */
export type DowngradePolicy = 'never' | 'requalify' | 'one_level';

/** Input to evaluateTier. */
export type TierEvaluationInput = {
  tiers: readonly TierDefinition[];
  current: string;
  qualifyingSpend: number;
  qualifyingPoints: number;
  at: Date;
  currentSince: Date;
  graceUntil: Date | null;
  downgradePolicy: DowngradePolicy;
  /** Days a member keeps a tier after first failing to requalify; default 0. */
  graceDays?: number;
  /** Days a newly reached tier is kept regardless of qualification; default 0. */
  minTenureDays?: number;
};

/** Direction of a tier evaluation; 'reset' when the current tier no longer exists and the member is re-placed. */
export type TierChange = 'upgrade' | 'downgrade' | 'unchanged' | 'reset';

/** Why the evaluation came out as it did. */
export type TierReason =
  | 'qualified_higher'
  | 'requalified'
  | 'downgrade_never'
  | 'tenure_protected'
  | 'grace_started'
  | 'in_grace'
  | 'grace_expired'
  | 'not_qualified'
  | 'unknown_current';

/** The member's tier after evaluation and the grace deadline to store (null = no grace running). */
export type TierEvaluation = {
  tierCode: string;
  change: TierChange;
  reason: TierReason;
  graceUntil: Date | null;
};

/** Stable codes for tier-table validation failures. */
export type TierErrorCode =
  | 'empty'
  | 'required'
  | 'duplicate_code'
  | 'duplicate_rank'
  | 'not_integer'
  | 'out_of_range'
  | 'too_precise'
  | 'entry_tier'
  | 'not_monotonic';

const DAY_MS = 86_400_000;

/** Every problem with a tier table; usable tables have one entry tier at the lowest rank and rising thresholds. */
export function validateTiers(tiers: readonly TierDefinition[]): FieldError<TierErrorCode>[] {
  const errors: FieldError<TierErrorCode>[] = [];
  const fail = (path: string, code: TierErrorCode, message: string): void => {
    errors.push({ path, code, message });
  };
  if (tiers.length === 0) fail('tiers', 'empty', 'at least one tier is needed');
  const codes = new Set<string>();
  const ranks = new Set<number>();
  tiers.forEach((t, i) => {
    const at = `tiers.${i}`;
    if (t.code.trim() === '') fail(`${at}.code`, 'required', 'code is required');
    else if (codes.has(t.code)) fail(`${at}.code`, 'duplicate_code', `tier ${t.code} appears twice`);
    codes.add(t.code);
    if (t.name.trim() === '') fail(`${at}.name`, 'required', 'name is required');
    if (!Number.isSafeInteger(t.rank)) fail(`${at}.rank`, 'not_integer', 'must be a whole number');
    else if (ranks.has(t.rank)) fail(`${at}.rank`, 'duplicate_rank', `rank ${t.rank} appears twice`);
    ranks.add(t.rank);
    for (const key of ['minSpend', 'minPoints'] as const) {
      const v = t[key];
      if (v === undefined) continue;
      if (!Number.isSafeInteger(v)) fail(`${at}.${key}`, 'not_integer', 'must be a whole number');
      else if (v < 0) fail(`${at}.${key}`, 'out_of_range', 'must not be negative');
    }
    if (!isDecimal(t.multiplier)) fail(`${at}.multiplier`, 'too_precise', 'must have at most 4 decimals');
    else if (t.multiplier < 1) fail(`${at}.multiplier`, 'out_of_range', 'must be at least 1');
  });
  const sorted = [...tiers].sort((a, b) => a.rank - b.rank);
  const entries = tiers.filter(isEntryTier);
  if (tiers.length > 0 && (entries.length !== 1 || !sorted[0] || !isEntryTier(sorted[0]))) {
    fail('tiers', 'entry_tier', 'exactly one tier, the lowest rank, must have no thresholds');
  }
  for (let k = 1; k < sorted.length; k++) {
    const lo = sorted[k - 1];
    const hi = sorted[k];
    if (!lo || !hi) continue;
    for (const key of ['minSpend', 'minPoints'] as const) {
      const a = lo[key];
      const b = hi[key];
      if (a !== undefined && b !== undefined && b <= a) {
        fail(`tiers.${tiers.indexOf(hi)}.${key}`, 'not_monotonic', `must be above ${lo.code}'s ${key}`);
      }
    }
  }
  return errors;
}

function isEntryTier(t: TierDefinition): boolean {
  return t.minSpend === undefined && t.minPoints === undefined;
}

/** True when the member's qualifying spend or points reach the tier's threshold (always for the entry tier). */
export function qualifiesFor(tier: TierDefinition, qualifyingSpend: number, qualifyingPoints: number): boolean {
  if (isEntryTier(tier)) return true;
  return (
    (tier.minSpend !== undefined && qualifyingSpend >= tier.minSpend) ||
    (tier.minPoints !== undefined && qualifyingPoints >= tier.minPoints)
  );
}

/** The highest-ranked tier the member qualifies for (the lowest tier if none). Throws on an empty table. */
export function qualifiedTier(
  tiers: readonly TierDefinition[],
  qualifyingSpend: number,
  qualifyingPoints: number,
): TierDefinition {
  const sorted = [...tiers].sort((a, b) => b.rank - a.rank);
  const lowest = sorted[sorted.length - 1];
  if (!lowest) throw new RangeError('no tiers defined');
  return sorted.find((t) => qualifiesFor(t, qualifyingSpend, qualifyingPoints)) ?? lowest;
}

/** The member's tier after applying qualification, tenure, grace and the downgrade policy. */
export function evaluateTier(input: TierEvaluationInput): TierEvaluation {
  const { tiers, at } = input;
  const qualified = qualifiedTier(tiers, input.qualifyingSpend, input.qualifyingPoints);
  const current = tiers.find((t) => t.code === input.current);
  const result = (tier: TierDefinition, change: TierChange, reason: TierReason, graceUntil: Date | null) => ({
    tierCode: tier.code,
    change,
    reason,
    graceUntil,
  });
  if (!current) return result(qualified, 'reset', 'unknown_current', null);
  if (qualified.rank > current.rank) return result(qualified, 'upgrade', 'qualified_higher', null);
  if (qualified.rank === current.rank) return result(current, 'unchanged', 'requalified', null);

  if (input.downgradePolicy === 'never') return result(current, 'unchanged', 'downgrade_never', null);
  const tenureEnds = input.currentSince.getTime() + (input.minTenureDays ?? 0) * DAY_MS;
  if (at.getTime() < tenureEnds) return result(current, 'unchanged', 'tenure_protected', input.graceUntil);

  let reason: TierReason = 'grace_expired';
  if (input.graceUntil === null) {
    const graceDays = input.graceDays ?? 0;
    if (graceDays > 0) {
      return result(current, 'unchanged', 'grace_started', new Date(at.getTime() + graceDays * DAY_MS));
    }
    reason = 'not_qualified';
  } else if (at.getTime() < input.graceUntil.getTime()) {
    return result(current, 'unchanged', 'in_grace', input.graceUntil);
  }
  const below = [...tiers].filter((t) => t.rank < current.rank).sort((a, b) => b.rank - a.rank);
  const target = input.downgradePolicy === 'one_level' ? (below[0] ?? qualified) : qualified;
  return result(target, 'downgrade', reason, null);
}

/** How far a member is from the next tier up, by whichever metric is closer; null at the top tier. */
export type TierProgress = {
  tierCode: string;
  metric: 'spend' | 'points';
  remaining: number;
  /** 0–100, floored. */
  percent: number;
};

/** Progress towards the tier ranked just above `current` (by spend or points, whichever is further along). */
export function progressToNext(input: {
  tiers: readonly TierDefinition[];
  current: string;
  qualifyingSpend: number;
  qualifyingPoints: number;
}): TierProgress | null {
  const current = input.tiers.find((t) => t.code === input.current);
  if (!current) return null;
  const next = [...input.tiers].filter((t) => t.rank > current.rank).sort((a, b) => a.rank - b.rank)[0];
  if (!next) return null;
  const options: TierProgress[] = [];
  const add = (metric: 'spend' | 'points', threshold: number | undefined, value: number): void => {
    if (threshold === undefined) return;
    const remaining = Math.max(0, threshold - value);
    const percent = threshold === 0 ? 100 : Math.min(100, Math.floor((Math.max(0, value) * 100) / threshold));
    options.push({ tierCode: next.code, metric, remaining, percent });
  };
  add('spend', next.minSpend, input.qualifyingSpend);
  add('points', next.minPoints, input.qualifyingPoints);
  const best = options.sort((a, b) => b.percent - a.percent)[0];
  return best ?? null;
}

/** Earning rules that apply each tier's multiplier (tiers with multiplier 1 get none). */
export function tierMultiplierRules(tiers: readonly TierDefinition[]): EarningRule[] {
  return tiers
    .filter((t) => t.multiplier !== 1)
    .map((t) => ({
      id: `tier:${t.code}`,
      name: `${t.name} multiplier`,
      priority: 0,
      tierCodes: [t.code],
      effect: { kind: 'multiplier', multiplier: t.multiplier },
    }));
}
