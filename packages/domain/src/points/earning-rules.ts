// Earning rules are data a marketer configures; computeEarning turns a receipt into points by them.
//
// What earns: only what the shopper actually paid for with money, on ordinary goods.
//   - Reward/discount lines (`isReward`) never earn, nor do lines matched by an `exclude` rule.
//   - Each positive line's *paid base* is its net × (total − points tender) / Σ positive line nets. That one
//     factor spreads basket-level discount lines (negative reward lines) and the points tender over all
//     positive lines in proportion to their value, so neither discounts nor the share paid with points earn.
//   - Fixed bonuses are scaled by the share of the receipt not paid with points, (total − points tender) / total:
//     a basket paid half with points gets half the bonus, one paid fully with points gets none.
//
// Stacking, in this order:
//   1. `exclude` rules take matching lines out of earning (and out of the minimum-basket amount).
//   2. One `base` rule applies: the applicable one with the highest priority (ties: smallest id).
//      Line base points = paid base (kuruş) × pointsPerTry / 100.
//   3. `multiplier` rules multiply a line's base points; several multiply together (2 × 1.5 = 3 × base).
//      Each multiplier is credited in the breakdown with the extra it adds, in priority order.
//   4. `bonus` rules add fixed points (per receipt, spread over matching lines by net value, or per unit);
//      bonuses are never multiplied.
//   5. Caps apply last: first each rule's own per-receipt/per-day cap on its contribution, then the receipt total
//      is floored to whole points, then the program-wide per-receipt/per-day caps.
//
// Rounding: all arithmetic is exact (fractions); the receipt total is floored once. The total is then split
// over lines and over rules by largest remainder (ties to the earlier line / earlier rule), so per-line points
// and the breakdown each sum exactly to the total and each share is the floor or ceiling of its exact value.
//
// "Today" for per-day caps is the caller's business day (Europe/Istanbul); the caller passes what was already
// earned that day. Validity windows are half-open: validFrom ≤ at < validTo.

import {
  type Fraction,
  ZERO,
  add,
  cmp,
  div,
  floor,
  frac,
  fromDecimal,
  isDecimal,
  largestRemainder,
  mul,
  sub,
  sum,
  toSafeNumber,
} from './fraction';
import { type FieldError, type Receipt, type ReceiptLine, lineNet, pointsTender, validateReceipt } from './receipt';

/** Which lines a rule touches: each given list must contain the line's value (lists AND, values within a list OR). */
export type LineMatch = {
  categories?: readonly string[];
  brands?: readonly string[];
  skus?: readonly string[];
};

/** What a rule does; see the stacking order at the top of this file. */
export type EarningEffect =
  | { kind: 'base'; pointsPerTry: number }
  | { kind: 'multiplier'; multiplier: number; match?: LineMatch }
  | { kind: 'bonus'; points: number; per: 'receipt' | 'unit'; match?: LineMatch }
  | { kind: 'exclude'; match: LineMatch };

/** A marketer-configured earning rule; optional conditions left out mean "no restriction". */
export type EarningRule = {
  id: string;
  name: string;
  /** Higher wins among base rules and is credited first among multipliers. */
  priority: number;
  effect: EarningEffect;
  validFrom?: Date;
  validTo?: Date;
  storeIds?: readonly string[];
  tierCodes?: readonly string[];
  /** Minimum eligible basket in kuruş (net of discounts, reward and excluded lines; tender does not matter). */
  minBasket?: number;
  maxPerReceipt?: number;
  maxPerDay?: number;
};

/** Program-wide caps on the points one member earns. */
export type EarningCaps = { perReceipt?: number; perDay?: number };

/** Everything computeEarning needs; time and the day's earlier earnings are passed in. */
export type ComputeEarningInput = {
  receipt: Receipt;
  rules: readonly EarningRule[];
  tierCode: string;
  /** Points the member already earned today before this receipt (for the program per-day cap). */
  earnedTodayBefore: number;
  /** Points each rule already gave the member today (for rule per-day caps); missing rules count as 0. */
  earnedTodayByRule?: Readonly<Record<string, number>>;
  caps?: EarningCaps;
  at: Date;
  storeId: string;
};

