import type { TAdjustment } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { toAdjustment } from './adjustment.mapper';

/** Adjustments newest first, filtered by status and member (the approvers' queue is status PENDING). */
export async function listAdjustments(
  db: Db,
  query: { status?: 'PENDING' | 'APPLIED' | 'REJECTED' | undefined; memberId?: string | undefined; limit: number },
): Promise<TAdjustment[]> {
  const rows = await db.pointsAdjustment.findMany({
    where: { status: query.status, memberId: query.memberId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit,
  });
  return rows.map(toAdjustment);
}
