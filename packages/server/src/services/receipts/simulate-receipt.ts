import type { TReceiptSimulation } from '@kulup/contracts';

import type { Db } from '../../db/database';
import {
  campaignBreakdown,
  campaignPointsByLine,
  computeReceiptCampaigns,
  toReceiptAwards,
  withinBudgetAsRead,
} from '../campaigns/receipt-campaigns';
import { computeReceiptEarning } from '../earning/compute-receipt-earning';
import { loadProgramSettings } from '../program/program-settings';
import { businessDate } from './business-date';
import { checkReceiptInput } from './check-receipt-input';
import type { ReceiptInput } from './check-receipt-input';
import type { BookingTerminal } from './book-receipt';
import { pointsSnapshot } from './points-snapshot';
import { receiptBreakdown } from './receipt-breakdown';
import { loadReceiptMember, loadTenderHolds, pointsTenders } from './receipt-parties';

/**
 * Previews a receipt without writing anything: the points it would earn with the per-rule breakdown, and the
 * most points the member could spend on it now. Refuses what booking would refuse (bad sums, unknown member,
 * another member's or an expired hold).
 */
export async function simulateReceipt(db: Db, terminal: BookingTerminal, input: ReceiptInput): Promise<TReceiptSimulation> {
  const now = new Date();
  const settings = await loadProgramSettings(db);
  const receipt = checkReceiptInput(input, { kurusPerPoint: settings.kurusPerPoint }, now);
  const tenders = pointsTenders(input);
  const member = await loadReceiptMember(db, input, tenders, { lock: false });
  const final = input.status === 'FINAL';
  const holds = member ? await loadTenderHolds(db, tenders, member.id, terminal.id, { requireOpen: final, now }) : [];
  const occurredAt = new Date(input.occurredAt);
  const earning =
    final && member
      ? await computeReceiptEarning(db, {
          receipt,
          memberId: member.id,
          tierCode: member.tierCode,
          storeId: terminal.storeId,
          occurredAt,
          businessDate: businessDate(occurredAt),
        })
      : null;
  const balance = member ? await pointsSnapshot(db, member.id, now) : null;
  // Points already held for this very sale count as spendable on it.
  const heldForSale = holds.filter((h) => h.hold.status === 'OPEN').reduce((s, h) => s + h.hold.points, 0);
  const canSpend = final && member !== null && member.hasActiveCard && balance !== null;
  const maxRedeemablePoints = canSpend
    ? Math.max(0, Math.min(balance.spendable + heldForSale, Math.floor(input.total / settings.kurusPerPoint)))
    : 0;
  const earnedByLine = new Map((earning?.lines ?? []).map((l) => [l.lineNo, l.points]));
  const campaigns =
    final && member
      ? await computeReceiptCampaigns(db, { memberId: member.id, tierCode: member.tierCode, storeId: terminal.storeId, occurredAt, lines: input.lines, earnedByLine })
      : null;
  const awards = campaigns ? withinBudgetAsRead(campaigns, settings.kurusPerPoint) : [];
  const breakdown = [...receiptBreakdown(earning), ...campaignBreakdown(awards)];
  const campaignLines = campaignPointsByLine(awards);
  const linePoints = new Map(input.lines.map((l) => [l.lineNo, (earnedByLine.get(l.lineNo) ?? 0) + (campaignLines.get(l.lineNo) ?? 0)]));
  return {
    memberId: member?.id ?? null,
    pointsEarned: (earning?.total ?? 0) + awards.reduce((s, a) => s + a.points, 0),
    breakdown,
    lines: input.lines.map((l) => ({ lineNo: l.lineNo, points: linePoints.get(l.lineNo) ?? 0 })),
    pointsRedeemed: final ? holds.reduce((s, h) => s + h.points, 0) : 0,
    maxRedeemablePoints,
    maxRedeemableKurus: maxRedeemablePoints * settings.kurusPerPoint,
    balance,
    tierCode: member?.tierCode ?? null,
    campaigns: toReceiptAwards(awards),
  };
}
