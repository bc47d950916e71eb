import { randomUUID } from 'node:crypto';

import type { TMediaAsset } from '@kulup/contracts';

import type { RawUpload } from '../../http/raw-upload';
import { writeAudit } from '../audit/write-audit';
import type { Actor, ServiceDeps } from '../context';
import { removeMediaFile, writeMediaFile } from './media-files';
import { toMediaAsset } from './media.mapper';

/**
 * Stores an already type- and size-checked upload: the same bytes of the same type are kept once (the
 * existing asset is returned), otherwise the file is written first and the row second, and the file is
 * removed again if the row cannot be written, so no row ever points at a missing file.
 */
export async function storeMedia(deps: Pick<ServiceDeps, 'db'> & { config: { filesDir: string } }, actor: Actor, upload: RawUpload): Promise<TMediaAsset> {
  const existing = await deps.db.mediaAsset.findFirst({ where: { sha256: upload.sha256, contentType: upload.contentType } });
  if (existing) return toMediaAsset(existing);
  const id = randomUUID();
  await writeMediaFile(deps.config.filesDir, id, upload.bytes);
  try {
    const asset = await deps.db.$transaction(async (tx) => {
      const created = await tx.mediaAsset.create({
        data: {
          id,
          contentType: upload.contentType,
          byteSize: upload.bytes.length,
          sha256: upload.sha256,
          createdById: actor.type === 'STAFF' ? actor.id : null,
        },
      });
      await writeAudit(tx, actor, {
        action: 'media.upload',
        entityType: 'media_asset',
        entityId: id,
        after: { contentType: created.contentType, byteSize: created.byteSize, sha256: created.sha256 },
      });
      return created;
    });
    return toMediaAsset(asset);
  } catch (error) {
    await removeMediaFile(deps.config.filesDir, id);
    throw error;
  }
}
