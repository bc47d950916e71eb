// Incremental spend of a campaign: mean spend per treated member minus mean spend per control-group member,
// with a Welch (unequal variances) t confidence interval.

import quantile from '@stdlib/stats-base-dists-t-quantile';

export type UpliftInterval = {
  nTreatment: number;
  nControl: number;
  meanTreatment: number;
  meanControl: number;
  /** meanTreatment − meanControl. */
  difference: number;
  /** Null when either group has fewer than two members (no variance estimate). */
  low: number | null;
  high: number | null;
  degreesOfFreedom: number | null;
};

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);

function variance(xs: readonly number[], m: number): number {
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Welch's interval for the difference of means at the given confidence (default 95%). */
export function welchInterval(treatment: readonly number[], control: readonly number[], confidence = 0.95): UpliftInterval {
  const mt = mean(treatment);
  const mc = mean(control);
  const base = { nTreatment: treatment.length, nControl: control.length, meanTreatment: mt, meanControl: mc, difference: mt - mc };
  if (treatment.length < 2 || control.length < 2) return { ...base, low: null, high: null, degreesOfFreedom: null };
  const at = variance(treatment, mt) / treatment.length;
  const ac = variance(control, mc) / control.length;
  const se2 = at + ac;
  if (se2 === 0) return { ...base, low: base.difference, high: base.difference, degreesOfFreedom: null };
  const df = se2 ** 2 / (at ** 2 / (treatment.length - 1) + ac ** 2 / (control.length - 1));
  const t = quantile(1 - (1 - confidence) / 2, df);
  const half = t * Math.sqrt(se2);
  return { ...base, low: base.difference - half, high: base.difference + half, degreesOfFreedom: df };
}
