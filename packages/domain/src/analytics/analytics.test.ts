import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { associationRules, countBaskets, minPairCount } from './basket';
import { DEFAULT_GAP_DAYS, churnLevel, churnRisk, clvEstimate, meanGapDays } from './customer-value';
import { LIFECYCLE_DAYS, memberLifecycleStage } from './lifecycle';
import { fmScore, quintileScores, rfmGroup, rfmGroupTable, scoreRfm } from './rfm';
import { isLoyal, loyaltyQuadrant, satisfactionGroup, satisfactionOfAnswer } from './satisfaction';

const DAY = 86_400_000;
const NOW = new Date('2026-11-23T09:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

describe('RFM quintiles', () => {
  it('splits ten distinct values into fifths', () => {
    expect(quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
  });

  it('gives ties the lower score, so a long tail stays at the bottom', () => {
    expect(quintileScores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5])).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    expect(quintileScores([7])).toEqual([1]);
    expect(quintileScores([])).toEqual([]);
  });

  it('is monotone and within 1–5', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }), (values) => {
        const scores = quintileScores(values);
        values.forEach((v, i) =>
          values.forEach((w, j) => {
            if (v < w) expect(scores[i]!).toBeLessThanOrEqual(scores[j]!);
            if (v === w) expect(scores[i]).toBe(scores[j]);
          }),
        );
        expect(scores.every((s) => s >= 1 && s <= 5)).toBe(true);
      }),
    );
  });

  it('scores recency by the last purchase, frequency by visits, monetary by spend', () => {
    const scores = scoreRfm([
      { id: 'a', lastPurchaseAt: ago(1), visits: 1, spendKurus: 500 },
      { id: 'b', lastPurchaseAt: ago(200), visits: 9, spendKurus: 100 },
    ]);
    expect(scores.get('a')).toEqual({ recency: 3, frequency: 1, monetary: 3 });
    expect(scores.get('b')).toEqual({ recency: 1, frequency: 3, monetary: 1 });
  });
});

describe('RFM groups', () => {
  it('maps the documented cells', () => {
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(3, 4)).toBe(4);
    const g = (recency: number, frequency: number, monetary: number) => rfmGroup({ recency, frequency, monetary });
    expect(g(5, 5, 5)).toBe('CHAMPIONS');
    expect(g(5, 4, 4)).toBe('CHAMPIONS');
    expect(g(4, 5, 5)).toBe('CHAMPIONS');
    expect(g(4, 4, 4)).toBe('LOYAL');
    expect(g(3, 5, 5)).toBe('LOYAL');
    expect(g(5, 2, 3)).toBe('POTENTIAL_LOYALIST');
    expect(g(5, 1, 1)).toBe('NEW_CUSTOMER');
    expect(g(4, 1, 1)).toBe('PROMISING');
    expect(g(3, 3, 3)).toBe('NEED_ATTENTION');
    expect(g(3, 1, 2)).toBe('ABOUT_TO_SLEEP');
    expect(g(2, 3, 4)).toBe('AT_RISK');
    expect(g(1, 3, 3)).toBe('AT_RISK');
    expect(g(1, 5, 5)).toBe('CANNOT_LOSE');
    expect(g(2, 2, 1)).toBe('HIBERNATING');
    expect(g(1, 1, 2)).toBe('LOST');
  });

  it('has one group per (R, FM) cell', () => {
    const table = rfmGroupTable();
    expect(table).toHaveLength(25);
    expect(new Set(table.map((c) => `${c.recency}:${c.fm}`)).size).toBe(25);
    expect(table.filter((c) => c.group === 'CHAMPIONS').map((c) => [c.recency, c.fm])).toEqual([[4, 5], [5, 4], [5, 5]]);
  });
});

describe('churn risk and CLV', () => {
  it('measures the mean gap between visits', () => {
    expect(meanGapDays([ago(30)])).toBeNull();
    expect(meanGapDays([ago(0), ago(30), ago(10)])).toBe(15);
  });

  it('is 0 within the usual rhythm, 1 after three usual gaps, linear between', () => {
    expect(churnRisk(7, 10)).toBe(0);
    expect(churnRisk(10, 10)).toBe(0);
    expect(churnRisk(20, 10)).toBe(0.5);
    expect(churnRisk(30, 10)).toBe(1);
    expect(churnRisk(300, 10)).toBe(1);
    expect(churnRisk(45, null)).toBe(churnRisk(45, DEFAULT_GAP_DAYS));
    expect(churnRisk(45, null)).toBe(0.25);
  });

  it('levels risk LOW < 0.25 ≤ MEDIUM < 0.75 ≤ HIGH', () => {
    expect(churnLevel(0)).toBe('LOW');
    expect(churnLevel(0.249)).toBe('LOW');
    expect(churnLevel(0.25)).toBe('MEDIUM');
    expect(churnLevel(0.75)).toBe('HIGH');
  });

  it('estimates CLV as V × r / (1 + d − r)', () => {
    expect(clvEstimate(100_000, 0)).toBe(1_000_000);
    expect(clvEstimate(100_000, 1)).toBe(0);
    expect(clvEstimate(100_000, 0.5)).toBe(Math.round((100_000 * 0.5) / 0.6));
    expect(clvEstimate(0, 0)).toBe(0);
  });
});

