import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';

/** What the kiosk may play: images (≤ 5 MB) and short videos (≤ 50 MB). SVG is excluded (it can carry script). */
export const MEDIA_LIMITS = {
  'image/jpeg': 5 * 1024 * 1024,
  'image/png': 5 * 1024 * 1024,
  'image/webp': 5 * 1024 * 1024,
  'video/mp4': 50 * 1024 * 1024,
  'video/webm': 50 * 1024 * 1024,
} as const;
export type TMediaContentType = keyof typeof MEDIA_LIMITS;
export const ZMediaContentType = z.enum(Object.keys(MEDIA_LIMITS) as [TMediaContentType, ...TMediaContentType[]]);

export const ZMediaAsset = z.object({
  id: ZId,
  contentType: ZMediaContentType,
  byteSize: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Public, cacheable address of the bytes: `/media/<id>`. */
  url: z.string(),
  createdAt: ZIsoDateTime,
});
export type TMediaAsset = z.infer<typeof ZMediaAsset>;
export const ZMediaList = z.object({ items: z.array(ZMediaAsset) });

export const ZBulletinKind = z.enum(['CAMPAIGN', 'DISCOUNT', 'FILM', 'SUPPLIER_AD']);
export type TBulletinKind = z.infer<typeof ZBulletinKind>;

const ZTitle = z.string().trim().min(1).max(120);
const ZBody = z.string().trim().min(1).max(1000);

const bulletinFields = {
  kind: ZBulletinKind,
  titleTr: ZTitle,
  titleEn: ZTitle.nullable().optional(),
  bodyTr: ZBody.nullable().optional(),
  bodyEn: ZBody.nullable().optional(),
  mediaId: ZId.nullable().optional(),
  /** Stores that show it; empty or absent = every store. */
  storeIds: z.array(ZId).max(500).optional(),
  startsAt: ZIsoDateTime,
  endsAt: ZIsoDateTime,
  /** Higher plays first. */
  priority: z.number().int().min(0).max(100).optional(),
};

const windowIsOrdered = (v: { startsAt?: string | undefined; endsAt?: string | undefined }) =>
  v.startsAt === undefined || v.endsAt === undefined || Date.parse(v.endsAt) > Date.parse(v.startsAt);
const WINDOW_MESSAGE = { message: 'endsAt must be after startsAt', path: ['endsAt'] };

export const ZBulletinCreateRequest = z.strictObject(bulletinFields).refine(windowIsOrdered, WINDOW_MESSAGE);
export type TBulletinCreateRequest = z.input<typeof ZBulletinCreateRequest>;

export const ZBulletinUpdateRequest = z
  .strictObject(bulletinFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change')
  .refine(windowIsOrdered, WINDOW_MESSAGE);
export type TBulletinUpdateRequest = z.input<typeof ZBulletinUpdateRequest>;

export const ZBulletin = z.object({
  id: ZId,
  kind: ZBulletinKind,
  titleTr: z.string(),
  titleEn: z.string().nullable(),
  bodyTr: z.string().nullable(),
  bodyEn: z.string().nullable(),
  media: ZMediaAsset.nullable(),
  storeIds: z.array(ZId),
  startsAt: ZIsoDateTime,
  endsAt: ZIsoDateTime,
  priority: z.number().int(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type TBulletin = z.infer<typeof ZBulletin>;

export const ZBulletinListQuery = z.strictObject({
  /** `active` = showing now; `all` (default) includes past and scheduled ones. */
  when: z.enum(['all', 'active']).default('all'),
  storeId: ZId.optional(),
});
export const ZBulletinList = z.object({ items: z.array(ZBulletin) });

/** A bulletin as the kiosk plays it: both languages, the media address and type, nothing about targeting. */
export const ZKioskBulletin = z.object({
  id: ZId,
  kind: ZBulletinKind,
  title: z.object({ tr: z.string(), en: z.string().nullable() }),
  body: z.object({ tr: z.string().nullable(), en: z.string().nullable() }),
  media: z.object({ url: z.string(), contentType: ZMediaContentType }).nullable(),
  priority: z.number().int(),
  endsAt: ZIsoDateTime,
});
export type TKioskBulletin = z.infer<typeof ZKioskBulletin>;
export const ZKioskBulletinList = z.object({ items: z.array(ZKioskBulletin) });
export type TKioskBulletinList = z.infer<typeof ZKioskBulletinList>;
