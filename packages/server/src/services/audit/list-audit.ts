import type { TAuditEntry } from '@kulup/contracts';

import type { Db } from '../../db/database';

/** Newest audit rows first, optionally for one entity. */
export async function listAudit(db: Db, query: { entityType?: string; entityId?: string; limit: number }): Promise<TAuditEntry[]> {
  const rows = await db.auditLog.findMany({
    where: { entityType: query.entityType, entityId: query.entityId },
    orderBy: { id: 'desc' },
    take: query.limit,
  });
  return rows.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() }));
}
