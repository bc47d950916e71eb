// Customer value and lapse risk from each member's own receipts.
//
// Churn (lapse) risk compares the days since the last visit t with the member's own mean gap between visits g
// (visits in the last 730 days; with a single visit g is DEFAULT_GAP_DAYS):
//     risk = clamp((t / g − 1) / 2, 0, 1)
// 0 while the member is within their usual rhythm (t ≤ g), 1 once the silence is three usual gaps (t ≥ 3g).
// Level: LOW below 0.25 (t < 1.5g), MEDIUM below 0.75 (t < 2.5g), HIGH from there.
//
// CLV estimate (the classic simple retention model, Gupta & Lehmann):
//     CLV = V × r / (1 + d − r)
// V = the member's spend in the last 365 days (kuruş; the schema holds no product costs, so spend stands in
// for margin), r = 1 − churn risk (the chance of staying another year), d = DISCOUNT_RATE (10 % a year).
// So a member at no risk is worth V / d = 10 × their yearly spend, one at full risk nothing more.

import type { ChurnLevel } from '../segments/rules';

export const DEFAULT_GAP_DAYS = 30;
export const DISCOUNT_RATE = 0.1;
const DAY = 86_400_000;

/** Mean days between consecutive visits, or null below two visits. */
export function meanGapDays(visits: readonly Date[]): number | null {
  if (visits.length < 2) return null;
  const times = visits.map((v) => v.getTime());
  return (Math.max(...times) - Math.min(...times)) / DAY / (visits.length - 1);
}

/** Lapse risk 0–1 from days since the last visit and the member's own mean gap (null gap → DEFAULT_GAP_DAYS). */
export function churnRisk(daysSinceLastVisit: number, gapDays: number | null): number {
  const g = gapDays === null || gapDays <= 0 ? DEFAULT_GAP_DAYS : gapDays;
  return Math.min(1, Math.max(0, (daysSinceLastVisit / g - 1) / 2));
}

export function churnLevel(risk: number): ChurnLevel {
  return risk < 0.25 ? 'LOW' : risk < 0.75 ? 'MEDIUM' : 'HIGH';
}

/** CLV estimate in whole kuruş: V × r / (1 + d − r) with r = 1 − risk. */
export function clvEstimate(yearlySpendKurus: number, risk: number, discountRate = DISCOUNT_RATE): number {
  const r = 1 - risk;
  return Math.round((yearlySpendKurus * r) / (1 + discountRate - r));
}
