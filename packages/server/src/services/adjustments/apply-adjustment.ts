import { consumeFifo } from '@kulup/domain';

import type { PointsAdjustment } from '../../generated/prisma/client';
import { ServiceError } from '../../http/service-error';
import type { Actor, Tx } from '../context';
import { addMonths } from '../jobs/zoned-time';
import { emitEvent } from '../outbox/emit-event';
import { SYSTEM_ACCOUNT, loadOpenLots, lockMember, postLedgerEvent, saveLots } from '../points/ledger';
import { loadProgramSettings } from '../program/program-settings';
import { settleMemberDebt } from '../returns/settle-member-debt';

/**
 * Books an adjustment's points in the caller's transaction, once (event `adjustment:<id>`): a credit becomes a
 * new ADJUST lot, spendable at once with a fresh expiry (and repays debt first); a debit consumes available
 * points FIFO or fails with INSUFFICIENT_POINTS, leaving nothing written.
 */
export async function applyAdjustment(tx: Tx, actor: Actor, adjustment: PointsAdjustment, at: Date): Promise<void> {
  const { memberId, points } = adjustment;
  await lockMember(tx, memberId);
  let lotId: string | null = null;
  if (points > 0) {
    const settings = await loadProgramSettings(tx);
    const lot = await tx.pointsLot.create({
      data: { memberId, source: 'ADJUST', earned: points, earnedAt: at, availableAt: at, expiresAt: addMonths(at, settings.expiryMonths) },
    });
    lotId = lot.id;
  } else {
    const lots = await loadOpenLots(tx, memberId);
    const taken = consumeFifo(lots, -points, at);
    if (!taken.ok) {
      throw new ServiceError('INSUFFICIENT_POINTS', `Only ${taken.available} points are available to take`, [
        { path: 'points', message: `At most ${taken.available} points can be taken` },
      ]);
    }
    await saveLots(tx, lots, taken.lots);
  }
  await postLedgerEvent(tx, actor, {
    eventKey: `adjustment:${adjustment.id}`,
    kind: 'ADJUST',
    memberId,
    points,
    counterAccount: SYSTEM_ACCOUNT.adjusted,
    lotId,
  });
  if (points > 0) await settleMemberDebt(tx, memberId);
  const { pointsBalance } = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { pointsBalance: true } });
  await emitEvent(tx, 'points.changed', memberId, {
    memberId,
    change: points,
    balance: pointsBalance,
    reason: 'adjustment',
    adjustmentId: adjustment.id,
  });
}
