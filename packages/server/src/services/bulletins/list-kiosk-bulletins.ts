import type { TKioskBulletinList } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { activeAt, toKioskBulletin } from './bulletin.mapper';

const LOOP_LENGTH = 50;

/** What a kiosk's attract loop plays now: bulletins of its store or of every store, highest priority first. */
export async function listKioskBulletins(db: Db, storeId: string, now = new Date()): Promise<TKioskBulletinList> {
  const rows = await db.bulletin.findMany({
    where: activeAt(now, storeId),
    include: { media: true },
    orderBy: [{ priority: 'desc' }, { startsAt: 'desc' }, { id: 'asc' }],
    take: LOOP_LENGTH,
  });
  return { items: rows.map(toKioskBulletin) };
}
