import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';

export const ZOfferStatus = z.enum(['ISSUED', 'SEEN', 'ACTIVATED', 'REDEEMED', 'EXPIRED']);
export type TOfferStatus = z.infer<typeof ZOfferStatus>;

const ZOfferTitle = z.string().trim().min(1).max(120);
const ZOfferText = z.string().trim().min(1).max(500);

/** Staff issue a personal offer to one member (campaigns will issue them later). */
export const ZOfferIssueRequest = z
  .strictObject({
    titleTr: ZOfferTitle,
    titleEn: ZOfferTitle.optional(),
    descriptionTr: ZOfferText.optional(),
    descriptionEn: ZOfferText.optional(),
    /** Defaults to now. */
    validFrom: ZIsoDateTime.optional(),
    validTo: ZIsoDateTime,
    campaignId: z.string().trim().min(1).max(64).optional(),
  })
  .refine((v) => Date.parse(v.validTo) > (v.validFrom ? Date.parse(v.validFrom) : Date.now()), {
    message: 'validTo must be after validFrom (or after now)',
    path: ['validTo'],
  });
export type TOfferIssueRequest = z.input<typeof ZOfferIssueRequest>;

/** An offer as staff see it. */
export const ZOffer = z.object({
  id: ZId,
  memberId: ZId,
  titleTr: z.string(),
  titleEn: z.string().nullable(),
  descriptionTr: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  status: ZOfferStatus,
  validFrom: ZIsoDateTime,
  validTo: ZIsoDateTime,
  campaignId: z.string().nullable(),
  issuedAt: ZIsoDateTime,
  seenAt: ZIsoDateTime.nullable(),
  activatedAt: ZIsoDateTime.nullable(),
  redeemedAt: ZIsoDateTime.nullable(),
});
export type TOffer = z.infer<typeof ZOffer>;
export const ZOfferList = z.object({ items: z.array(ZOffer) });

/** An offer as the member sees it at the kiosk: both languages, status and validity only. */
export const ZMemberOffer = z.object({
  id: ZId,
  title: z.object({ tr: z.string(), en: z.string().nullable() }),
  description: z.object({ tr: z.string().nullable(), en: z.string().nullable() }),
  status: z.enum(['SEEN', 'ACTIVATED']),
  validTo: ZIsoDateTime,
});
export type TMemberOffer = z.infer<typeof ZMemberOffer>;
export const ZMemberOfferList = z.object({ items: z.array(ZMemberOffer) });
export type TMemberOfferList = z.infer<typeof ZMemberOfferList>;
