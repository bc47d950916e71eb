import { access } from 'node:fs/promises';

import type { Db } from '../../db/database';
import { mediaFilePath } from './media-files';

export type MediaFile = { path: string; contentType: string; sha256: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds the file behind a media id for public serving; undefined for unknown ids or a missing file. */
export async function findMediaFile(deps: { db: Db; filesDir: string }, id: string): Promise<MediaFile | undefined> {
  if (!UUID.test(id)) return undefined;
  const asset = await deps.db.mediaAsset.findUnique({ where: { id } });
  if (!asset) return undefined;
  const file = mediaFilePath(deps.filesDir, asset.id);
  try {
    await access(file);
  } catch {
    return undefined;
  }
  return { path: file, contentType: asset.contentType, sha256: asset.sha256 };
}
