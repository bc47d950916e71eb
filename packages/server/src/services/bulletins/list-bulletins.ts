import type { TBulletin } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { activeAt, toBulletin } from './bulletin.mapper';

/** Bulletins for the console: all, or only those showing now (optionally at one store); newest start first. */
export async function listBulletins(db: Db, query: { when: 'all' | 'active'; storeId?: string | undefined }): Promise<TBulletin[]> {
  const where =
    query.when === 'active'
      ? activeAt(new Date(), query.storeId)
      : query.storeId
        ? { OR: [{ storeIds: { isEmpty: true } }, { storeIds: { has: query.storeId } }] }
        : {};
  const rows = await db.bulletin.findMany({ where, include: { media: true }, orderBy: [{ startsAt: 'desc' }, { id: 'asc' }], take: 500 });
  return rows.map(toBulletin);
}

