import type { TBulletin, TKioskBulletin, TMediaContentType } from '@kulup/contracts';

import type { Bulletin, MediaAsset } from '../../generated/prisma/client';
import { mediaUrl, toMediaAsset } from '../media/media.mapper';

export type BulletinRow = Bulletin & { media: MediaAsset | null };

export function toBulletin(b: BulletinRow): TBulletin {
  return {
    id: b.id,
    kind: b.kind,
    titleTr: b.titleTr,
    titleEn: b.titleEn,
    bodyTr: b.bodyTr,
    bodyEn: b.bodyEn,
    media: b.media ? toMediaAsset(b.media) : null,
    storeIds: b.storeIds,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    priority: b.priority,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

export function toKioskBulletin(b: BulletinRow): TKioskBulletin {
  return {
    id: b.id,
    kind: b.kind,
    title: { tr: b.titleTr, en: b.titleEn },
    body: { tr: b.bodyTr, en: b.bodyEn },
    media: b.media ? { url: mediaUrl(b.media.id), contentType: b.media.contentType as TMediaContentType } : null,
    priority: b.priority,
    endsAt: b.endsAt.toISOString(),
  };
}

/** Bulletins showing at `now` in one store (or in any store when storeId is omitted). */
export function activeAt(now: Date, storeId?: string) {
  return {
    startsAt: { lte: now },
    endsAt: { gt: now },
    ...(storeId ? { OR: [{ storeIds: { isEmpty: true } }, { storeIds: { has: storeId } }] } : {}),
  };
}
