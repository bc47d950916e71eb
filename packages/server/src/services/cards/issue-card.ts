import { randomInt } from 'node:crypto';

import type { TCard, ZCardIssueRequest } from '@kulup/contracts';
import { MAX_CARD_SERIAL, formatCardNumber } from '@kulup/domain/card-number';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { Card } from '../../generated/prisma/client';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';
import { toCard } from '../members/member.mapper';

type IssueInput = z.output<typeof ZCardIssueRequest>;

/** Plain-UID cards are cloneable, so they get the lower trust level; SUN cards and printed numbers with PIN/staff checks get high. */
export function trustFor(kind: IssueInput['kind']): 'LOW' | 'HIGH' {
  return kind === 'NFC_UID' ? 'LOW' : 'HIGH';
}

/** Creates a card row with a fresh random serial; retries the rare serial collision. */
export async function insertCard(tx: Tx, memberId: string, input: IssueInput): Promise<Card> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const number = formatCardNumber(randomInt(1, MAX_CARD_SERIAL + 1));
    const clash = await tx.card.findUnique({ where: { number }, select: { id: true } });
    if (clash) continue;
    if (input.nfcUid) {
      const uidOwner = await tx.card.findUnique({ where: { nfcUid: input.nfcUid }, select: { id: true } });
      if (uidOwner) throw new ServiceError('CONFLICT', 'This NFC UID is already on another card', [{ path: 'nfcUid', message: 'Already in use' }]);
    }
    return tx.card.create({
      data: { memberId, number, nfcUid: input.nfcUid ?? null, kind: input.kind, trust: trustFor(input.kind) },
    });
  }
  throw new ServiceError('CONFLICT', 'Could not allocate a card number; try again');
}

/** Issues a new card to an existing, non-erased member. */
export async function issueCard(db: Db, actor: Actor, memberId: string, input: IssueInput): Promise<TCard> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: memberId }, select: { erasedAt: true } });
    if (!member) throw notFound('Member');
    if (member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
    const card = toCard(await insertCard(tx, memberId, input));
    await writeAudit(tx, actor, { action: 'card.issue', entityType: 'card', entityId: card.id, after: card });
    return card;
  });
}

