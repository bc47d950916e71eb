import type { TReturnResponse } from '@kulup/contracts';
import { applyReturnPolicy, computeReturnReversal, computeTenderRefund } from '@kulup/domain';
import type { FieldError, LineReversal } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { Prisma } from '../../generated/prisma/client';
import { ServiceError } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';
import { runIdempotent } from '../idempotency/run-idempotent';
import type { IdempotencyScope, IdempotentResult } from '../idempotency/run-idempotent';
import { addMonths } from '../jobs/zoned-time';
import { emitEvent } from '../outbox/emit-event';
import { SYSTEM_ACCOUNT, loadOpenLots, lockMember, postLedgerEvent, saveLots } from '../points/ledger';
import { loadProgramSettings } from '../program/program-settings';
import { evaluateMemberTier } from '../tiers/evaluate-member-tier';
import { settleMemberDebt } from './settle-member-debt';

export type BookReturnInput = {
  originalReceiptId: string;
  externalRef: string;
  lines: { lineNo: number; quantity: number }[];
  refundKurus?: number | undefined;
};

// floor(a × b / c) exactly, for non-negative integers.
const mulDivFloor = (a: number, b: number, c: number): number => Number((BigInt(a) * BigInt(b)) / BigInt(c));

const fieldsOf = (errors: FieldError[]) => errors.map((e) => ({ path: e.path.replace(/^returnLines\./, 'lines.'), message: e.message }));

/**
 * Books a return against its original receipt exactly once per idempotency key: reverses the returned lines'
 * share of the earned points (never more than they earned, taken as the program's return policy allows and
 * the rest waived), refunds points paid as tender as a new spendable lot, and records both in the ledger,
 * the receipt lines, the outbox and the audit log in one transaction. Nothing is written when it fails.
 */
export async function bookReturn(
  db: Db,
  actor: Actor,
  scope: IdempotencyScope,
  input: BookReturnInput,
): Promise<IdempotentResult<TReturnResponse>> {
  return runIdempotent(db, scope, (tx) => bookReturnInTx(tx, actor, scope.terminalId, input, new Date()));
}

