import type { Db } from '../../db/database';
import { writeAudit } from '../audit/write-audit';
import { systemActor } from '../context';
import { lockMember } from '../points/ledger';
import { settleHold } from './settle-hold';

export type ReleaseExpiredHoldsResult = { released: number; points: number };

/**
 * Gives back the points of every OPEN hold whose expiry is ≤ `at`, one short transaction per hold under the
 * member lock; a hold captured or released meanwhile is skipped. Captures of expired holds are refused by the
 * receipt itself, so running this late never lets an expired hold be spent.
 */
export async function releaseExpiredHolds(
  db: Db,
  options: { at?: Date; batchSize?: number } = {},
): Promise<ReleaseExpiredHoldsResult> {
  const at = options.at ?? new Date();
  const batchSize = options.batchSize ?? 200;
  const result: ReleaseExpiredHoldsResult = { released: 0, points: 0 };
  for (;;) {
    const due = await db.pointsHold.findMany({
      where: { status: 'OPEN', expiresAt: { lte: at } },
      select: { id: true, memberId: true },
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
      take: batchSize,
    });
    for (const { id, memberId } of due) {
      const points = await db.$transaction(async (tx) => {
        await lockMember(tx, memberId);
        const hold = await tx.pointsHold.findUniqueOrThrow({ where: { id } });
        if (hold.status !== 'OPEN' || hold.expiresAt.getTime() > at.getTime()) return 0;
        await settleHold(tx, systemActor, hold, { capture: 0, receiptId: null, at });
        await writeAudit(tx, systemActor, {
          action: 'hold.expire',
          entityType: 'points_hold',
          entityId: id,
          after: { holdId: id, memberId, points: hold.points, expiredAt: hold.expiresAt.toISOString() },
        });
        return hold.points;
      });
      if (points > 0) {
        result.released += 1;
        result.points += points;
      }
    }
    if (due.length < batchSize) break;
  }
  return result;
}
