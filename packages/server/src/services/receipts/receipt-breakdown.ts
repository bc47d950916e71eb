import type { TEarningBreakdownItem } from '@kulup/contracts';
import type { EarningResult } from '@kulup/domain';

/**
 * The per-rule breakdown shown on the POS and stored with the receipt: rules that contributed points, and
 * rules whose cap cut them (so a capped rule is visible even at zero).
 */
export function receiptBreakdown(earning: EarningResult | null): TEarningBreakdownItem[] {
  return (earning?.breakdown ?? [])
    .filter((b) => b.points !== 0 || b.capped)
    .map((b) => ({ ruleId: b.ruleId, ruleName: b.ruleName, kind: b.kind, points: b.points, lines: b.lines, capped: b.capped }));
}
