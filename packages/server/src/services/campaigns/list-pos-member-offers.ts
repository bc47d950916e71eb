import type { TPosMemberOffers } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { usableAt } from '../offers/offer.mapper';

/** The member's usable personal offers for the till, soonest ending first (reading does not mark them seen). */
export async function listPosMemberOffers(db: Db, memberId: string, now = new Date()): Promise<TPosMemberOffers> {
  const member = await db.member.findUnique({ where: { id: memberId }, select: { erasedAt: true } });
  if (!member || member.erasedAt) throw notFound('Member');
  const rows = await db.personalOffer.findMany({ where: { memberId, ...usableAt(now) }, orderBy: [{ validTo: 'asc' }, { id: 'asc' }], take: 50 });
  return {
    items: rows.map((o) => ({
      id: o.id,
      campaignId: o.campaignId,
      title: { tr: o.titleTr, en: o.titleEn },
      status: o.status as 'ISSUED' | 'SEEN' | 'ACTIVATED',
      validTo: o.validTo.toISOString(),
    })),
  };
}
