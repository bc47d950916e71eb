import type { TMember } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { memberWithRelations, toMember } from './member.mapper';

/** A member with consents in force and cards. */
export async function getMember(db: Db, memberId: string): Promise<TMember> {
  const member = await db.member.findUnique({ where: { id: memberId }, include: memberWithRelations });
  if (!member) throw notFound('Member');
  return toMember(member);
}
