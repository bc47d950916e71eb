import type { TMember, ZMemberCreateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { rethrowUnique } from '../unique-violation';
import { memberWithRelations, toMember } from './member.mapper';

export type CreateMemberInput = z.output<typeof ZMemberCreateRequest>;

/** Registers a member with their initial consents in one transaction; a phone number belongs to one member. */
export async function createMember(db: Db, actor: Actor, input: CreateMemberInput): Promise<TMember> {
  const { consents, birthDate, ...fields } = input;
  const member = await db
    .$transaction(async (tx) => {
      const created = await tx.member.create({
        data: {
          ...fields,
          birthDate: birthDate ? new Date(`${birthDate}T00:00:00Z`) : null,
          consents: {
            create: consents.map((c) => ({ ...c, actorType: actor.type, actorId: actor.id })),
          },
        },
        include: memberWithRelations,
      });
      const result = toMember(created);
      await writeAudit(tx, actor, { action: 'member.create', entityType: 'member', entityId: created.id, after: result });
      return result;
    })
    .catch(rethrowUnique({ phone: 'A member with this phone number already exists' }));
  return member;
}
