import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { compileSegmentRule } from './compile-sql';
import { arbitraryRule } from './rule-arbitrary';
import { ageInYears, evaluateSegmentRule, istanbulDate, resolveMonths } from './evaluate';
import type { SegmentMemberFacts } from './evaluate';
import { CRITERION_KINDS, criteriaOf, validateSegmentRule } from './rules';
import type { SegmentCriterion, SegmentRule } from './rules';

const DAY = 86_400_000;
// 2026-11-23 12:00 in Istanbul.
const NOW = new Date('2026-11-23T09:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const base: SegmentMemberFacts = {
  tierCode: 'GOLD',
  lifecycleStage: 'ACTIVE',
  city: 'İzmir',
  birthDate: '1990-11-30',
  consents: { SMS: true, EMAIL: false },
  metrics: {
    recencyScore: 5,
    frequencyScore: 3,
    monetaryScore: 4,
    rfmGroup: 'CHAMPIONS',
    churnLevel: 'LOW',
    clvKurus: 500_000,
    satisfaction: 'SATISFIED',
    loyaltyQuadrant: 'APOSTLE',
  },
  receipts: [
    { at: ago(5), storeId: 'store-a', totalKurus: 10_000, categories: ['dairy', 'bakery'], brands: ['Sütaş'] },
    { at: ago(40), storeId: 'store-b', totalKurus: 25_000, categories: ['electronics'], brands: ['Arçelik'] },
  ],
};
const noData: SegmentMemberFacts = { ...base, city: null, birthDate: null, consents: {}, metrics: null, receipts: [] };

const yes = (c: SegmentCriterion, facts = base) => expect(evaluateSegmentRule(c, facts, NOW), JSON.stringify(c)).toBe(true);
const no = (c: SegmentCriterion, facts = base) => expect(evaluateSegmentRule(c, facts, NOW), JSON.stringify(c)).toBe(false);

