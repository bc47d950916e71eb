import type { THold } from '@kulup/contracts';
import { availableBalance } from '@kulup/domain';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { runIdempotent } from '../idempotency/run-idempotent';
import type { IdempotencyScope, IdempotentResult } from '../idempotency/run-idempotent';
import { loadOpenLots, lockMember } from '../points/ledger';
import { loadProgramSettings } from '../program/program-settings';
import { toHold } from './hold.mapper';
import { settleHold } from './settle-hold';

/**
 * Releases an open hold of this terminal once per idempotency key (the sale was abandoned); its points are
 * spendable again at once. A hold that was already captured or released is HOLD_NOT_OPEN.
 */
export async function releaseHold(
  db: Db,
  actor: Actor,
  terminalId: string,
  scope: IdempotencyScope,
  holdId: string,
): Promise<IdempotentResult<THold>> {
  return runIdempotent(db, scope, async (tx) => {
    const now = new Date();
    const owner = await tx.pointsHold.findUnique({ where: { id: holdId }, select: { memberId: true, terminalId: true } });
    // Another terminal's hold is reported as missing: terminals only see their own sales.
    if (!owner || owner.terminalId !== terminalId) throw notFound('Hold');
    await lockMember(tx, owner.memberId);
    const hold = await tx.pointsHold.findUniqueOrThrow({ where: { id: holdId } });
    if (hold.status !== 'OPEN') throw new ServiceError('HOLD_NOT_OPEN', `This hold is already ${hold.status.toLowerCase()}`);
    const released = await settleHold(tx, actor, hold, { capture: 0, receiptId: null, at: now });
    const settings = await loadProgramSettings(tx);
    const body = toHold(released, settings.kurusPerPoint, availableBalance(await loadOpenLots(tx, hold.memberId), now));
    await writeAudit(tx, actor, { action: 'hold.release', entityType: 'points_hold', entityId: hold.id, after: body });
    return body;
  });
}
