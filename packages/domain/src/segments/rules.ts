// Segment rules: a tree of and/or/not over criteria, written by marketers without code.
//
// Every criterion is a yes/no question about one member at an instant `now`:
//   tier, lifecycleStage, city             the member's current value is one of `in`
//   rfmScore                               the member's R, F or M quintile score (1–5) is within [min, max]
//   rfmGroup, churnLevel, satisfaction,    the value in the member's nightly metrics snapshot is one of `in`
//   loyaltyQuadrant
//   clv                                    the snapshot's CLV estimate (kuruş) is within [min, max]
//   spend, visits                          Σ receipt totals net of refunds (kuruş) / number of receipts in the last `windowDays`
//                                          days is within [min, max] (members without receipts have 0)
//   daysSinceLastVisit                     whole days since the last receipt within [min, max]; never visited → no
//   category, brand, store                 bought in one of the categories / brands / at one of the stores in the
//                                          last `windowDays` days
//   ageBand                                age in whole years (Europe/Istanbul date) within [min, max]; no birth date → no
//   birthdayMonth                          birth month is one of `months` (1–12, or 'current' / 'next' month of `now`)
//   consent                                the consent in force for `channel` is granted (`granted: true`) or not
//                                          (`granted: false`: refused or never asked)
// Receipts are FINAL receipts (voided ones never count); bounds are inclusive; a missing bound is open.
// A criterion never answers "unknown": a member without the data simply does not match, so `not` is exact.

