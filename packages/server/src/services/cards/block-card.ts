import type { TCard, ZCardBlockRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toCard } from '../members/member.mapper';

/** Blocks a card or marks it lost; from then on it identifies nobody. */
export async function blockCard(db: Db, actor: Actor, cardId: string, input: z.output<typeof ZCardBlockRequest>): Promise<TCard> {
  return db.$transaction(async (tx) => {
    const card = await tx.card.findUnique({ where: { id: cardId } });
    if (!card) throw notFound('Card');
    if (card.status === 'REPLACED') throw new ServiceError('CARD_NOT_ACTIVE', 'This card was already replaced');
    const updated = await tx.card.update({ where: { id: cardId }, data: { status: input.status, statusReason: input.reason } });
    const before = toCard(card);
    const after = toCard(updated);
    await writeAudit(tx, actor, { action: 'card.block', entityType: 'card', entityId: cardId, before, after });
    return after;
  });
}
