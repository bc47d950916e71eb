import type { TMediaAsset } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { toMediaAsset } from './media.mapper';

/** Uploaded media, newest first (at most 500). */
export async function listMedia(db: Db): Promise<TMediaAsset[]> {
  const rows = await db.mediaAsset.findMany({ orderBy: { createdAt: 'desc' }, take: 500 });
  return rows.map(toMediaAsset);
}
