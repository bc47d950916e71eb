import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { type DowngradePolicy, type TierDefinition, evaluateTier, progressToNext, qualifiedTier, validateTiers } from './tiers';

const TIERS: TierDefinition[] = [
  { code: 'CLASSIC', name: 'Classic', rank: 0, multiplier: 1, benefits: [] },
  { code: 'SILVER', name: 'Silver', rank: 1, minSpend: 500_000, minPoints: 5_000, multiplier: 1.25, benefits: ['Ücretsiz teslimat'] },
  { code: 'GOLD', name: 'Gold', rank: 2, minSpend: 2_000_000, minPoints: 20_000, multiplier: 1.5, benefits: ['Öncelikli kasa'] },
  { code: 'PLATINUM', name: 'Platinum', rank: 3, minSpend: 5_000_000, multiplier: 2, benefits: ['Kişisel asistan'] },
];

const DAY = 86_400_000;
const T = new Date(Date.UTC(2025, 0, 1));
const days = (n: number): Date => new Date(T.getTime() + n * DAY);

const evaluate = (over: Partial<Parameters<typeof evaluateTier>[0]> = {}) =>
  evaluateTier({
    tiers: TIERS,
    current: 'GOLD',
    qualifyingSpend: 0,
    qualifyingPoints: 0,
    at: days(400),
    currentSince: days(0),
    graceUntil: null,
    downgradePolicy: 'requalify',
    graceDays: 30,
    minTenureDays: 365,
    ...over,
  });

describe('evaluateTier', () => {
  it('upgrades at once on spend or on points, and keeps the tier (ending grace) on requalifying', () => {
    expect(evaluate({ qualifyingSpend: 5_000_000, at: days(10) })).toEqual({
      tierCode: 'PLATINUM',
      change: 'upgrade',
      reason: 'qualified_higher',
      graceUntil: null,
    });
    expect(evaluate({ current: 'CLASSIC', qualifyingPoints: 5_000 }).tierCode).toBe('SILVER');
    expect(evaluate({ qualifyingSpend: 2_000_000, graceUntil: days(420) })).toEqual({
      tierCode: 'GOLD',
      change: 'unchanged',
      reason: 'requalified',
      graceUntil: null,
    });
  });

  it('protects a new tier for its tenure, then starts grace, then downgrades when grace has passed', () => {
    expect(evaluate({ at: days(100) }).reason).toBe('tenure_protected');
    const started = evaluate({ at: days(400) });
    expect(started).toEqual({ tierCode: 'GOLD', change: 'unchanged', reason: 'grace_started', graceUntil: days(430) });
    expect(evaluate({ at: days(429), graceUntil: days(430) }).reason).toBe('in_grace');
    expect(evaluate({ at: days(430), graceUntil: days(430), qualifyingPoints: 5_000 })).toEqual({
      tierCode: 'SILVER',
      change: 'downgrade',
      reason: 'grace_expired',
      graceUntil: null,
    });
    expect(evaluate({ at: days(430), graceUntil: days(430) }).tierCode).toBe('CLASSIC');
  });

  it('one_level drops a single rank; never keeps the tier; no grace downgrades at once', () => {
    expect(evaluate({ at: days(430), graceUntil: days(430), downgradePolicy: 'one_level' }).tierCode).toBe('SILVER');
    expect(evaluate({ at: days(430), graceUntil: days(430), downgradePolicy: 'never' })).toMatchObject({
      tierCode: 'GOLD',
      reason: 'downgrade_never',
    });
    expect(evaluate({ graceDays: 0 })).toMatchObject({ tierCode: 'CLASSIC', change: 'downgrade', reason: 'not_qualified' });
    expect(evaluate({ current: 'DIAMOND', qualifyingSpend: 600_000 })).toMatchObject({ tierCode: 'SILVER', change: 'reset' });
  });

  it('properties: upgrades never wait, never never downgrades, one_level drops at most one rank', () => {
    const codes = TIERS.map((t) => t.code);
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.nat({ max: 6_000_000 }),
        fc.nat({ max: 30_000 }),
        fc.constantFrom<DowngradePolicy>('never', 'requalify', 'one_level'),
        fc.nat({ max: 800 }),
        fc.option(fc.nat({ max: 800 }), { nil: null }),
        fc.nat({ max: 60 }),
        (current, spend, points, policy, at, grace, graceDays) => {
          const r = evaluate({
            current,
            qualifyingSpend: spend,
            qualifyingPoints: points,
            downgradePolicy: policy,
            at: days(at),
            graceUntil: grace === null ? null : days(grace),
            graceDays,
          });
          const rank = (c: string) => TIERS.find((t) => t.code === c)?.rank ?? -1;
          const q = qualifiedTier(TIERS, spend, points);
          const from = rank(current);
          const to = rank(r.tierCode);
          if (q.rank >= from) expect(to).toBe(q.rank);
          else expect(to).toBeGreaterThanOrEqual(q.rank);
          if (policy === 'never') expect(to).toBeGreaterThanOrEqual(from);
          if (policy === 'one_level') expect(to).toBeGreaterThanOrEqual(from - 1);
          expect(r.change === 'downgrade').toBe(to < from);
          expect(r.change === 'upgrade').toBe(to > from);
          if (r.change !== 'unchanged') expect(r.graceUntil).toBeNull();
        },
      ),
    );
  });
});

describe('progressToNext', () => {
  it('reports the closer metric toward the next tier up, and null at the top', () => {
    expect(progressToNext({ tiers: TIERS, current: 'SILVER', qualifyingSpend: 500_000, qualifyingPoints: 15_000 })).toEqual({
      tierCode: 'GOLD',
      metric: 'points',
      remaining: 5_000,
      percent: 75,
    });
    expect(progressToNext({ tiers: TIERS, current: 'GOLD', qualifyingSpend: 4_999_999, qualifyingPoints: 0 })).toEqual({
      tierCode: 'PLATINUM',
      metric: 'spend',
      remaining: 1,
      percent: 99,
    });
    expect(progressToNext({ tiers: TIERS, current: 'PLATINUM', qualifyingSpend: 0, qualifyingPoints: 0 })).toBeNull();
  });
});

describe('validateTiers', () => {
  it('accepts the sample table and reports bad ones by path', () => {
    expect(validateTiers(TIERS)).toEqual([]);
    const bad: TierDefinition[] = [
      { code: 'A', name: 'A', rank: 0, minSpend: 10, multiplier: 1, benefits: [] },
      { code: 'A', name: 'B', rank: 0, minSpend: 5, multiplier: 0.5, benefits: [] },
    ];
    expect(validateTiers(bad).map((e) => `${e.path}:${e.code}`)).toEqual([
      'tiers.1.code:duplicate_code',
      'tiers.1.rank:duplicate_rank',
      'tiers.1.multiplier:out_of_range',
      'tiers:entry_tier',
      'tiers.1.minSpend:not_monotonic',
    ]);
    expect(validateTiers([]).map((e) => e.code)).toEqual(['empty']);
  });
});
