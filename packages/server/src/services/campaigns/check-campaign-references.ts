import type { TCampaignDefinition } from '@kulup/contracts';

import { ServiceError } from '../../http/service-error';
import type { Tx } from '../context';

/** Refuses (422, nothing written) a definition naming a segment or store that does not exist. */
export async function checkCampaignReferences(tx: Tx, def: TCampaignDefinition): Promise<void> {
  const fields: { path: string; message: string }[] = [];
  if (def.segmentId && !(await tx.segment.findUnique({ where: { id: def.segmentId }, select: { id: true } }))) {
    fields.push({ path: 'segmentId', message: 'No segment with this id' });
  }
  if (def.storeIds.length > 0) {
    const found = new Set((await tx.store.findMany({ where: { id: { in: def.storeIds } }, select: { id: true } })).map((s) => s.id));
    def.storeIds.forEach((id, i) => {
      if (!found.has(id)) fields.push({ path: `storeIds.${i}`, message: 'No store with this id' });
    });
  }
  if (fields.length > 0) throw new ServiceError('UNKNOWN_REFERENCE', 'The campaign refers to something that does not exist', fields);
}
