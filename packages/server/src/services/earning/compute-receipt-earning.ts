import { computeEarning, tierMultiplierRules } from '@kulup/domain';
import type { EarningResult, Receipt } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { Tx } from '../context';
import { loadTierDefinitions } from '../tiers/tier.mapper';
import { toDomainRule, toEarningRule } from './earning-rule.mapper';

export type ReceiptEarningInput = {
  receipt: Receipt;
  memberId: string;
  /** The member's tier at the time of the sale (before this receipt's own evaluation). */
  tierCode: string;
  storeId: string;
  /** When the sale happened: rule validity windows are judged at this moment. */
  occurredAt: Date;
  /** The sale's business day, for rules with a per-day cap. */
  businessDate: Date;
};

/** Points a receipt earns under the active rules and the tier multipliers, with the per-rule breakdown (reads only). */
export async function computeReceiptEarning(db: Db | Tx, input: ReceiptEarningInput): Promise<EarningResult> {
  const rows = await db.earningRule.findMany({ where: { active: true } });
  const rules = rows.map((row) => toDomainRule(row.id, toEarningRule(row)));
  const tierRules = tierMultiplierRules(await loadTierDefinitions(db));

  // Per-day rule caps need what each rule already gave this member on the same business day.
  let earnedTodayBefore = 0;
  const earnedTodayByRule: Record<string, number> = {};
  if (rules.some((r) => r.maxPerDay !== undefined)) {
    const today = await db.receipt.findMany({
      where: {
        memberId: input.memberId,
        businessDate: input.businessDate,
        status: 'FINAL',
      },
      select: { pointsEarned: true, earningBreakdown: true },
    });
    for (const r of today) {
      earnedTodayBefore += r.pointsEarned;
      for (const item of (r.earningBreakdown ?? []) as { ruleId: string; points: number }[]) {
        earnedTodayByRule[item.ruleId] = (earnedTodayByRule[item.ruleId] ?? 0) + item.points;
      }
    }
  }

  return computeEarning({
    receipt: input.receipt,
    rules: [...rules, ...tierRules],
    tierCode: input.tierCode,
    earnedTodayBefore,
    earnedTodayByRule,
    at: input.occurredAt,
    storeId: input.storeId,
  });
}
