import type { TBulletin, TBulletinUpdateRequest } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toBulletin } from './bulletin.mapper';
import { checkBulletinReferences } from './check-bulletin-references';

/** Changes a bulletin; the merged schedule must still end after it starts, and the before/after is audited. */
export async function updateBulletin(db: Db, actor: Actor, id: string, input: TBulletinUpdateRequest): Promise<TBulletin> {
  return db.$transaction(async (tx) => {
    const current = await tx.bulletin.findUnique({ where: { id }, include: { media: true } });
    if (!current) throw notFound('Bulletin');
    await checkBulletinReferences(tx, input);
    const startsAt = input.startsAt ? new Date(input.startsAt) : current.startsAt;
    const endsAt = input.endsAt ? new Date(input.endsAt) : current.endsAt;
    if (endsAt <= startsAt) {
      throw new ServiceError('VALIDATION_FAILED', 'The bulletin must end after it starts', [{ path: 'endsAt', message: 'endsAt must be after startsAt' }]);
    }
    const updated = await tx.bulletin.update({
      where: { id },
      data: {
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.titleTr !== undefined ? { titleTr: input.titleTr } : {}),
        ...(input.titleEn !== undefined ? { titleEn: input.titleEn } : {}),
        ...(input.bodyTr !== undefined ? { bodyTr: input.bodyTr } : {}),
        ...(input.bodyEn !== undefined ? { bodyEn: input.bodyEn } : {}),
        ...(input.mediaId !== undefined ? { mediaId: input.mediaId } : {}),
        ...(input.storeIds !== undefined ? { storeIds: [...new Set(input.storeIds)] } : {}),
        ...(input.priority !== undefined ? { priority: input.priority } : {}),
        startsAt,
        endsAt,
      },
      include: { media: true },
    });
    const bulletin = toBulletin(updated);
    await writeAudit(tx, actor, { action: 'bulletin.update', entityType: 'bulletin', entityId: id, before: toBulletin(current), after: bulletin });
    return bulletin;
  });
}
