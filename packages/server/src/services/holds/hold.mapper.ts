import type { THold } from '@kulup/contracts';
import type { LotAllocation } from '@kulup/domain';

import type { PointsHold } from '../../generated/prisma/client';

/** The lots a hold reserved points on, as stored. */
export const holdAllocations = (hold: PointsHold): LotAllocation[] => hold.allocations as LotAllocation[];

/** A hold as the POS sees it. */
export function toHold(hold: PointsHold, kurusPerPoint: number, spendableAfter: number): THold {
  return {
    holdId: hold.id,
    memberId: hold.memberId,
    status: hold.status,
    points: hold.points,
    valueKurus: hold.points * kurusPerPoint,
    capturedPoints: hold.status === 'OPEN' ? null : (hold.capturedPoints ?? 0),
    receiptId: hold.receiptId,
    expiresAt: hold.expiresAt.toISOString(),
    spendableAfter,
  };
}
