import type { TMember, ZMemberUpdateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { rethrowUnique } from '../unique-violation';
import { memberWithRelations, toMember } from './member.mapper';

/** Corrects member data (KVKK right to rectification), recording before and after. */
export async function updateMember(
  db: Db,
  actor: Actor,
  memberId: string,
  input: z.output<typeof ZMemberUpdateRequest>,
): Promise<TMember> {
  return db
    .$transaction(async (tx) => {
      const existing = await tx.member.findUnique({ where: { id: memberId }, include: memberWithRelations });
      if (!existing) throw notFound('Member');
      if (existing.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
      const { birthDate, ...fields } = input;
      const updated = await tx.member.update({
        where: { id: memberId },
        data: {
          ...fields,
          ...(birthDate !== undefined ? { birthDate: birthDate ? new Date(`${birthDate}T00:00:00Z`) : null } : {}),
        },
        include: memberWithRelations,
      });
      const before = toMember(existing);
      const after = toMember(updated);
      await writeAudit(tx, actor, { action: 'member.update', entityType: 'member', entityId: memberId, before, after });
      return after;
    })
    .catch(rethrowUnique({ phone: 'A member with this phone number already exists' }));
}
