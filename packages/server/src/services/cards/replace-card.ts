import type { TCard, ZCardReplaceRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toCard } from '../members/member.mapper';
import { insertCard } from './issue-card';

/**
 * Replaces a card (lost, stolen, damaged): the old card becomes REPLACED and points to the new one. Balance
 * and history belong to the member, not the card, so they carry over unchanged.
 */
export async function replaceCard(
  db: Db,
  actor: Actor,
  cardId: string,
  input: z.output<typeof ZCardReplaceRequest>,
): Promise<{ previous: TCard; card: TCard }> {
  return db.$transaction(async (tx) => {
    const old = await tx.card.findUnique({ where: { id: cardId }, include: { member: { select: { erasedAt: true } } } });
    if (!old) throw notFound('Card');
    if (old.member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
    if (old.status === 'REPLACED') throw new ServiceError('CARD_NOT_ACTIVE', 'This card was already replaced');
    // Free the old UID first so a re-personalised tag can be reused.
    if (input.nfcUid && old.nfcUid === input.nfcUid) await tx.card.update({ where: { id: old.id }, data: { nfcUid: null } });
    const fresh = await insertCard(tx, old.memberId, input);
    const previous = await tx.card.update({
      where: { id: old.id },
      data: { status: 'REPLACED', replacedById: fresh.id, statusReason: old.statusReason ?? 'replaced' },
    });
    const result = { previous: toCard(previous), card: toCard(fresh) };
    await writeAudit(tx, actor, { action: 'card.replace', entityType: 'card', entityId: old.id, before: toCard(old), after: result });
    return result;
  });
}
