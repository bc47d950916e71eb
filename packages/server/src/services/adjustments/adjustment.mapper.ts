import type { TAdjustment } from '@kulup/contracts';

import type { PointsAdjustment } from '../../generated/prisma/client';

export function toAdjustment(a: PointsAdjustment): TAdjustment {
  return {
    id: a.id,
    memberId: a.memberId,
    points: a.points,
    reason: a.reason,
    status: a.status,
    requestedById: a.requestedById,
    decidedById: a.decidedById,
    createdAt: a.createdAt.toISOString(),
    decidedAt: a.decidedAt?.toISOString() ?? null,
  };
}
