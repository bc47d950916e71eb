import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toBulletin } from './bulletin.mapper';

/** Deletes a bulletin (kiosks stop showing it on their next refresh); its media stay for reuse. Audited with the old row. */
export async function deleteBulletin(db: Db, actor: Actor, id: string): Promise<{ ok: true }> {
  return db.$transaction(async (tx) => {
    const current = await tx.bulletin.findUnique({ where: { id }, include: { media: true } });
    if (!current) throw notFound('Bulletin');
    await tx.bulletin.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'bulletin.delete', entityType: 'bulletin', entityId: id, before: toBulletin(current) });
    return { ok: true as const };
  });
}
