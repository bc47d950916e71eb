import type { TFieldError } from '@kulup/contracts';

import { ServiceError } from '../../http/service-error';
import type { Tx } from '../context';

/** Refuses a bulletin that names stores or a media asset that do not exist (422 UNKNOWN_REFERENCE, with paths). */
export async function checkBulletinReferences(tx: Tx, refs: { storeIds?: string[] | undefined; mediaId?: string | null | undefined }): Promise<void> {
  const fields: TFieldError[] = [];
  const storeIds = [...new Set(refs.storeIds ?? [])];
  if (storeIds.length > 0) {
    const found = new Set((await tx.store.findMany({ where: { id: { in: storeIds } }, select: { id: true } })).map((s) => s.id));
    (refs.storeIds ?? []).forEach((id, i) => {
      if (!found.has(id)) fields.push({ path: `storeIds.${i}`, message: 'No store with this id' });
    });
  }
  if (refs.mediaId && !(await tx.mediaAsset.findUnique({ where: { id: refs.mediaId }, select: { id: true } }))) {
    fields.push({ path: 'mediaId', message: 'No media asset with this id; upload it first' });
  }
  if (fields.length > 0) throw new ServiceError('UNKNOWN_REFERENCE', 'The bulletin refers to something that does not exist', fields);
}
