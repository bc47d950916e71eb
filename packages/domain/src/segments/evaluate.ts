// The in-memory evaluator of segment rules: the reference semantics the SQL compiler must reproduce.

import type {
  ChurnLevel,
  ConsentChannel,
  LifecycleStage,
  LoyaltyQuadrant,
  MonthRef,
  RfmGroup,
  SatisfactionGroup,
  SegmentCriterion,
  SegmentRule,
} from './rules';

const DAY = 86_400_000;
/** Europe/Istanbul has been UTC+03:00 all year since 2016. */
const ISTANBUL_OFFSET_MS = 180 * 60_000;

export type SegmentReceiptFacts = {
  at: Date;
  storeId: string;
  /** The receipt's total net of its refunds. */
  totalKurus: number;
  /** Categories and brands of the receipt's ordinary (non-reward) lines. */
  categories: readonly string[];
  brands: readonly string[];
};

export type SegmentMetricsFacts = {
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
  rfmGroup: RfmGroup | null;
  churnLevel: ChurnLevel | null;
  clvKurus: number | null;
  satisfaction: SatisfactionGroup;
  loyaltyQuadrant: LoyaltyQuadrant | null;
};

/** What the rules can ask about one member: profile, consents in force, nightly metrics and FINAL receipts. */
export type SegmentMemberFacts = {
  tierCode: string;
  lifecycleStage: LifecycleStage;
  city: string | null;
  /** `YYYY-MM-DD`. */
  birthDate: string | null;
  /** The consent in force per channel: true granted, false refused; absent = never asked. */
  consents: Partial<Record<ConsentChannel, boolean>>;
  /** The member's row of the metrics snapshot; null before the first analytics run. */
  metrics: SegmentMetricsFacts | null;
  receipts: readonly SegmentReceiptFacts[];
};

/** The local (Europe/Istanbul) calendar date of an instant, as `{ year, month (1–12), day }`. */
export function istanbulDate(at: Date): { year: number; month: number; day: number; iso: string } {
  const local = new Date(at.getTime() + ISTANBUL_OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), iso: local.toISOString().slice(0, 10) };
}

/** Resolves `current` / `next` to month numbers (1–12) by the local date of `now`; distinct and sorted. */
export function resolveMonths(months: readonly MonthRef[], now: Date): number[] {
  const current = istanbulDate(now).month;
  const resolved = months.map((m) => (m === 'current' ? current : m === 'next' ? (current % 12) + 1 : m));
  return [...new Set(resolved)].sort((a, b) => a - b);
}

/** Age in whole years on the local date of `now` (a 29 February birthday counts from 1 March in other years). */
export function ageInYears(birthDate: string, now: Date): number {
  const today = istanbulDate(now);
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const beforeBirthday = today.month < m || (today.month === m && today.day < d);
  return today.year - y - (beforeBirthday ? 1 : 0);
}

const within = (value: number, b: { min?: number | undefined; max?: number | undefined }): boolean =>
  (b.min === undefined || value >= b.min) && (b.max === undefined || value <= b.max);

const inWindow = (facts: SegmentMemberFacts, windowDays: number, now: Date) => {
  const from = now.getTime() - windowDays * DAY;
  return facts.receipts.filter((r) => r.at.getTime() >= from);
};

function matchesCriterion(c: SegmentCriterion, facts: SegmentMemberFacts, now: Date): boolean {
  const metrics = facts.metrics;
  switch (c.kind) {
    case 'tier':
      return c.in.includes(facts.tierCode);
    case 'lifecycleStage':
      return c.in.includes(facts.lifecycleStage);
    case 'city':
      return facts.city !== null && c.in.includes(facts.city);
    case 'rfmScore': {
      const score = metrics ? { recency: metrics.recencyScore, frequency: metrics.frequencyScore, monetary: metrics.monetaryScore }[c.score] : null;
      return score !== null && within(score, c);
    }
    case 'rfmGroup':
      return metrics?.rfmGroup != null && c.in.includes(metrics.rfmGroup);
    case 'churnLevel':
      return metrics?.churnLevel != null && c.in.includes(metrics.churnLevel);
    case 'loyaltyQuadrant':
      return metrics?.loyaltyQuadrant != null && c.in.includes(metrics.loyaltyQuadrant);
    case 'satisfaction':
      return c.in.includes(metrics?.satisfaction ?? 'UNKNOWN');
    case 'clv':
      return metrics?.clvKurus != null && within(metrics.clvKurus, c);
    case 'spend':
      return within(inWindow(facts, c.windowDays, now).reduce((s, r) => s + r.totalKurus, 0), c);
    case 'visits':
      return within(inWindow(facts, c.windowDays, now).length, c);
    case 'daysSinceLastVisit': {
      if (facts.receipts.length === 0) return false;
      const last = Math.max(...facts.receipts.map((r) => r.at.getTime()));
      return within(Math.floor((now.getTime() - last) / DAY), c);
    }
    case 'category':
      return inWindow(facts, c.windowDays, now).some((r) => r.categories.some((x) => c.in.includes(x)));
    case 'brand':
      return inWindow(facts, c.windowDays, now).some((r) => r.brands.some((x) => c.in.includes(x)));
    case 'store':
      return inWindow(facts, c.windowDays, now).some((r) => c.in.includes(r.storeId));
    case 'ageBand':
      return facts.birthDate !== null && within(ageInYears(facts.birthDate, now), c);
    case 'birthdayMonth':
      return facts.birthDate !== null && resolveMonths(c.months, now).includes(Number(facts.birthDate.slice(5, 7)));
    case 'consent':
      return (facts.consents[c.channel] === true) === c.granted;
  }
}

/** Whether a member with these facts belongs to the segment at `now` (same answer as the compiled SQL). */
export function evaluateSegmentRule(rule: SegmentRule, facts: SegmentMemberFacts, now: Date): boolean {
  switch (rule.kind) {
    case 'and':
      return rule.rules.every((r) => evaluateSegmentRule(r, facts, now));
    case 'or':
      return rule.rules.some((r) => evaluateSegmentRule(r, facts, now));
    case 'not':
      return !evaluateSegmentRule(rule.rule, facts, now);
    default:
      return matchesCriterion(rule, facts, now);
  }
}
