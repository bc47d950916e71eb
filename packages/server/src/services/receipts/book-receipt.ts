import type { TReceiptBooked } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import {
  campaignBreakdown,
  campaignPointsByLine,
  computeReceiptCampaigns,
  recordCampaignAwards,
  reserveCampaignBudgets,
  toReceiptAwards,
} from '../campaigns/receipt-campaigns';
import type { Actor, Tx } from '../context';
import { computeReceiptEarning } from '../earning/compute-receipt-earning';
import { settleHold } from '../holds/settle-hold';
import { runIdempotent } from '../idempotency/run-idempotent';
import type { IdempotencyScope, IdempotentResult } from '../idempotency/run-idempotent';
import { emitEvent } from '../outbox/emit-event';
import { SYSTEM_ACCOUNT, postLedgerEvent } from '../points/ledger';
import { loadProgramSettings } from '../program/program-settings';
import { settleMemberDebt } from '../returns/settle-member-debt';
import { evaluateMemberTier } from '../tiers/evaluate-member-tier';
import { rethrowUnique } from '../unique-violation';
import { businessDate } from './business-date';
import { checkReceiptInput } from './check-receipt-input';
import type { ReceiptInput } from './check-receipt-input';
import { pointsSnapshot } from './points-snapshot';
import { receiptBreakdown } from './receipt-breakdown';
import { loadReceiptMember, loadTenderHolds, pointsTenders } from './receipt-parties';

export type BookingTerminal = { id: string; storeId: string };

const DAY_MS = 86_400_000;

function addMonths(at: Date, months: number): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/**
 * Books a receipt exactly once per idempotency key, in one transaction: captures the points tender from its
 * hold (releasing the rest), earns points by the active rules and the tier multiplier into a pending lot,
 * evaluates the member's tier, and records outbox events and an audit row. Bad input writes nothing.
 */
export async function bookReceipt(
  db: Db,
  actor: Actor,
  terminal: BookingTerminal,
  scope: IdempotencyScope,
  input: ReceiptInput,
): Promise<IdempotentResult<TReceiptBooked>> {
  checkReceiptInput(input);
  return runIdempotent(db, scope, (tx) => book(tx, actor, terminal, input)).catch(
    rethrowUnique({ externalRef: 'This terminal already booked a receipt with this number' }),
  );
}

