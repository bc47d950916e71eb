import type { TBulletin } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { toBulletin } from './bulletin.mapper';

/** One bulletin by id, or NOT_FOUND. */
export async function getBulletin(db: Db, id: string): Promise<TBulletin> {
  const row = await db.bulletin.findUnique({ where: { id }, include: { media: true } });
  if (!row) throw notFound('Bulletin');
  return toBulletin(row);
}