async function bookReturnInTx(tx: Tx, actor: Actor, terminalId: string, input: BookReturnInput, at: Date): Promise<TReturnResponse> {
  const head = await tx.receipt.findUnique({ where: { id: input.originalReceiptId }, select: { memberId: true } });
  if (!head) {
    throw new ServiceError('RECEIPT_NOT_FOUND', 'The original receipt does not exist', [
      { path: 'originalReceiptId', message: 'No receipt with this id' },
    ]);
  }
  const memberId = head.memberId;
  // Member first (every points write takes it first), then the receipt, which serialises returns of
  // receipts without a member too.
  if (memberId) await lockMember(tx, memberId);
  await tx.$queryRaw`SELECT id FROM receipt WHERE id = ${input.originalReceiptId}::uuid FOR NO KEY UPDATE`;
  // Related rows one query at a time: inside an interactive transaction on adapter-pg, an `include` sends
  // its queries concurrently on the one connection, which pg deprecates.
  const receipt = {
    ...(await tx.receipt.findUniqueOrThrow({ where: { id: input.originalReceiptId } })),
    lines: await tx.receiptLine.findMany({ where: { receiptId: input.originalReceiptId }, orderBy: { lineNo: 'asc' } }),
    payments: await tx.receiptPayment.findMany({ where: { receiptId: input.originalReceiptId } }),
    returns: await tx.receiptReturn.findMany({ where: { receiptId: input.originalReceiptId }, select: { refundKurus: true } }),
  };
  if (receipt.status !== 'FINAL') {
    throw new ServiceError('RECEIPT_INVALID', `The original receipt is ${receipt.status.toLowerCase()}`, [
      { path: 'originalReceiptId', message: 'Only a final receipt can be returned against' },
    ]);
  }
  const duplicate = await tx.receiptReturn.findUnique({
    where: { terminalId_externalRef: { terminalId, externalRef: input.externalRef } },
    select: { id: true },
  });
  if (duplicate) {
    throw new ServiceError('CONFLICT', 'This terminal already booked a return with this number', [
      { path: 'externalRef', message: 'Already used by this terminal' },
    ]);
  }

  const reversal = computeReturnReversal({
    originalLines: receipt.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity, earnedPoints: l.pointsEarned })),
    alreadyReturnedQuantities: Object.fromEntries(receipt.lines.map((l) => [l.lineNo, l.returnedQuantity])),
    alreadyReversedPoints: Object.fromEntries(receipt.lines.map((l) => [l.lineNo, l.pointsReversed])),
    returnLines: input.lines,
  });
  if (!reversal.ok) {
    const exceeds = reversal.errors.some((e) => e.code === 'exceeds_purchased');
    const unknown = reversal.errors.some((e) => e.code === 'unknown_line');
    const code = exceeds ? 'RETURN_EXCEEDS_PURCHASE' : unknown ? 'UNKNOWN_REFERENCE' : 'VALIDATION_FAILED';
    const message = exceeds
      ? 'More units are returned than were bought and not yet returned'
      : unknown
        ? 'A returned line is not on the original receipt'
        : 'The returned lines are invalid';
    throw new ServiceError(code, message, fieldsOf(reversal.errors));
  }

  const returnedValueBefore = receipt.returns.reduce((s, r) => s + r.refundKurus, 0);
  const value = input.refundKurus ?? defaultReturnValue(receipt.lines, reversal.lines, receipt.totalKurus - returnedValueBefore);
  const tender = receipt.payments
    .filter((p) => p.points !== null && p.points > 0)
    .reduce((t, p) => ({ amount: t.amount + p.amountKurus, points: t.points + (p.points ?? 0) }), { amount: 0, points: 0 });
  const refund = computeTenderRefund({ receiptTotal: receipt.totalKurus, pointsTender: tender, returnedValueBefore, returnValue: value });
  if (!refund.ok) {
    throw new ServiceError('RETURN_EXCEEDS_PURCHASE', 'The refund is more than is left of the receipt', [
      { path: 'refundKurus', message: `At most ${Math.max(0, receipt.totalKurus - returnedValueBefore)} kuruş are left to refund` },
    ]);
  }

  const settings = await loadProgramSettings(tx);
  let reversed = 0;
  let waived = reversal.totalPoints;
  let pointsRefunded = 0;
  let lotsBefore: Awaited<ReturnType<typeof loadOpenLots>> = [];
  let lotsAfter: typeof lotsBefore = [];
  if (memberId) {
    pointsRefunded = refund.points;
    if (reversal.totalPoints > 0) {
      lotsBefore = await loadOpenLots(tx, memberId);
      const sources = await tx.pointsLot.findMany({ where: { receiptId: receipt.id, memberId, source: 'EARN' }, select: { id: true } });
      const taken = applyReturnPolicy({
        policy: settings.returnPolicy,
        points: reversal.totalPoints,
        lots: lotsBefore,
        at,
        sourceLotIds: sources.map((s) => s.id),
      });
      let negative = taken.negative;
      if (negative > 0) {
        // An open POS hold is a promise to the till, and the member CHECK forbids held points beside a
        // negative balance: while one is open, what would become debt is waived instead.
        const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { pointsHeld: true } });
        if (member.pointsHeld > 0) negative = 0;
      }
      lotsAfter = taken.lots;
      waived = taken.waived + (taken.negative - negative);
      reversed = reversal.totalPoints - waived;
    }
  }

  const row = await tx.receiptReturn.create({
    data: {
      receiptId: receipt.id,
      terminalId,
      externalRef: input.externalRef,
      lines: reversal.lines as unknown as Prisma.InputJsonValue,
      refundKurus: value,
      pointsReversed: reversed,
      pointsRefunded,
      pointsWaived: waived,
    },
  });
  for (const line of reversal.lines) {
    await tx.receiptLine.update({
      where: { receiptId_lineNo: { receiptId: receipt.id, lineNo: line.lineNo } },
      data: { returnedQuantity: { increment: line.quantity }, pointsReversed: { increment: line.points } },
    });
  }

  let balance: number | null = null;
  if (memberId) {
    await saveLots(tx, lotsBefore, lotsAfter);
    if (reversed > 0) {
      await postLedgerEvent(tx, actor, {
        eventKey: `return:${row.id}:reverse`,
        kind: 'REVERSE',
        memberId,
        points: -reversed,
        counterAccount: SYSTEM_ACCOUNT.issued,
        receiptId: receipt.id,
      });
    }
    if (pointsRefunded > 0) {
      const lot = await tx.pointsLot.create({
        data: {
          memberId,
          source: 'REFUND',
          receiptId: receipt.id,
          earned: pointsRefunded,
          earnedAt: at,
          availableAt: at,
          expiresAt: addMonths(at, settings.expiryMonths),
        },
      });
      await postLedgerEvent(tx, actor, {
        eventKey: `return:${row.id}:refund`,
        kind: 'REFUND',
        memberId,
        points: pointsRefunded,
        counterAccount: SYSTEM_ACCOUNT.redeemed,
        receiptId: receipt.id,
        lotId: lot.id,
      });
      await settleMemberDebt(tx, memberId);
    }
    balance = (await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { pointsBalance: true } })).pointsBalance;
    const change = pointsRefunded - reversed;
    if (change !== 0) {
      await emitEvent(tx, 'points.changed', memberId, { memberId, change, balance, reason: 'return', receiptId: receipt.id, returnId: row.id });
    }
    await evaluateMemberTier(tx, memberId, at, { settings });
  }

  const response: TReturnResponse = {
    returnId: row.id,
    receiptId: receipt.id,
    memberId,
    lines: reversal.lines.map((l: LineReversal) => ({ lineNo: l.lineNo, quantity: l.quantity, points: l.points })),
    refundKurus: value,
    pointsReversed: reversed,
    pointsWaived: waived,
    pointsRefunded,
    pointsRefundValueKurus: memberId ? refund.pointsValue : 0,
    balance,
  };
  await emitEvent(tx, 'receipt.returned', receipt.id, { ...response });
  await writeAudit(tx, actor, { action: 'receipt.return', entityType: 'receipt', entityId: receipt.id, after: response });
  return response;
}

/**
 * The returned units' share of their lines' net amounts, cumulative like the points reversal so partial
 * returns add up to the line exactly; discount lines (negative nets) are not returned, so the result is
 * capped at what is left of the receipt.
 */
function defaultReturnValue(
  lines: readonly { lineNo: number; quantity: number; netKurus: number; returnedQuantity: number }[],
  returned: readonly LineReversal[],
  left: number,
): number {
  let value = 0;
  for (const r of returned) {
    const line = lines.find((l) => l.lineNo === r.lineNo);
    if (!line || line.netKurus <= 0) continue;
    const before = line.returnedQuantity;
    value += mulDivFloor(line.netKurus, before + r.quantity, line.quantity) - mulDivFloor(line.netKurus, before, line.quantity);
  }
  return Math.max(0, Math.min(value, left));
}
