import type { Db } from '../../db/database';
import type { PointsHold } from '../../generated/prisma/client';
import { ServiceError } from '../../http/service-error';
import type { Tx } from '../context';
import { lockMember } from '../points/ledger';
import type { ReceiptInput } from './check-receipt-input';

/** The points tendered against one hold; `index` is the first payment naming it (for field paths). */
export type PointsTender = { points: number; amount: number; index: number };

/** Points tenders grouped by hold. */
export function pointsTenders(input: ReceiptInput): Map<string, PointsTender> {
  const out = new Map<string, PointsTender>();
  input.payments.forEach((p, index) => {
    if (p.method !== 'points') return;
    const t = out.get(p.holdId) ?? { points: 0, amount: 0, index };
    t.points += p.points;
    t.amount += p.amount;
    out.set(p.holdId, t);
  });
  return out;
}

/** The member a receipt earns for; null for an anonymous sale. */
export type ReceiptMember = { id: string; tierCode: string; hasActiveCard: boolean };

/**
 * Resolves the receipt's member: UNKNOWN_REFERENCE for an id that does not exist; an erased member's sale is
 * kept as anonymous (no new personal purchase history after erasure) unless it spends points (MEMBER_ERASED).
 * Only non-erased members reach the caller, so only they earn.
 * With `lock`, takes the member lock first, as every points write must.
 */
export async function loadReceiptMember(
  db: Db | Tx,
  input: ReceiptInput,
  tenders: Map<string, PointsTender>,
  options: { lock: boolean } = { lock: true },
): Promise<ReceiptMember | null> {
  const first = [...tenders.values()][0];
  if (!input.memberId) {
    if (first) {
      const message = 'A points tender needs the member (memberId from identify)';
      throw new ServiceError('RECEIPT_INVALID', message, [{ path: `payments.${first.index}.holdId`, message }]);
    }
    return null;
  }
  if (options.lock) await lockMember(db as Tx, input.memberId);
  const member = await db.member.findUnique({
    where: { id: input.memberId },
    select: { id: true, tierCode: true, erasedAt: true, cards: { where: { status: 'ACTIVE' }, select: { id: true }, take: 1 } },
  });
  if (!member) throw new ServiceError('UNKNOWN_REFERENCE', 'No member with this id', [{ path: 'memberId', message: 'No such member' }]);
  if (member.erasedAt) {
    if (first && input.status === 'FINAL') throw new ServiceError('MEMBER_ERASED', 'This member has been erased; points cannot be spent');
    return null;
  }
  return { id: member.id, tierCode: member.tierCode, hasActiveCard: member.cards.length > 0 };
}

/** A hold a receipt tenders points against. */
export type TenderHold = { hold: PointsHold; points: number; amount: number };

/**
 * The holds named by the receipt's points tenders. Each must be this member's and this terminal's
 * (UNKNOWN_REFERENCE otherwise); for a sale that captures them, also OPEN (HOLD_NOT_OPEN), not past its
 * expiry even if the release job has not run yet (HOLD_EXPIRED), and at least as large as the tender.
 */
export async function loadTenderHolds(
  db: Db | Tx,
  tenders: Map<string, PointsTender>,
  memberId: string,
  terminalId: string,
  options: { requireOpen: boolean; now: Date },
): Promise<TenderHold[]> {
  const out: TenderHold[] = [];
  for (const [holdId, t] of tenders) {
    const hold = await db.pointsHold.findUnique({ where: { id: holdId } });
    if (!hold || hold.memberId !== memberId || hold.terminalId !== terminalId) {
      throw new ServiceError('UNKNOWN_REFERENCE', 'No hold with this id for this member at this terminal', [
        { path: `payments.${t.index}.holdId`, message: 'No such hold for this member and terminal' },
      ]);
    }
    if (options.requireOpen) {
      if (hold.status !== 'OPEN') {
        throw new ServiceError('HOLD_NOT_OPEN', `Hold ${holdId} is already ${hold.status.toLowerCase()}`, [
          { path: `payments.${t.index}.holdId`, message: `hold is ${hold.status.toLowerCase()}` },
        ]);
      }
      if (hold.expiresAt.getTime() <= options.now.getTime()) {
        throw new ServiceError('HOLD_EXPIRED', `Hold ${holdId} expired at ${hold.expiresAt.toISOString()}; take a new hold`, [
          { path: `payments.${t.index}.holdId`, message: 'hold has expired' },
        ]);
      }
      if (t.points > hold.points) {
        const message = `${t.points} points tendered but only ${hold.points} were held`;
        throw new ServiceError('RECEIPT_INVALID', message, [{ path: `payments.${t.index}.points`, message }]);
      }
    }
    out.push({ hold, points: t.points, amount: t.amount });
  }
  return out;
}