describe('lifecycle stages', () => {
  const stage = (joined: number, first: number | null, last: number | null) =>
    memberLifecycleStage({ joinedAt: ago(joined), firstPurchaseAt: first === null ? null : ago(first), lastPurchaseAt: last === null ? null : ago(last) }, NOW);

  it('follows new → active → lapsed → former', () => {
    expect(stage(10, null, null)).toBe('NEW');
    expect(stage(LIFECYCLE_DAYS.new + 1, null, null)).toBe('PROSPECT');
    expect(stage(100, 50, 2)).toBe('NEW');
    expect(stage(400, 300, 90)).toBe('ACTIVE');
    expect(stage(400, 300, 91)).toBe('LAPSED');
    expect(stage(800, 700, 365)).toBe('LAPSED');
    expect(stage(800, 700, 366)).toBe('FORMER');
  });
});

describe('satisfaction and the satisfaction × loyalty matrix', () => {
  it('groups NPS and CSAT answers', () => {
    expect([0, 6, 7, 8, 9, 10].map((value) => satisfactionOfAnswer({ type: 'NPS', value }))).toEqual([
      'DISSATISFIED', 'DISSATISFIED', 'NEUTRAL', 'NEUTRAL', 'SATISFIED', 'SATISFIED',
    ]);
    expect([1, 2, 3, 4, 5].map((value) => satisfactionOfAnswer({ type: 'CSAT', value }))).toEqual([
      'DISSATISFIED', 'DISSATISFIED', 'NEUTRAL', 'SATISFIED', 'SATISFIED',
    ]);
  });

  it('takes the latest answer, NPS before CSAT at the same instant', () => {
    expect(satisfactionGroup([])).toBe('UNKNOWN');
    expect(satisfactionGroup([{ type: 'NPS', value: 10, at: ago(30) }, { type: 'CSAT', value: 1, at: ago(2) }])).toBe('DISSATISFIED');
    expect(satisfactionGroup([{ type: 'CSAT', value: 1, at: ago(2) }, { type: 'NPS', value: 9, at: ago(2) }])).toBe('SATISFIED');
  });

  it('places members in the four groups', () => {
    expect(isLoyal(3, 3)).toBe(true);
    expect(isLoyal(5, 2)).toBe(false);
    expect(isLoyal(null, 5)).toBe(false);
    expect(loyaltyQuadrant('SATISFIED', true)).toBe('APOSTLE');
    expect(loyaltyQuadrant('SATISFIED', false)).toBe('MERCENARY');
    expect(loyaltyQuadrant('NEUTRAL', true)).toBe('HOSTAGE');
    expect(loyaltyQuadrant('DISSATISFIED', false)).toBe('DEFECTOR');
    expect(loyaltyQuadrant('UNKNOWN', true)).toBeNull();
  });
});

describe('association rules', () => {
  // 5 baskets: printer→paper in 3 of 4 printer baskets.
  const baskets = [['printer', 'paper'], ['printer', 'paper', 'ink'], ['printer', 'paper'], ['printer'], ['paper', 'milk'], []];

  it('computes exact support, confidence and lift', () => {
    const counts = countBaskets(baskets);
    expect(counts.baskets).toBe(5);
    const rules = associationRules(counts, { minSupport: 0.5, minConfidence: 0.5 });
    expect(rules).toEqual([
      { antecedent: 'paper', consequent: 'printer', together: 3, support: 0.6, confidence: 0.75, lift: 0.9375 },
      { antecedent: 'printer', consequent: 'paper', together: 3, support: 0.6, confidence: 0.75, lift: 0.9375 },
    ]);
    const ink = associationRules(counts, { minSupport: 0.2, minConfidence: 0.9, minLift: 1 });
    expect(ink.map((r) => [r.antecedent, r.consequent, r.lift])).toEqual([['ink', 'paper', 1.25], ['ink', 'printer', 1.25], ['milk', 'paper', 1.25]]);
  });

  it('counts an item once per basket and keeps rules above every threshold', () => {
    expect(countBaskets([['a', 'a', 'b']]).pairs).toEqual([
      { antecedent: 'a', consequent: 'b', together: 1 },
      { antecedent: 'b', consequent: 'a', together: 1 },
    ]);
    fc.assert(
      fc.property(fc.array(fc.subarray(['a', 'b', 'c', 'd']), { maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (bs, minSupport) => {
        const counts = countBaskets(bs);
        for (const r of associationRules(counts, { minSupport, minConfidence: 0 })) {
          expect(r.support).toBeGreaterThanOrEqual(minSupport);
          expect(r.together).toBeGreaterThanOrEqual(minPairCount(counts.baskets, minSupport));
          expect(r.confidence).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
