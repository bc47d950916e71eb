// Satisfaction from survey answers, and the satisfaction × loyalty matrix.
//
// A member's satisfaction is their latest score answer in the last 365 days (NPS preferred when one response
// holds both): NPS 9–10 or CSAT 4–5 SATISFIED, NPS 7–8 or CSAT 3 NEUTRAL, NPS 0–6 or CSAT 1–2 DISSATISFIED;
// no answer → UNKNOWN.
// Loyalty is behaviour: a member is loyal when their RFM recency and frequency scores are both ≥ 3 (they buy
// recently and often). The four groups (Jones & Sasser, "Why satisfied customers defect"):
//   satisfied + loyal = APOSTLE, satisfied + not loyal = MERCENARY,
//   not satisfied (neutral or dissatisfied) + loyal = HOSTAGE, not satisfied + not loyal = DEFECTOR.
// Members without a satisfaction answer are outside the matrix (null).

import type { LoyaltyQuadrant, SatisfactionGroup } from '../segments/rules';

export type ScoreAnswer = { type: 'NPS' | 'CSAT'; value: number; at: Date };

export const LOYAL_MIN_SCORE = 3;

/** The group of one NPS (0–10) or CSAT (1–5) answer. */
export function satisfactionOfAnswer(a: Pick<ScoreAnswer, 'type' | 'value'>): SatisfactionGroup {
  if (a.type === 'NPS') return a.value >= 9 ? 'SATISFIED' : a.value >= 7 ? 'NEUTRAL' : 'DISSATISFIED';
  return a.value >= 4 ? 'SATISFIED' : a.value === 3 ? 'NEUTRAL' : 'DISSATISFIED';
}

/** The member's satisfaction: their latest answer (NPS before CSAT at the same instant), or UNKNOWN. */
export function satisfactionGroup(answers: readonly ScoreAnswer[]): SatisfactionGroup {
  const latest = [...answers].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.type === 'NPS' ? -1 : 1) - (b.type === 'NPS' ? -1 : 1))[0];
  return latest ? satisfactionOfAnswer(latest) : 'UNKNOWN';
}

/** Loyal by behaviour: recency and frequency scores both ≥ LOYAL_MIN_SCORE (unscored members are not loyal). */
export const isLoyal = (recency: number | null, frequency: number | null): boolean =>
  recency !== null && frequency !== null && recency >= LOYAL_MIN_SCORE && frequency >= LOYAL_MIN_SCORE;

/** The satisfaction × loyalty quadrant, or null without a satisfaction answer. */
export function loyaltyQuadrant(satisfaction: SatisfactionGroup, loyal: boolean): LoyaltyQuadrant | null {
  if (satisfaction === 'UNKNOWN') return null;
  const satisfied = satisfaction === 'SATISFIED';
  if (satisfied) return loyal ? 'APOSTLE' : 'MERCENARY';
  return loyal ? 'HOSTAGE' : 'DEFECTOR';
}