async function book(tx: Tx, actor: Actor, terminal: BookingTerminal, input: ReceiptInput): Promise<TReceiptBooked> {
  const now = new Date();
  const occurredAt = new Date(input.occurredAt);
  const day = businessDate(occurredAt);
  const final = input.status === 'FINAL';
  const settings = await loadProgramSettings(tx);
  const receipt = checkReceiptInput(input, { kurusPerPoint: settings.kurusPerPoint }, now);
  const tenders = pointsTenders(input);

  const member = await loadReceiptMember(tx, input, tenders);
  const existing = await tx.receipt.findUnique({
    where: { terminalId_externalRef: { terminalId: terminal.id, externalRef: input.externalRef } },
    select: { id: true },
  });
  if (existing) {
    const message = `This terminal already booked receipt ${input.externalRef} (${existing.id}) under another Idempotency-Key`;
    throw new ServiceError('CONFLICT', message, [{ path: 'externalRef', message }]);
  }
  const holds = member ? await loadTenderHolds(tx, tenders, member.id, terminal.id, { requireOpen: final, now }) : [];

  const earning = final && member
    ? await computeReceiptEarning(tx, {
        receipt,
        memberId: member.id,
        tierCode: member.tierCode,
        storeId: terminal.storeId,
        occurredAt,
        businessDate: day,
      })
    : null;
  const earnedByLine = new Map((earning?.lines ?? []).map((l) => [l.lineNo, l.points]));
  // Campaigns: evaluated on the basket, then each award's cost reserved on its budget (docs/campaigns.md).
  const campaigns = final && member
    ? await computeReceiptCampaigns(tx, { memberId: member.id, tierCode: member.tierCode, storeId: terminal.storeId, occurredAt, lines: input.lines, earnedByLine })
    : null;
  const awards = campaigns ? await reserveCampaignBudgets(tx, campaigns, settings.kurusPerPoint) : [];
  const campaignPoints = awards.reduce((s, a) => s + a.points, 0);
  const pointsEarned = (earning?.total ?? 0) + campaignPoints;
  const breakdown = [...receiptBreakdown(earning), ...campaignBreakdown(awards)];
  const campaignLines = campaignPointsByLine(awards);
  const linePoints = new Map(input.lines.map((l) => [l.lineNo, (earnedByLine.get(l.lineNo) ?? 0) + (campaignLines.get(l.lineNo) ?? 0)]));
  const pointsRedeemed = final ? holds.reduce((s, h) => s + h.points, 0) : 0;
  const redeemedKurus = final ? holds.reduce((s, h) => s + h.amount, 0) : 0;

  const row = await tx.receipt.create({
    data: {
      storeId: terminal.storeId,
      terminalId: terminal.id,
      externalRef: input.externalRef,
      cashierRef: input.cashierRef ?? null,
      memberId: member?.id ?? null,
      status: input.status,
      occurredAt,
      businessDate: day,
      totalKurus: input.total,
      pointsEarned,
      pointsRedeemed,
      earningBreakdown: earning || awards.length > 0 ? breakdown : undefined,
      lines: {
        create: input.lines.map((l) => ({
          lineNo: l.lineNo,
          sku: l.sku,
          category: l.category,
          brand: l.brand ?? null,
          quantity: l.quantity,
          unitPriceKurus: l.unitPrice,
          lineDiscountKurus: l.lineDiscount,
          isReward: l.isReward ?? false,
          netKurus: l.quantity * l.unitPrice - l.lineDiscount,
          pointsEarned: linePoints.get(l.lineNo) ?? 0,
        })),
      },
      payments: {
        create: input.payments.map((p) => ({
          method: p.method,
          amountKurus: p.amount,
          points: p.method === 'points' ? p.points : null,
        })),
      },
    },
  });

  // A final sale captures what it tendered; a voided one gives every still-open hold back.
  for (const { hold, points } of holds) {
    if (final) await settleHold(tx, actor, hold, { capture: points, receiptId: row.id, at: now });
    else if (hold.status === 'OPEN') await settleHold(tx, actor, hold, { capture: 0, receiptId: row.id, at: now });
  }

  let pointsAvailableAt: Date | null = null;
  const earnedByRules = earning?.total ?? 0;
  if (member && pointsEarned > 0) pointsAvailableAt = new Date(occurredAt.getTime() + settings.pendingDays * DAY_MS);
  if (member && pointsAvailableAt && earnedByRules > 0) {
    const lot = await tx.pointsLot.create({
      data: {
        memberId: member.id,
        source: 'EARN',
        receiptId: row.id,
        earned: earnedByRules,
        earnedAt: occurredAt,
        availableAt: pointsAvailableAt,
        expiresAt: addMonths(occurredAt, settings.expiryMonths),
      },
    });
    await postLedgerEvent(tx, actor, {
      eventKey: `receipt:${row.id}:earn`,
      kind: 'EARN',
      memberId: member.id,
      points: earnedByRules,
      counterAccount: SYSTEM_ACCOUNT.issued,
      receiptId: row.id,
      lotId: lot.id,
    });
  }
  if (member && campaigns) {
    // Campaign points are their own lots and ledger events, with the same pending and expiry rules.
    await recordCampaignAwards(tx, actor, {
      receiptId: row.id,
      memberId: member.id,
      occurredAt,
      availableAt: pointsAvailableAt ?? occurredAt,
      expiresAt: addMonths(occurredAt, settings.expiryMonths),
      awards,
      campaigns,
    });
  }
  // A negative balance left by a return is paid off first from the new points.
  if (member && pointsEarned > 0) await settleMemberDebt(tx, member.id);

  const tier = member && final ? await evaluateMemberTier(tx, member.id, now) : null;
  const balance = member ? await pointsSnapshot(tx, member.id, now) : null;

  const body: TReceiptBooked = {
    receiptId: row.id,
    externalRef: row.externalRef,
    status: row.status,
    memberId: member?.id ?? null,
    pointsEarned,
    breakdown,
    lines: input.lines.map((l) => ({ lineNo: l.lineNo, points: linePoints.get(l.lineNo) ?? 0 })),
    pointsAvailableAt: pointsAvailableAt?.toISOString() ?? null,
    pointsRedeemed,
    redeemedKurus,
    balance,
    tier,
    campaigns: toReceiptAwards(awards),
  };

  await emitEvent(tx, 'receipt.booked', row.id, {
    receiptId: row.id,
    storeId: terminal.storeId,
    terminalId: terminal.id,
    externalRef: row.externalRef,
    memberId: body.memberId,
    status: row.status,
    occurredAt: occurredAt.toISOString(),
    totalKurus: row.totalKurus,
    pointsEarned,
    pointsRedeemed,
  });
  if (member && balance && (pointsEarned > 0 || pointsRedeemed > 0)) {
    await emitEvent(tx, 'points.changed', member.id, {
      memberId: member.id,
      reason: 'receipt',
      receiptId: row.id,
      earned: pointsEarned,
      redeemed: pointsRedeemed,
      balance: balance.points,
      spendable: balance.spendable,
    });
  }
  await writeAudit(tx, actor, {
    action: 'receipt.book',
    entityType: 'receipt',
    entityId: row.id,
    after: {
      externalRef: row.externalRef,
      status: row.status,
      memberId: body.memberId,
      totalKurus: row.totalKurus,
      pointsEarned,
      pointsRedeemed,
      holdIds: holds.map((h) => h.hold.id),
      campaignIds: awards.map((a) => a.campaignId),
    },
  });
  return body;
}
