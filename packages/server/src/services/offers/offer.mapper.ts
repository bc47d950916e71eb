import type { TMemberOffer, TOffer } from '@kulup/contracts';

import type { PersonalOffer } from '../../generated/prisma/client';

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toOffer(o: PersonalOffer): TOffer {
  return {
    id: o.id,
    memberId: o.memberId,
    titleTr: o.titleTr,
    titleEn: o.titleEn,
    descriptionTr: o.descriptionTr,
    descriptionEn: o.descriptionEn,
    status: o.status,
    validFrom: o.validFrom.toISOString(),
    validTo: o.validTo.toISOString(),
    campaignId: o.campaignId,
    issuedAt: o.issuedAt.toISOString(),
    seenAt: isoOrNull(o.seenAt),
    activatedAt: isoOrNull(o.activatedAt),
    redeemedAt: isoOrNull(o.redeemedAt),
  };
}

/** The member's view; only offers the member can still use (seen or activated) are ever shown. */
export function toMemberOffer(o: PersonalOffer & { status: 'SEEN' | 'ACTIVATED' }): TMemberOffer {
  return {
    id: o.id,
    title: { tr: o.titleTr, en: o.titleEn },
    description: { tr: o.descriptionTr, en: o.descriptionEn },
    status: o.status,
    validTo: o.validTo.toISOString(),
  };
}

/** Offers a member can use at `now`: valid and not yet redeemed or expired. */
export const usableAt = (now: Date) => ({
  validFrom: { lte: now },
  validTo: { gt: now },
  status: { in: ['ISSUED', 'SEEN', 'ACTIVATED'] as ('ISSUED' | 'SEEN' | 'ACTIVATED')[] },
});