/** One rule's share of the receipt's points and the lines it touched. */
export type RuleEarning = {
  ruleId: string;
  ruleName: string;
  kind: EarningEffect['kind'];
  points: number;
  lines: number[];
  capped: boolean;
};

/** Points earned by one receipt line (kept to reverse them proportionally on return). */
export type LineEarning = { lineNo: number; points: number };

/** Result of computeEarning: total = Σ lines.points = Σ breakdown.points. */
export type EarningResult = {
  total: number;
  breakdown: RuleEarning[];
  lines: LineEarning[];
  /** Kuruş (floored) that counts for minimum baskets: eligible lines net of all discounts. */
  eligibleAmount: number;
  /** Kuruş (floored) that earns base points: eligibleAmount without the points-tender share. */
  earningBase: number;
  /** True when a program cap cut the total. */
  cappedByProgram: boolean;
};

/** Stable codes for rule validation failures. */
export type EarningRuleErrorCode =
  | 'required'
  | 'duplicate_id'
  | 'not_integer'
  | 'out_of_range'
  | 'too_precise'
  | 'invalid_window'
  | 'empty_match';

/** Every problem with a rule set as field-path errors (`rules.3.effect.multiplier`); empty means usable. */
export function validateEarningRules(rules: readonly EarningRule[]): FieldError<EarningRuleErrorCode>[] {
  const errors: FieldError<EarningRuleErrorCode>[] = [];
  const fail = (path: string, code: EarningRuleErrorCode, message: string): void => {
    errors.push({ path, code, message });
  };
  const intAtLeast = (path: string, v: number | undefined, lo: number): void => {
    if (v === undefined) return;
    if (!Number.isSafeInteger(v)) fail(path, 'not_integer', 'must be a whole number');
    else if (v < lo) fail(path, 'out_of_range', `must be at least ${lo}`);
  };
  const decimalAtLeast = (path: string, v: number, lo: number): void => {
    if (!isDecimal(v)) fail(path, 'too_precise', 'must be a number with at most 4 decimals');
    else if (v < lo) fail(path, 'out_of_range', `must be at least ${lo}`);
  };
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    const at = `rules.${i}`;
    if (r.id.trim() === '') fail(`${at}.id`, 'required', 'id is required');
    else if (ids.has(r.id)) fail(`${at}.id`, 'duplicate_id', `rule id ${r.id} appears twice`);
    ids.add(r.id);
    if (r.name.trim() === '') fail(`${at}.name`, 'required', 'name is required');
    if (!Number.isSafeInteger(r.priority)) fail(`${at}.priority`, 'not_integer', 'must be a whole number');
    if (r.validFrom && r.validTo && r.validFrom.getTime() >= r.validTo.getTime()) {
      fail(`${at}.validTo`, 'invalid_window', 'validTo must be after validFrom');
    }
    intAtLeast(`${at}.minBasket`, r.minBasket, 0);
    intAtLeast(`${at}.maxPerReceipt`, r.maxPerReceipt, 0);
    intAtLeast(`${at}.maxPerDay`, r.maxPerDay, 0);
    const e = r.effect;
    switch (e.kind) {
      case 'base':
        decimalAtLeast(`${at}.effect.pointsPerTry`, e.pointsPerTry, 0);
        break;
      case 'multiplier':
        decimalAtLeast(`${at}.effect.multiplier`, e.multiplier, 1);
        break;
      case 'bonus':
        intAtLeast(`${at}.effect.points`, e.points, 1);
        break;
      case 'exclude':
        if (isEmptyMatch(e.match)) fail(`${at}.effect.match`, 'empty_match', 'an exclusion must name what it excludes');
        break;
    }
  });
  return errors;
}

function isEmptyMatch(m: LineMatch): boolean {
  return !m.categories?.length && !m.brands?.length && !m.skus?.length;
}

/** True when the line satisfies the match (an absent match matches every line). */
export function matchesLine(match: LineMatch | undefined, line: ReceiptLine): boolean {
  if (!match) return true;
  if (match.categories && !match.categories.includes(line.category)) return false;
  if (match.brands && (line.brand === undefined || !match.brands.includes(line.brand))) return false;
  if (match.skus && !match.skus.includes(line.sku)) return false;
  return true;
}

