import type { THold } from '@kulup/contracts';
import { availableBalance, holdFifo } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { Prisma } from '../../generated/prisma/client';
import { ServiceError } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { runIdempotent } from '../idempotency/run-idempotent';
import type { IdempotencyScope, IdempotentResult } from '../idempotency/run-idempotent';
import { loadOpenLots, lockMember, saveLots } from '../points/ledger';
import { loadProgramSettings } from '../program/program-settings';
import { toHold } from './hold.mapper';

const MINUTE_MS = 60_000;

/**
 * Reserves points for a POS sale once per idempotency key: under the member lock, takes spendable points
 * (available, not pending, not expired, not already held) FIFO into the lots' `held`, so concurrent holds and
 * redemptions can never spend more than the member has (the member row's CHECK backs this up).
 * Only non-erased members with at least one ACTIVE card may spend.
 */
export async function createHold(
  db: Db,
  actor: Actor,
  terminalId: string,
  scope: IdempotencyScope,
  input: { memberId: string; points: number },
): Promise<IdempotentResult<THold>> {
  return runIdempotent(db, scope, async (tx) => {
    const now = new Date();
    await lockMember(tx, input.memberId);
    const member = await tx.member.findUnique({
      where: { id: input.memberId },
      select: { erasedAt: true, cards: { where: { status: 'ACTIVE' }, select: { id: true }, take: 1 } },
    });
    if (!member) {
      throw new ServiceError('UNKNOWN_REFERENCE', 'No member with this id', [{ path: 'memberId', message: 'No such member' }]);
    }
    if (member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
    // A lost or stolen card is blocked to stop spending; with no usable card left the member cannot redeem.
    if (member.cards.length === 0) {
      throw new ServiceError('MEMBER_BLOCKED', 'The member has no active card; points cannot be spent until a card is replaced');
    }
    const settings = await loadProgramSettings(tx);
    const lots = await loadOpenLots(tx, input.memberId);
    const taken = holdFifo(lots, input.points, now);
    if (!taken.ok) {
      const message = `Only ${taken.available} points can be spent now`;
      throw new ServiceError('INSUFFICIENT_POINTS', message, [{ path: 'points', message }]);
    }
    await saveLots(tx, lots, taken.lots);
    await tx.member.update({ where: { id: input.memberId }, data: { pointsHeld: { increment: input.points } } });
    const hold = await tx.pointsHold.create({
      data: {
        memberId: input.memberId,
        terminalId,
        points: input.points,
        allocations: taken.allocations as unknown as Prisma.InputJsonValue,
        expiresAt: new Date(now.getTime() + settings.holdTtlMinutes * MINUTE_MS),
        createdAt: now,
      },
    });
    const body = toHold(hold, settings.kurusPerPoint, availableBalance(taken.lots, now));
    await writeAudit(tx, actor, { action: 'hold.create', entityType: 'points_hold', entityId: hold.id, after: body });
    return body;
  });
}
