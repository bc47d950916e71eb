import type { TOffer, TOfferIssueRequest } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toOffer } from './offer.mapper';

/** Issues a personal offer to an existing, non-erased member; audited in the same transaction. */
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
    });
    const offer = toOffer(created);
    await writeAudit(tx, actor, { action: 'offer.issue', entityType: 'personal_offer', entityId: created.id, after: offer });
    return offer;
  });
}
