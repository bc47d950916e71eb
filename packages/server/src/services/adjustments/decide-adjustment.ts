import type { TAdjustment } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { lockMember } from '../points/ledger';
import { toAdjustment } from './adjustment.mapper';
import { applyAdjustment } from './apply-adjustment';

/**
 * Approves (and applies) or rejects a pending adjustment, once: only an admin who did not request it may
 * decide (APPROVAL_REQUIRED otherwise), and a decided adjustment is CONFLICT.
 */
export async function decideAdjustment(
  db: Db,
  actor: Actor,
  adjustmentId: string,
  decision: 'approve' | 'reject',
): Promise<TAdjustment> {
  if (actor.type !== 'STAFF' || !actor.id) throw new ServiceError('FORBIDDEN', 'Adjustments are decided by staff');
  const deciderId = actor.id;
  return db.$transaction(async (tx) => {
    const found = await tx.pointsAdjustment.findUnique({ where: { id: adjustmentId }, select: { memberId: true } });
    if (!found) throw notFound('Adjustment');
    await lockMember(tx, found.memberId);
    const pending = await tx.pointsAdjustment.findUniqueOrThrow({ where: { id: adjustmentId } });
    if (pending.status !== 'PENDING') {
      throw new ServiceError('CONFLICT', `This adjustment is already ${pending.status.toLowerCase()}`);
    }
    if (pending.requestedById === deciderId) {
      throw new ServiceError('APPROVAL_REQUIRED', 'A second administrator, not the requester, must decide this adjustment');
    }
    const at = new Date();
    const decided = await tx.pointsAdjustment.update({
      where: { id: adjustmentId },
      data: { status: decision === 'approve' ? 'APPLIED' : 'REJECTED', decidedById: deciderId, decidedAt: at },
    });
    if (decision === 'approve') await applyAdjustment(tx, actor, decided, at);
    await writeAudit(tx, actor, {
      action: decision === 'approve' ? 'points.adjust.approve' : 'points.adjust.reject',
      entityType: 'member',
      entityId: decided.memberId,
      before: { adjustmentId, status: 'PENDING' },
      after: { adjustmentId, points: decided.points, status: decided.status, requestedById: decided.requestedById },
    });
    return toAdjustment(decided);
  });
}
