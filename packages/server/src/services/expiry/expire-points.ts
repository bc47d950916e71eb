import { expireLots } from '@kulup/domain';

import type { Db } from '../../db/database';
import { systemActor } from '../context';
import { businessDate } from '../jobs/zoned-time';
import { emitEvent } from '../outbox/emit-event';
import { SYSTEM_ACCOUNT, loadOpenLots, lockMember, postLedgerEvent, saveLots } from '../points/ledger';

export type ExpirePointsResult = { members: number; points: number; skipped: number };

export type ExpirePointsOptions = {
  /** Members read per query (keyset pagination by member id). */
  batchSize?: number;
  /** Members expired in parallel, each in its own short transaction; keep 1 on PGlite. */
  concurrency?: number;
};

/**
 * Expires every lot whose expiry is ≤ `at`, FIFO per member, one short transaction per member under its lock,
 * posting one EXPIRE event per member per business day (`expire:<memberId>:<yyyy-mm-dd>`, Europe/Istanbul) and
 * `points.changed`. Running it again the same day doubles nothing: a member already expired today is skipped
 * (lots that fall due later that day go with the next day's run).
 */
export async function expirePoints(db: Db, at: Date, options: ExpirePointsOptions = {}): Promise<ExpirePointsResult> {
  const batchSize = options.batchSize ?? 500;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const day = businessDate(at);
  const result: ExpirePointsResult = { members: 0, points: 0, skipped: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // Uses the expires_at index; held points wait for their hold, so only lots with an open remainder count.
    const batch = await db.$queryRaw<{ memberId: string }[]>`
      SELECT DISTINCT member_id AS "memberId" FROM points_lot
      WHERE expires_at <= ${at} AND consumed + expired + held < earned AND member_id > ${after}::uuid
      ORDER BY member_id LIMIT ${batchSize}`;
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.memberId;
    for (let i = 0; i < batch.length; i += concurrency) {
      const outcomes = await Promise.all(batch.slice(i, i + concurrency).map((m) => expireMember(db, m.memberId, at, day)));
      for (const points of outcomes) {
        if (points === null) result.skipped += 1;
        else if (points > 0) {
          result.members += 1;
          result.points += points;
        }
      }
    }
    if (batch.length < batchSize) break;
  }
  return result;
}

// Points expired for one member, or null when today's event for them is already posted.
async function expireMember(db: Db, memberId: string, at: Date, day: string): Promise<number | null> {
  const eventKey = `expire:${memberId}:${day}`;
  return db.$transaction(async (tx) => {
    await lockMember(tx, memberId);
    const done = await tx.ledgerEntry.findFirst({ where: { eventKey, account: 'member' }, select: { id: true } });
    if (done) return null;
    const lots = await loadOpenLots(tx, memberId);
    const expired = expireLots(lots, at);
    if (expired.total === 0) return 0;
    await saveLots(tx, lots, expired.lots);
    await postLedgerEvent(tx, systemActor, {
      eventKey,
      kind: 'EXPIRE',
      memberId,
      points: -expired.total,
      counterAccount: SYSTEM_ACCOUNT.expired,
    });
    const { pointsBalance } = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { pointsBalance: true } });
    await emitEvent(tx, 'points.changed', memberId, {
      memberId,
      change: -expired.total,
      balance: pointsBalance,
      reason: 'expiry',
      lots: expired.expirations,
    });
    return expired.total;
  });
}
