// Forecast of a campaign before activation: replay the last period's receipts of its audience through the
// campaign alone. Assumes every eligible member activates (an upper bound for activation campaigns), holds
// the control group out, and ignores the budget cap (the forecast is what would be asked of the budget).

import type { BasketLine, BudgetUnit, Campaign, MemberFacts } from './campaign-types';
import { awardCost, evaluateCampaigns } from './evaluate-campaigns';

export type PastReceipt = { at: Date; storeId: string; member: MemberFacts; lines: readonly BasketLine[] };

export type CampaignForecast = {
  receipts: number;
  matchedReceipts: number;
  /** Distinct members who would have received an award. */
  reach: number;
  points: number;
  discountKurus: number;
  giftKurus: number;
  drawEntries: number;
  /** Total cost in the campaign's budget unit. */
  cost: number;
  /** Points liability in kuruş (points × kurusPerPoint) plus discounts and gifts. */
  costKurus: number;
};

/** Reach and cost of `campaign` over `receipts`, each receipt shifted into the campaign's window. */
export function forecastCampaign(campaign: Campaign, receipts: readonly PastReceipt[], unit: BudgetUnit, kurusPerPoint: number): CampaignForecast {
  const assumed: Campaign = { ...campaign, requiresActivation: false, maxAwardsPerMember: undefined, startsAt: new Date(0), endsAt: new Date(8.64e15) };
  const out: CampaignForecast = { receipts: receipts.length, matchedReceipts: 0, reach: 0, points: 0, discountKurus: 0, giftKurus: 0, drawEntries: 0, cost: 0, costKurus: 0 };
  const reached = new Set<string>();
  for (const r of receipts) {
    const { awards } = evaluateCampaigns({ campaigns: [assumed], lines: r.lines, member: r.member, at: r.at, storeId: r.storeId });
    const award = awards[0];
    if (!award) continue;
    out.matchedReceipts += 1;
    reached.add(r.member.memberId);
    out.points += award.points;
    out.discountKurus += award.discountKurus;
    out.giftKurus += award.gift?.valueKurus ?? 0;
    out.drawEntries += award.drawEntries;
    out.cost += awardCost(award, unit, kurusPerPoint);
    out.costKurus += awardCost(award, 'KURUS', kurusPerPoint);
  }
  out.reach = reached.size;
  return out;
}
