import type { TBulletin, TBulletinCreateRequest } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toBulletin } from './bulletin.mapper';
import { checkBulletinReferences } from './check-bulletin-references';

/** Schedules a bulletin; stores and media it names must exist, and the change is audited in the same transaction. */
export async function createBulletin(db: Db, actor: Actor, input: TBulletinCreateRequest): Promise<TBulletin> {
  return db.$transaction(async (tx) => {
    await checkBulletinReferences(tx, input);
    const created = await tx.bulletin.create({
      data: {
        kind: input.kind,
        titleTr: input.titleTr,
        titleEn: input.titleEn ?? null,
        bodyTr: input.bodyTr ?? null,
        bodyEn: input.bodyEn ?? null,
        mediaId: input.mediaId ?? null,
        storeIds: [...new Set(input.storeIds ?? [])],
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        priority: input.priority ?? 0,
      },
      include: { media: true },
    });
    const bulletin = toBulletin(created);
    await writeAudit(tx, actor, { action: 'bulletin.create', entityType: 'bulletin', entityId: created.id, after: bulletin });
    return bulletin;
  });
}
