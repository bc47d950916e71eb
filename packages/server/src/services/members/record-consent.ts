import type { TMember, ZConsentRecordRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { currentConsents, memberWithRelations, toMember } from './member.mapper';

/** Appends a consent record (never overwrites history: the burden of proof is on the sender). */
export async function recordConsent(
  db: Db,
  actor: Actor,
  memberId: string,
  input: z.output<typeof ZConsentRecordRequest>,
): Promise<TMember> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: memberId }, include: { consents: true } });
    if (!member) throw notFound('Member');
    if (member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
    const before = currentConsents(member.consents).find((c) => c.kind === input.kind) ?? null;
    await tx.consent.create({ data: { ...input, memberId, actorType: actor.type, actorId: actor.id } });
    await writeAudit(tx, actor, {
      action: 'member.consent',
      entityType: 'member',
      entityId: memberId,
      before,
      after: input,
    });
    const updated = await tx.member.findUniqueOrThrow({ where: { id: memberId }, include: memberWithRelations });
    return toMember(updated);
  });
}
