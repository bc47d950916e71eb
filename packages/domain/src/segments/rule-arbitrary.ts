// Test helper (not part of the package surface): random segment rule trees for property tests.
import fc from 'fast-check';

import type { SegmentCriterion, SegmentRule } from './rules';

/** Random rule trees over every criterion kind (values from small pools so they sometimes match). */
export function arbitraryRule(pools = { tiers: ['CLASSIC', 'GOLD'], stores: ['s1', 's2'], cities: ['Ankara', 'İzmir'], categories: ['dairy', 'toys'], brands: ['A', 'B'] }) {
  const bounds = (lo: number, hi: number) =>
    fc.tuple(fc.option(fc.integer({ min: lo, max: hi }), { nil: undefined }), fc.option(fc.integer({ min: lo, max: hi }), { nil: undefined })).map(([a, b]) => {
      const out: { min?: number; max?: number } = {};
      if (a !== undefined) out.min = b !== undefined ? Math.min(a, b) : a;
      if (b !== undefined) out.max = a !== undefined ? Math.max(a, b) : b;
      if (a === undefined && b === undefined) out.min = lo;
      return out;
    });
  const some = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });
  const windowDays = fc.integer({ min: 1, max: 120 });
  const criterion: fc.Arbitrary<SegmentCriterion> = fc.oneof(
    some(pools.tiers).map((v) => ({ kind: 'tier' as const, in: v })),
    some(['NEW', 'ACTIVE', 'LAPSED'] as const).map((v) => ({ kind: 'lifecycleStage' as const, in: [...v] })),
    fc.tuple(fc.constantFrom('recency' as const, 'frequency' as const, 'monetary' as const), bounds(1, 5)).map(([score, b]) => ({ kind: 'rfmScore' as const, score, ...b })),
    some(['CHAMPIONS', 'LOST', 'AT_RISK'] as const).map((v) => ({ kind: 'rfmGroup' as const, in: [...v] })),
    fc.tuple(windowDays, bounds(0, 60_000)).map(([w, b]) => ({ kind: 'spend' as const, windowDays: w, ...b })),
    fc.tuple(windowDays, bounds(0, 4)).map(([w, b]) => ({ kind: 'visits' as const, windowDays: w, ...b })),
    bounds(0, 120).map((b) => ({ kind: 'daysSinceLastVisit' as const, ...b })),
    fc.tuple(some(pools.categories), windowDays).map(([v, w]) => ({ kind: 'category' as const, in: v, windowDays: w })),
    fc.tuple(some(pools.brands), windowDays).map(([v, w]) => ({ kind: 'brand' as const, in: v, windowDays: w })),
    fc.tuple(some(pools.stores), windowDays).map(([v, w]) => ({ kind: 'store' as const, in: v, windowDays: w })),
    some(pools.cities).map((v) => ({ kind: 'city' as const, in: v })),
    bounds(0, 80).map((b) => ({ kind: 'ageBand' as const, ...b })),
    some(['current', 'next', 1, 6, 11, 12] as const).map((v) => ({ kind: 'birthdayMonth' as const, months: [...v] })),
    fc.tuple(fc.constantFrom('SMS' as const, 'EMAIL' as const, 'PROFILING' as const), fc.boolean()).map(([channel, granted]) => ({ kind: 'consent' as const, channel, granted })),
    some(['SATISFIED', 'NEUTRAL', 'UNKNOWN'] as const).map((v) => ({ kind: 'satisfaction' as const, in: [...v] })),
    some(['APOSTLE', 'DEFECTOR'] as const).map((v) => ({ kind: 'loyaltyQuadrant' as const, in: [...v] })),
    some(['LOW', 'HIGH'] as const).map((v) => ({ kind: 'churnLevel' as const, in: [...v] })),
    bounds(0, 1_000_000).map((b) => ({ kind: 'clv' as const, ...b })),
  );
  const { rule } = fc.letrec<{ rule: SegmentRule }>((tie) => ({
    rule: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      criterion,
      fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((rules) => ({ kind: 'and' as const, rules })),
      fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((rules) => ({ kind: 'or' as const, rules })),
      tie('rule').map((r) => ({ kind: 'not' as const, rule: r })),
    ),
  }));
  return rule;
}