export const LIFECYCLE_STAGES = ['PROSPECT', 'NEW', 'ACTIVE', 'LAPSED', 'FORMER'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const RFM_GROUPS = [
  'CHAMPIONS',
  'LOYAL',
  'POTENTIAL_LOYALIST',
  'NEW_CUSTOMER',
  'PROMISING',
  'NEED_ATTENTION',
  'ABOUT_TO_SLEEP',
  'AT_RISK',
  'CANNOT_LOSE',
  'HIBERNATING',
  'LOST',
] as const;
export type RfmGroup = (typeof RFM_GROUPS)[number];

export const CHURN_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type ChurnLevel = (typeof CHURN_LEVELS)[number];

export const SATISFACTION_GROUPS = ['SATISFIED', 'NEUTRAL', 'DISSATISFIED', 'UNKNOWN'] as const;
export type SatisfactionGroup = (typeof SATISFACTION_GROUPS)[number];

/** Jones & Sasser: satisfied and loyal = apostle; satisfied, not loyal = mercenary; loyal, not satisfied = hostage. */
export const LOYALTY_QUADRANTS = ['APOSTLE', 'MERCENARY', 'HOSTAGE', 'DEFECTOR'] as const;
export type LoyaltyQuadrant = (typeof LOYALTY_QUADRANTS)[number];

export const CONSENT_CHANNELS = ['SMS', 'CALL', 'EMAIL', 'PUSH', 'PROFILING'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export type Bounds = { min?: number | undefined; max?: number | undefined };
export type MonthRef = number | 'current' | 'next';

export type SegmentCriterion =
  | { kind: 'tier'; in: string[] }
  | { kind: 'lifecycleStage'; in: LifecycleStage[] }
  | ({ kind: 'rfmScore'; score: 'recency' | 'frequency' | 'monetary' } & Bounds)
  | { kind: 'rfmGroup'; in: RfmGroup[] }
  | ({ kind: 'spend'; windowDays: number } & Bounds)
  | ({ kind: 'visits'; windowDays: number } & Bounds)
  | ({ kind: 'daysSinceLastVisit' } & Bounds)
  | { kind: 'category'; in: string[]; windowDays: number }
  | { kind: 'brand'; in: string[]; windowDays: number }
  | { kind: 'store'; in: string[]; windowDays: number }
  | { kind: 'city'; in: string[] }
  | ({ kind: 'ageBand' } & Bounds)
  | { kind: 'birthdayMonth'; months: MonthRef[] }
  | { kind: 'consent'; channel: ConsentChannel; granted: boolean }
  | { kind: 'satisfaction'; in: SatisfactionGroup[] }
  | { kind: 'loyaltyQuadrant'; in: LoyaltyQuadrant[] }
  | { kind: 'churnLevel'; in: ChurnLevel[] }
  | ({ kind: 'clv' } & Bounds);

export type SegmentRule =
  | { kind: 'and'; rules: SegmentRule[] }
  | { kind: 'or'; rules: SegmentRule[] }
  | { kind: 'not'; rule: SegmentRule }
  | SegmentCriterion;

export type CriterionKind = SegmentCriterion['kind'];

export const CRITERION_KINDS = [
  'tier',
  'lifecycleStage',
  'rfmScore',
  'rfmGroup',
  'spend',
  'visits',
  'daysSinceLastVisit',
  'category',
  'brand',
  'store',
  'city',
  'ageBand',
  'birthdayMonth',
  'consent',
  'satisfaction',
  'loyaltyQuadrant',
  'churnLevel',
  'clv',
] as const satisfies readonly CriterionKind[];

export type SegmentFieldError = { path: string; message: string };

/** Limits that keep a rule tree readable and its SQL cheap. */
export const SEGMENT_RULE_LIMITS = { maxDepth: 6, maxChildren: 30, maxCriteria: 60, maxValues: 200, maxWindowDays: 3650 } as const;

const BOUND_LIMITS: Partial<Record<CriterionKind, { min: number; max: number; what: string }>> = {
  rfmScore: { min: 1, max: 5, what: 'a score from 1 to 5' },
  spend: { min: 0, max: 2_000_000_000, what: 'kuruş from 0' },
  visits: { min: 0, max: 1_000_000, what: 'a count from 0' },
  daysSinceLastVisit: { min: 0, max: 36_500, what: 'days from 0' },
  ageBand: { min: 0, max: 130, what: 'years from 0 to 130' },
  clv: { min: 0, max: 2_000_000_000, what: 'kuruş from 0' },
};

/**
 * Checks what the shape cannot: ranges, min ≤ max, at least one bound, window lengths, non-empty groups and
 * lists, and the size limits. Paths are relative to the rule tree's root (`rules.1.windowDays`); `prefix` is
 * prepended (e.g. `rules` for a request body field).
 */
export function validateSegmentRule(rule: SegmentRule, prefix = ''): SegmentFieldError[] {
  const errors: SegmentFieldError[] = [];
  let criteria = 0;
  const at = (path: string, field?: string) => [path, field].filter((p) => p !== undefined && p !== '').join('.') || '(root)';

  const visit = (node: SegmentRule, path: string, depth: number): void => {
    if (depth > SEGMENT_RULE_LIMITS.maxDepth) {
      errors.push({ path: at(path), message: `Rules nest at most ${SEGMENT_RULE_LIMITS.maxDepth} levels deep` });
      return;
    }
    switch (node.kind) {
      case 'and':
      case 'or':
        if (node.rules.length === 0) errors.push({ path: at(path, 'rules'), message: `An "${node.kind}" group needs at least one rule` });
        if (node.rules.length > SEGMENT_RULE_LIMITS.maxChildren) {
          errors.push({ path: at(path, 'rules'), message: `A group holds at most ${SEGMENT_RULE_LIMITS.maxChildren} rules` });
        }
        node.rules.forEach((child, i) => visit(child, at(path, `rules.${i}`), depth + 1));
        return;
      case 'not':
        visit(node.rule, at(path, 'rule'), depth + 1);
        return;
      default:
        criteria += 1;
        checkCriterion(node, path);
    }
  };

  const checkCriterion = (c: SegmentCriterion, path: string): void => {
    if ('in' in c) {
      if (c.in.length === 0) errors.push({ path: at(path, 'in'), message: 'List at least one value' });
      if (c.in.length > SEGMENT_RULE_LIMITS.maxValues) errors.push({ path: at(path, 'in'), message: `At most ${SEGMENT_RULE_LIMITS.maxValues} values` });
      c.in.forEach((v, i) => {
        if (typeof v === 'string' && v.trim() === '') errors.push({ path: at(path, `in.${i}`), message: 'Must not be empty' });
      });
    }
    if ('windowDays' in c && !(Number.isInteger(c.windowDays) && c.windowDays >= 1 && c.windowDays <= SEGMENT_RULE_LIMITS.maxWindowDays)) {
      errors.push({ path: at(path, 'windowDays'), message: `Whole days from 1 to ${SEGMENT_RULE_LIMITS.maxWindowDays}` });
    }
    const limits = BOUND_LIMITS[c.kind];
    if (limits) {
      const b = c as Bounds;
      if (b.min === undefined && b.max === undefined) errors.push({ path: at(path), message: 'Give min, max or both' });
      for (const key of ['min', 'max'] as const) {
        const v = b[key];
        if (v !== undefined && !(Number.isInteger(v) && v >= limits.min && v <= limits.max)) {
          errors.push({ path: at(path, key), message: `Must be ${limits.what}${limits.max < 1_000_000 ? ` to ${limits.max}` : ''}, a whole number` });
        }
      }
      if (b.min !== undefined && b.max !== undefined && b.min > b.max) errors.push({ path: at(path, 'max'), message: 'max must not be below min' });
    }
    if (c.kind === 'birthdayMonth') {
      if (c.months.length === 0) errors.push({ path: at(path, 'months'), message: 'List at least one month' });
      c.months.forEach((m, i) => {
        if (m !== 'current' && m !== 'next' && !(Number.isInteger(m) && m >= 1 && m <= 12)) {
          errors.push({ path: at(path, `months.${i}`), message: 'A month 1–12, "current" or "next"' });
        }
      });
    }
  };

  visit(rule, prefix, 0);
  if (criteria > SEGMENT_RULE_LIMITS.maxCriteria) errors.push({ path: at(prefix), message: `At most ${SEGMENT_RULE_LIMITS.maxCriteria} criteria in one segment` });
  return errors;
}

/** Every criterion of a tree, with its path (for checking references such as tier codes and store ids). */
export function criteriaOf(rule: SegmentRule, path = ''): { path: string; criterion: SegmentCriterion }[] {
  const join = (p: string, f: string) => (p ? `${p}.${f}` : f);
  switch (rule.kind) {
    case 'and':
    case 'or':
      return rule.rules.flatMap((r, i) => criteriaOf(r, join(path, `rules.${i}`)));
    case 'not':
      return criteriaOf(rule.rule, join(path, 'rule'));
    default:
      return [{ path, criterion: rule }];
  }
}
