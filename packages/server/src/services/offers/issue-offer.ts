import type { TOffer, TOfferIssueRequest } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { Prisma } from '../../generated/prisma/client';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toOffer } from './offer.mapper';

/**
 * Issues a personal offer to an existing, non-erased member; audited in the same transaction. A second open
 * offer of the same campaign is a CONFLICT (the partial unique index personal_offer_open_campaign_key).
 */
export async function issueOffer(db: Db, actor: Actor, memberId: string, input: TOfferIssueRequest): Promise<TOffer> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: memberId }, select: { erasedAt: true } });
    if (!member) throw notFound('Member');
    if (member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
    const created = await tx.personalOffer.create({
      data: {
        memberId,
        titleTr: input.titleTr,
        titleEn: input.titleEn ?? null,
        descriptionTr: input.descriptionTr ?? null,
        descriptionEn: input.descriptionEn ?? null,
        validFrom: input.validFrom ? new Date(input.validFrom) : new Date(),
        validTo: new Date(input.validTo),
        campaignId: input.campaignId ?? null,
      },
    }).catch((error: unknown) => {
      // An offer's only unique key besides its id is personal_offer_open_campaign_key (member, open campaign offer).
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const message = 'The member already holds an open offer of this campaign';
        throw new ServiceError('CONFLICT', message, [{ path: 'campaignId', message }]);
      }
      throw error;
    });
    const offer = toOffer(created);
    await writeAudit(tx, actor, { action: 'offer.issue', entityType: 'personal_offer', entityId: created.id, after: offer });
    return offer;
  });
}
