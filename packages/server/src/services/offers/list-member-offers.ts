import type { TOffer } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { toOffer } from './offer.mapper';

/** Every offer of one member for staff, newest first (at most 200). */
export async function listMemberOffers(db: Db, memberId: string): Promise<TOffer[]> {
  if (!(await db.member.findUnique({ where: { id: memberId }, select: { id: true } }))) throw notFound('Member');
  const rows = await db.personalOffer.findMany({ where: { memberId }, orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }], take: 200 });
  return rows.map(toOffer);
}
