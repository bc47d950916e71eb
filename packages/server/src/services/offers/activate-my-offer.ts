import type { TMemberOffer } from '@kulup/contracts';

import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, ServiceDeps } from '../context';
import { toMemberOffer } from './offer.mapper';

/**
 * Activates one of the session member's own offers. Repeating it changes nothing and answers the same;
 * another member's offer is NOT_FOUND; a redeemed, expired or not-yet-valid offer is a CONFLICT.
 */
export async function activateMyOffer(deps: Pick<ServiceDeps, 'db'>, actor: Actor, memberId: string, offerId: string): Promise<TMemberOffer> {
  const now = new Date();
  return deps.db.$transaction(async (tx) => {
    const changed = await tx.personalOffer.updateMany({
      where: { id: offerId, memberId, status: { in: ['ISSUED', 'SEEN'] }, validFrom: { lte: now }, validTo: { gt: now } },
      data: { status: 'ACTIVATED', activatedAt: now },
    });
    const offer = await tx.personalOffer.findFirst({ where: { id: offerId, memberId } });
    if (!offer) throw notFound('Offer');
    if (offer.status !== 'ACTIVATED' || offer.validTo <= now) {
      const why = offer.status === 'REDEEMED' ? 'already used' : offer.validFrom > now ? 'not valid yet' : 'no longer valid';
      throw new ServiceError('CONFLICT', `This offer is ${why}`);
    }
    if (changed.count === 1) {
      await writeAudit(tx, actor, { action: 'offer.activate', entityType: 'personal_offer', entityId: offerId, after: { status: 'ACTIVATED' } });
    }
    return toMemberOffer({ ...offer, status: 'ACTIVATED' });
  });
}
