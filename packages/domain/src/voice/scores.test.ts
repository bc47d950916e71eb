import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { computeCsat, computeNps, isoWeek, localMonth } from './scores';

describe('NPS and CSAT', () => {
  it('computes NPS as %promoters − %detractors', () => {
    expect(computeNps([10, 9, 8, 7, 6, 0, 10, 10, 3, 9])).toEqual({ responses: 10, promoters: 5, passives: 2, detractors: 3, nps: 20 });
    expect(computeNps([]).nps).toBeNull();
    expect(computeNps([11, -1, 4.5]).responses).toBe(0);
  });

  it('keeps NPS within −100…100 and CSAT within 0…100', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (s) => Math.abs(computeNps(s).nps!) <= 100));
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1 }), (s) => computeCsat(s).csat! >= 0 && computeCsat(s).csat! <= 100));
  });

  it('computes CSAT as the share of 4–5 answers and the mean', () => {
    expect(computeCsat([5, 4, 3, 1])).toEqual({ responses: 4, satisfied: 2, csat: 50, average: 3.25 });
    expect(computeCsat([5, 5, 4])).toMatchObject({ csat: 100, average: 4.67 });
    expect(computeCsat([]).csat).toBeNull();
  });

  it('groups by ISO week in Istanbul time', () => {
    expect(isoWeek(new Date('2026-01-01T12:00:00+03:00'))).toBe('2026-W01');
    expect(isoWeek(new Date('2027-01-01T12:00:00+03:00'))).toBe('2026-W53');
    // Sunday 23:30 in Istanbul is still the old week although it is Sunday 20:30 UTC.
    expect(isoWeek(new Date('2026-11-29T23:30:00+03:00'))).toBe('2026-W48');
    expect(isoWeek(new Date('2026-11-30T00:30:00+03:00'))).toBe('2026-W49');
  });

  it('groups by calendar month in Istanbul time', () => {
    // 31 October 22:30 UTC is already 1 November in Istanbul.
    expect(localMonth(new Date('2026-10-31T22:30:00Z'))).toBe('2026-11');
    expect(localMonth(new Date('2026-10-31T20:59:00Z'))).toBe('2026-10');
    expect(localMonth(new Date('2026-12-31T21:00:00Z'))).toBe('2027-01');
  });
});