/** True when the rule's window, store filter and tier filter admit this sale (minimum basket is checked later). */
export function isRuleActive(rule: EarningRule, at: Date, storeId: string, tierCode: string): boolean {
  const t = at.getTime();
  if (rule.validFrom && t < rule.validFrom.getTime()) return false;
  if (rule.validTo && t >= rule.validTo.getTime()) return false;
  if (rule.storeIds && !rule.storeIds.includes(storeId)) return false;
  if (rule.tierCodes && !rule.tierCodes.includes(tierCode)) return false;
  return true;
}

const byPriority = (a: EarningRule, b: EarningRule): number =>
  b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const STAGE: Record<EarningEffect['kind'], number> = { exclude: 0, base: 1, multiplier: 2, bonus: 3 };

type Row = { rule: EarningRule; values: Fraction[]; lines: number[]; capped: boolean };

/** Points a receipt earns under the rules, with per-rule and per-line breakdowns that sum exactly to the total. */
export function computeEarning(input: ComputeEarningInput): EarningResult {
  const { receipt, tierCode, at, storeId } = input;
  // Callers validate first and answer 4xx; reaching here with bad data is a programming error.
  const invalid = [...validateReceipt(receipt), ...validateEarningRules(input.rules)][0];
  if (invalid) throw new RangeError(`invalid earning input: ${invalid.path} ${invalid.message}`);

  const lines = receipt.lines;
  const nets = lines.map(lineNet);
  const positiveSum = nets.reduce((s, n) => s + Math.max(n, 0), 0);
  const zeroLines = lines.map((l) => ({ lineNo: l.lineNo, points: 0 }));
  const nothing: EarningResult = {
    total: 0,
    breakdown: [],
    lines: zeroLines,
    eligibleAmount: 0,
    earningBase: 0,
    cappedByProgram: false,
  };
  if (receipt.total === 0 || positiveSum === 0) return nothing;

  const paidWithMoney = receipt.total - pointsTender(receipt).amount;
  const paidShare = frac(paidWithMoney, positiveSum); // money paid per kuruş of positive line value
  const discountShare = frac(receipt.total, positiveSum); // what is left after basket discounts
  const moneyShare = frac(paidWithMoney, receipt.total); // share of the receipt not paid with points

  const active = input.rules.filter((r) => isRuleActive(r, at, storeId, tierCode)).sort(byPriority);
  const rows: Row[] = [];
  const newRow = (rule: EarningRule): Row => ({ rule, values: lines.map(() => ZERO), lines: [], capped: false });

  // 1. Exclusions.
  const excluded = lines.map((l, i) => l.isReward === true || (nets[i] ?? 0) <= 0);
  for (const rule of active) {
    const e = rule.effect;
    if (e.kind !== 'exclude') continue;
    const row = newRow(rule);
    lines.forEach((l, i) => {
      if (l.isReward !== true && matchesLine(e.match, l)) {
        if (!excluded[i]) row.lines.push(l.lineNo);
        excluded[i] = true;
      }
    });
    if (row.lines.length > 0) rows.push(row);
  }
  const eligible = lines.map((_, i) => i).filter((i) => !excluded[i]);
  const eligibleAmount = sum(eligible.map((i) => mul(frac(nets[i] ?? 0), discountShare)));
  const earningBase = sum(eligible.map((i) => mul(frac(nets[i] ?? 0), paidShare)));
  const meetsMinimum = (r: EarningRule): boolean =>
    r.minBasket === undefined || cmp(eligibleAmount, frac(r.minBasket)) >= 0;
  const usable = active.filter((r) => r.effect.kind !== 'exclude' && meetsMinimum(r));

  // 2. Base: one rule.
  const running = lines.map(() => ZERO);
  const base = usable.find((r) => r.effect.kind === 'base');
  if (base && base.effect.kind === 'base' && eligible.length > 0) {
    const rate = div(fromDecimal(base.effect.pointsPerTry), frac(100));
    const row = newRow(base);
    for (const i of eligible) {
      const v = mul(mul(frac(nets[i] ?? 0), paidShare), rate);
      row.values[i] = v;
      running[i] = v;
      row.lines.push(lines[i]?.lineNo ?? 0);
    }
    rows.push(row);
  }

  // 3. Multipliers, credited in priority order with the extra each one adds.
  for (const rule of usable) {
    if (rule.effect.kind !== 'multiplier') continue;
    const extraFactor = sub(fromDecimal(rule.effect.multiplier), frac(1));
    const row = newRow(rule);
    for (const i of eligible) {
      const line = lines[i];
      if (!line || !matchesLine(rule.effect.match, line)) continue;
      const extra = mul(running[i] ?? ZERO, extraFactor);
      row.values[i] = extra;
      running[i] = add(running[i] ?? ZERO, extra);
      row.lines.push(line.lineNo);
    }
    if (row.lines.length > 0) rows.push(row);
  }

  // 4. Fixed bonuses, scaled by the share paid with money.
  for (const rule of usable) {
    const e = rule.effect;
    if (e.kind !== 'bonus') continue;
    const matching = eligible.filter((i) => {
      const line = lines[i];
      return line !== undefined && matchesLine(e.match, line);
    });
    if (matching.length === 0) continue;
    const row = newRow(rule);
    const bonus = mul(frac(e.points), moneyShare);
    const matchingNet = matching.reduce((s, i) => s + (nets[i] ?? 0), 0);
    for (const i of matching) {
      const line = lines[i];
      if (!line) continue;
      row.values[i] =
        e.per === 'unit' ? mul(bonus, frac(line.quantity)) : mul(bonus, frac(nets[i] ?? 0, matchingNet));
      row.lines.push(line.lineNo);
    }
    rows.push(row);
  }

  // 5a. Rule caps on each rule's own contribution.
  for (const row of rows) {
    const limits: number[] = [];
    if (row.rule.maxPerReceipt !== undefined) limits.push(row.rule.maxPerReceipt);
    if (row.rule.maxPerDay !== undefined) {
      limits.push(Math.max(0, row.rule.maxPerDay - (input.earnedTodayByRule?.[row.rule.id] ?? 0)));
    }
    if (limits.length === 0) continue;
    const limit = frac(Math.min(...limits));
    const rowSum = sum(row.values);
    if (cmp(rowSum, limit) > 0) {
      const scale = div(limit, rowSum);
      row.values = row.values.map((v) => mul(v, scale));
      row.capped = true;
    }
  }

  // 5b. Floor once per receipt, then program caps.
  const exact = sum(rows.map((r) => sum(r.values)));
  let total = floor(exact);
  const programLimits: bigint[] = [];
  if (input.caps?.perReceipt !== undefined) programLimits.push(BigInt(input.caps.perReceipt));
  if (input.caps?.perDay !== undefined) {
    programLimits.push(BigInt(Math.max(0, input.caps.perDay - input.earnedTodayBefore)));
  }
  let cappedByProgram = false;
  for (const limit of programLimits) {
    if (total > limit) {
      total = limit;
      cappedByProgram = true;
    }
  }

  // 6. Split the integer total over lines and over rules by largest remainder.
  const scale = exact.n === 0n ? ZERO : div(frac(total), exact);
  const lineQuotas = lines.map((_, i) => mul(sum(rows.map((r) => r.values[i] ?? ZERO)), scale));
  const linePoints = largestRemainder(lineQuotas, total);
  rows.sort((a, b) => STAGE[a.rule.effect.kind] - STAGE[b.rule.effect.kind] || byPriority(a.rule, b.rule));
  const rulePoints = largestRemainder(
    rows.map((r) => mul(sum(r.values), scale)),
    total,
  );

  return {
    total: toSafeNumber(total),
    breakdown: rows.map((r, k) => ({
      ruleId: r.rule.id,
      ruleName: r.rule.name,
      kind: r.rule.effect.kind,
      points: toSafeNumber(rulePoints[k] ?? 0n),
      lines: r.lines,
      capped: r.capped,
    })),
    lines: lines.map((l, i) => ({ lineNo: l.lineNo, points: toSafeNumber(linePoints[i] ?? 0n) })),
    eligibleAmount: toSafeNumber(floor(eligibleAmount)),
    earningBase: toSafeNumber(floor(earningBase)),
    cappedByProgram,
  };
}