describe('segment criteria (evaluator)', () => {
  it('tier, lifecycle stage and city compare the current value', () => {
    yes({ kind: 'tier', in: ['SILVER', 'GOLD'] });
    no({ kind: 'tier', in: ['CLASSIC'] });
    yes({ kind: 'lifecycleStage', in: ['ACTIVE'] });
    no({ kind: 'lifecycleStage', in: ['LAPSED', 'FORMER'] });
    yes({ kind: 'city', in: ['İzmir'] });
    no({ kind: 'city', in: ['izmir'] });
    no({ kind: 'city', in: ['İzmir'] }, noData);
  });

  it('RFM scores use inclusive bounds and never match unscored members', () => {
    yes({ kind: 'rfmScore', score: 'recency', min: 5 });
    yes({ kind: 'rfmScore', score: 'frequency', min: 2, max: 3 });
    no({ kind: 'rfmScore', score: 'frequency', min: 4 });
    yes({ kind: 'rfmScore', score: 'monetary', max: 4 });
    no({ kind: 'rfmScore', score: 'recency', min: 1 }, noData);
  });

  it('snapshot groups: RFM group, churn level, loyalty quadrant, satisfaction (UNKNOWN without data), CLV', () => {
    yes({ kind: 'rfmGroup', in: ['CHAMPIONS', 'LOYAL'] });
    no({ kind: 'rfmGroup', in: ['AT_RISK'] });
    no({ kind: 'rfmGroup', in: ['CHAMPIONS'] }, noData);
    yes({ kind: 'churnLevel', in: ['LOW'] });
    no({ kind: 'churnLevel', in: ['HIGH'] });
    yes({ kind: 'loyaltyQuadrant', in: ['APOSTLE'] });
    no({ kind: 'loyaltyQuadrant', in: ['HOSTAGE'] });
    yes({ kind: 'satisfaction', in: ['SATISFIED'] });
    yes({ kind: 'satisfaction', in: ['UNKNOWN'] }, noData);
    no({ kind: 'satisfaction', in: ['SATISFIED'] }, noData);
    yes({ kind: 'clv', min: 500_000 });
    no({ kind: 'clv', max: 499_999 });
    no({ kind: 'clv', min: 0 }, noData);
  });

  it('spend and visits count FINAL receipts inside the window; none means 0', () => {
    yes({ kind: 'spend', windowDays: 30, min: 10_000, max: 10_000 });
    yes({ kind: 'spend', windowDays: 40, min: 35_000 });
    no({ kind: 'spend', windowDays: 39, min: 35_000 });
    yes({ kind: 'spend', windowDays: 30, max: 0 }, noData);
    yes({ kind: 'visits', windowDays: 90, min: 2 });
    no({ kind: 'visits', windowDays: 10, min: 2 });
    yes({ kind: 'visits', windowDays: 90, max: 0 }, noData);
  });

  it('days since last visit is whole days; never visited does not match', () => {
    yes({ kind: 'daysSinceLastVisit', min: 5, max: 5 });
    no({ kind: 'daysSinceLastVisit', min: 6 });
    no({ kind: 'daysSinceLastVisit', max: 10_000 }, noData);
    const late = { ...base, receipts: [{ ...base.receipts[0]!, at: new Date(NOW.getTime() - 5 * DAY - 1) }] };
    yes({ kind: 'daysSinceLastVisit', max: 5 }, late);
  });

  it('categories, brands and stores bought within the window', () => {
    yes({ kind: 'category', in: ['bakery'], windowDays: 7 });
    no({ kind: 'category', in: ['electronics'], windowDays: 30 });
    yes({ kind: 'category', in: ['electronics', 'toys'], windowDays: 40 });
    yes({ kind: 'brand', in: ['Arçelik'], windowDays: 60 });
    no({ kind: 'brand', in: ['Arçelik'], windowDays: 30 });
    yes({ kind: 'store', in: ['store-b'], windowDays: 40 });
    no({ kind: 'store', in: ['store-b'], windowDays: 39 });
    no({ kind: 'store', in: ['store-a'], windowDays: 30 }, noData);
  });

  it('age band in whole years on the Istanbul date; birthday month with current/next', () => {
    expect(ageInYears('1990-11-30', NOW)).toBe(35);
    expect(ageInYears('1990-11-23', NOW)).toBe(36);
    expect(ageInYears('2000-02-29', new Date('2027-02-28T12:00:00Z'))).toBe(26);
    expect(ageInYears('2000-02-29', new Date('2027-03-01T12:00:00Z'))).toBe(27);
    // 23:30 UTC on 30 Nov is already 1 Dec in Istanbul.
    expect(istanbulDate(new Date('2026-11-30T23:30:00Z')).iso).toBe('2026-12-01');
    yes({ kind: 'ageBand', min: 35, max: 35 });
    no({ kind: 'ageBand', min: 36 });
    no({ kind: 'ageBand', max: 130 }, noData);
    expect(resolveMonths(['current', 'next', 11], NOW)).toEqual([11, 12]);
    expect(resolveMonths(['next'], new Date('2026-12-10T00:00:00Z'))).toEqual([1]);
    yes({ kind: 'birthdayMonth', months: ['current'] });
    yes({ kind: 'birthdayMonth', months: [11] });
    no({ kind: 'birthdayMonth', months: ['next'] });
    no({ kind: 'birthdayMonth', months: ['current'] }, noData);
  });

  it('consent: granted true, or false for refused and never asked', () => {
    yes({ kind: 'consent', channel: 'SMS', granted: true });
    no({ kind: 'consent', channel: 'SMS', granted: false });
    yes({ kind: 'consent', channel: 'EMAIL', granted: false });
    yes({ kind: 'consent', channel: 'CALL', granted: false });
    no({ kind: 'consent', channel: 'CALL', granted: true });
  });

  it('and / or / not combine criteria', () => {
    const gold: SegmentRule = { kind: 'tier', in: ['GOLD'] };
    const izmir: SegmentRule = { kind: 'city', in: ['Ankara'] };
    expect(evaluateSegmentRule({ kind: 'and', rules: [gold, izmir] }, base, NOW)).toBe(false);
    expect(evaluateSegmentRule({ kind: 'or', rules: [gold, izmir] }, base, NOW)).toBe(true);
    expect(evaluateSegmentRule({ kind: 'not', rule: izmir }, base, NOW)).toBe(true);
    expect(evaluateSegmentRule({ kind: 'not', rule: { kind: 'and', rules: [gold, { kind: 'not', rule: izmir }] } }, base, NOW)).toBe(false);
    // "not" of a criterion without data matches: the member is not in that group.
    expect(evaluateSegmentRule({ kind: 'not', rule: { kind: 'daysSinceLastVisit', max: 30 } }, noData, NOW)).toBe(true);
  });

  it('covers every criterion kind in these tests', () => {
    expect([...CRITERION_KINDS].sort()).toEqual(
      ['ageBand', 'birthdayMonth', 'brand', 'category', 'churnLevel', 'city', 'clv', 'consent', 'daysSinceLastVisit', 'lifecycleStage',
        'loyaltyQuadrant', 'rfmGroup', 'rfmScore', 'satisfaction', 'spend', 'store', 'tier', 'visits'].sort(),
    );
  });
});

