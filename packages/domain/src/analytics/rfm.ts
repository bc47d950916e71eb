// RFM scoring: recency, frequency and monetary value as quintile scores 1–5 (5 = best), and named groups.
//
// Scored population: members (not erased) with at least one FINAL receipt in the last 365 days.
//   R orders by the time of the last purchase (later is better), F by receipts in 365 days, M by their Σ total.
// Quintile score of value v among n scored values: score = floor(5 × |{w : w < v}| / n) + 1.
//   Distinct values split into equal fifths; ties share the lower score, so a long tail of equal values (many
//   members with one visit) stays at the bottom instead of being lifted into a middle quintile. SQL computes
//   the same with `(5 * (RANK() OVER (ORDER BY v) - 1)) / n + 1` (integer division).
//
// Named groups from R and FM = ceil((F + M) / 2):
//   R \ FM   1               2                   3                   4          5
//   5        New customer    Potential loyalist  Potential loyalist  Champions  Champions
//   4        Promising       Potential loyalist  Potential loyalist  Loyal      Champions
//   3        About to sleep  About to sleep      Need attention      Loyal      Loyal
//   2        Hibernating     Hibernating         At risk             At risk    Cannot lose them
//   1        Lost            Lost                At risk             At risk    Cannot lose them
// Members who bought before but not in the last 365 days are LOST (without scores).

import type { RfmGroup } from '../segments/rules';

export type RfmScores = { recency: number; frequency: number; monetary: number };

/** Quintile scores 1–5 of each value among `values` (higher value → higher score), by the rule above. */
export function quintileScores(values: readonly number[]): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const lessThan = (v: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return values.map((v) => Math.floor((5 * lessThan(v)) / n) + 1);
}

export type RfmInput = { id: string; lastPurchaseAt: Date; visits: number; spendKurus: number };

/** R, F and M quintile scores for each scored member (see the file header for the population). */
export function scoreRfm(members: readonly RfmInput[]): Map<string, RfmScores> {
  const r = quintileScores(members.map((m) => m.lastPurchaseAt.getTime()));
  const f = quintileScores(members.map((m) => m.visits));
  const mon = quintileScores(members.map((m) => m.spendKurus));
  return new Map(members.map((m, i) => [m.id, { recency: r[i]!, frequency: f[i]!, monetary: mon[i]! }]));
}

/** The combined frequency–monetary score: ceil((F + M) / 2). */
export const fmScore = (frequency: number, monetary: number): number => Math.ceil((frequency + monetary) / 2);

/** The named group of a scored member (table in the file header). */
export function rfmGroup(s: RfmScores): RfmGroup {
  const fm = fmScore(s.frequency, s.monetary);
  const r = s.recency;
  if (r >= 4) {
    if (fm === 5 || (r === 5 && fm === 4)) return 'CHAMPIONS';
    if (fm === 4) return 'LOYAL';
    if (fm >= 2) return 'POTENTIAL_LOYALIST';
    return r === 5 ? 'NEW_CUSTOMER' : 'PROMISING';
  }
  if (r === 3) {
    if (fm >= 4) return 'LOYAL';
    return fm === 3 ? 'NEED_ATTENTION' : 'ABOUT_TO_SLEEP';
  }
  if (fm === 5) return 'CANNOT_LOSE';
  if (fm >= 3) return 'AT_RISK';
  return r === 2 ? 'HIBERNATING' : 'LOST';
}

/** All 25 (R, FM) cells with their group, for a SQL lookup table built from this one definition. */
export function rfmGroupTable(): { recency: number; fm: number; group: RfmGroup }[] {
  const cells: { recency: number; fm: number; group: RfmGroup }[] = [];
  for (let recency = 1; recency <= 5; recency++) {
    for (let fm = 1; fm <= 5; fm++) cells.push({ recency, fm, group: rfmGroup({ recency, frequency: fm, monetary: fm }) });
  }
  return cells;
}
