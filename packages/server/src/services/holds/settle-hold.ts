import { settleHeld } from '@kulup/domain';

import type { PointsHold } from '../../generated/prisma/client';
import { ServiceError } from '../../http/service-error';
import type { Actor, Tx } from '../context';
import { SYSTEM_ACCOUNT, loadOpenLots, lockMember, postLedgerEvent, saveLots } from '../points/ledger';
import { holdAllocations } from './hold.mapper';

export type SettleHoldInput = {
  /** Points to capture (0 releases the whole hold); never more than the hold. */
  capture: number;
  /** The receipt that captured or voided the sale, if any. */
  receiptId: string | null;
  at: Date;
};

/**
 * Resolves an open hold exactly once, in the caller's transaction: the first `capture` points of its lot
 * allocations (FIFO) become consumed and are posted as one REDEEM event (`hold:<id>:capture`), the rest go back
 * to the lots. Takes the member lock (a no-op if the caller already holds it); HOLD_NOT_OPEN if the hold was
 * resolved meanwhile.
 */
export async function settleHold(tx: Tx, actor: Actor, hold: PointsHold, input: SettleHoldInput): Promise<PointsHold> {
  await lockMember(tx, hold.memberId);
  const lots = await loadOpenLots(tx, hold.memberId);
  const settled = settleHeld(lots, holdAllocations(hold), input.capture);
  const status = input.capture > 0 ? 'CAPTURED' : 'RELEASED';
  const claimed = await tx.pointsHold.updateMany({
    where: { id: hold.id, status: 'OPEN' },
    data: { status, capturedPoints: input.capture, receiptId: input.receiptId, resolvedAt: input.at },
  });
  if (claimed.count !== 1) throw new ServiceError('HOLD_NOT_OPEN', 'This hold has already been captured or released');
  await saveLots(tx, lots, settled.lots);
  // Held points go back before the REDEEM entry lowers the balance, so the member's CHECK
  // (balance − held ≥ 0) holds after every statement.
  await tx.member.update({ where: { id: hold.memberId }, data: { pointsHeld: { decrement: hold.points } } });
  if (input.capture > 0) {
    await postLedgerEvent(tx, actor, {
      eventKey: `hold:${hold.id}:capture`,
      kind: 'REDEEM',
      memberId: hold.memberId,
      points: -input.capture,
      counterAccount: SYSTEM_ACCOUNT.redeemed,
      receiptId: input.receiptId,
      holdId: hold.id,
    });
  }
  return tx.pointsHold.findUniqueOrThrow({ where: { id: hold.id } });
}
