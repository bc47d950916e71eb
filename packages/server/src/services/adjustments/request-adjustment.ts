import type { TAdjustment } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { lockMember } from '../points/ledger';
import { loadProgramSettings } from '../program/program-settings';
import { toAdjustment } from './adjustment.mapper';
import { applyAdjustment } from './apply-adjustment';

/**
 * Records a manual adjustment: up to the program's approval threshold (either sign) it is applied at once;
 * above it, it waits as PENDING for an admin other than the requester (four-eyes rule, COMPLIANCE "Records").
 */
export async function requestAdjustment(
  db: Db,
  actor: Actor,
  memberId: string,
  input: { points: number; reason: string },
): Promise<TAdjustment> {
  if (actor.type !== 'STAFF' || !actor.id) throw new ServiceError('FORBIDDEN', 'Adjustments are made by staff');
  const requestedById = actor.id;
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: memberId }, select: { erasedAt: true } });
    if (!member) throw notFound('Member');
    if (member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
    await lockMember(tx, memberId);
    const settings = await loadProgramSettings(tx);
    const at = new Date();
    const immediate = Math.abs(input.points) <= settings.adjustmentApprovalThreshold;
    const created = await tx.pointsAdjustment.create({
      data: {
        memberId,
        points: input.points,
        reason: input.reason,
        requestedById,
        status: immediate ? 'APPLIED' : 'PENDING',
        decidedAt: immediate ? at : null,
      },
    });
    if (immediate) await applyAdjustment(tx, actor, created, at);
    await writeAudit(tx, actor, {
      action: immediate ? 'points.adjust' : 'points.adjust.request',
      entityType: 'member',
      entityId: memberId,
      after: { adjustmentId: created.id, points: created.points, reason: created.reason, status: created.status },
    });
    return toAdjustment(created);
  });
}
