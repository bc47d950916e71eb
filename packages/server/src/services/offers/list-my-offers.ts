import type { TMemberOfferList } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { issueCampaignOffers } from '../campaigns/issue-campaign-offers';
import type { Actor } from '../context';
import { toMemberOffer, usableAt } from './offer.mapper';

/**
 * The session member's offers valid now, soonest ending first. Campaign offers are issued first (the member
 * is here: ranked, control group excluded); showing them marks ISSUED ones SEEN (one conditional UPDATE, so
 * concurrent reads mark each offer once).
 */
export async function listMyOffers(db: Db, actor: Actor, memberId: string, now = new Date()): Promise<TMemberOfferList> {
  await issueCampaignOffers(db, actor, memberId, now);
  await db.personalOffer.updateMany({ where: { memberId, ...usableAt(now), status: 'ISSUED' }, data: { status: 'SEEN', seenAt: now } });
  const rows = await db.personalOffer.findMany({
    where: { memberId, ...usableAt(now), status: { in: ['SEEN', 'ACTIVATED'] } },
    orderBy: [{ validTo: 'asc' }, { id: 'asc' }],
    take: 50,
  });
  return { items: rows.map((o) => toMemberOffer(o as typeof o & { status: 'SEEN' | 'ACTIVATED' })) };
}