describe('validateSegmentRule', () => {
  it('accepts a sound tree', () => {
    expect(
      validateSegmentRule({
        kind: 'and',
        rules: [{ kind: 'spend', windowDays: 90, min: 100 }, { kind: 'not', rule: { kind: 'birthdayMonth', months: ['current', 12] } }],
      }),
    ).toEqual([]);
  });

  it('reports each problem with its field path', () => {
    const errors = validateSegmentRule(
      {
        kind: 'and',
        rules: [
          { kind: 'spend', windowDays: 0, min: 500, max: 100 },
          { kind: 'or', rules: [] },
          { kind: 'not', rule: { kind: 'rfmScore', score: 'recency', min: 6 } },
          { kind: 'tier', in: [] },
          { kind: 'ageBand' },
          { kind: 'birthdayMonth', months: [13] },
          { kind: 'city', in: [' '] },
          { kind: 'visits', windowDays: 30, min: 1.5 },
        ],
      },
      'rules',
    );
    expect(errors.map((e) => e.path)).toEqual([
      'rules.rules.0.windowDays',
      'rules.rules.0.max',
      'rules.rules.1.rules',
      'rules.rules.2.rule.min',
      'rules.rules.3.in',
      'rules.rules.4',
      'rules.rules.5.months.0',
      'rules.rules.6.in.0',
      'rules.rules.7.min',
    ]);
  });

  it('limits depth and size', () => {
    let deep: SegmentRule = { kind: 'tier', in: ['GOLD'] };
    for (let i = 0; i < 8; i++) deep = { kind: 'not', rule: deep };
    expect(validateSegmentRule(deep)[0]?.path).toBe('rule.rule.rule.rule.rule.rule.rule');
    const wide: SegmentRule = { kind: 'or', rules: Array.from({ length: 31 }, () => ({ kind: 'tier', in: ['GOLD'] }) as SegmentRule) };
    expect(validateSegmentRule(wide).map((e) => e.path)).toEqual(['rules']);
  });

  it('lists criteria with their paths', () => {
    expect(criteriaOf({ kind: 'and', rules: [{ kind: 'tier', in: ['X'] }, { kind: 'not', rule: { kind: 'store', in: ['s'], windowDays: 1 } }] }).map((c) => c.path)).toEqual([
      'rules.0',
      'rules.1.rule',
    ]);
  });
});

describe('compileSegmentRule', () => {
  it('numbers parameters from the offset and never inlines values', () => {
    const { sql, params } = compileSegmentRule(
      { kind: 'and', rules: [{ kind: 'tier', in: ["GOLD'; DROP TABLE member; --"] }, { kind: 'spend', windowDays: 30, min: 100 }] },
      { now: NOW, paramOffset: 2 },
    );
    expect(sql).not.toContain('DROP');
    expect(sql).toContain('$3::text[]');
    expect(sql).toContain('$4::timestamptz');
    expect(sql).toContain('$5::bigint');
    expect(params).toEqual([["GOLD'; DROP TABLE member; --"], new Date(NOW.getTime() - 30 * DAY).toISOString(), 100]);
  });

  it('resolves relative months and the local date at compile time', () => {
    expect(compileSegmentRule({ kind: 'birthdayMonth', months: ['next'] }, { now: NOW }).params).toEqual([[12]]);
    expect(compileSegmentRule({ kind: 'ageBand', min: 18 }, { now: new Date('2026-11-30T22:00:00Z') }).params).toEqual(['2026-12-01', 18]);
  });

  it('compiles every tree to balanced SQL with one parameter per placeholder', () => {
    fc.assert(
      fc.property(arbitraryRule(), (rule) => {
        const { sql, params } = compileSegmentRule(rule, { now: NOW });
        const placeholders = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
        expect(new Set(placeholders).size).toBe(params.length);
        expect(Math.max(0, ...placeholders)).toBe(params.length);
        expect(sql.split('(').length).toBe(sql.split(')').length);
      }),
    );
  });
});
