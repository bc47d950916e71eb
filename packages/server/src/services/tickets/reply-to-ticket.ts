import type { TTicketDetail, ZTicketReplyRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { emitEvent } from '../outbox/emit-event';
import { getTicket } from './get-ticket';
import { checkReplyChannels } from './reply-channels';

/**
 * Records a reply to the customer and queues it for sending (outbox `ticket.replied`) — only through a
 * channel the customer allowed (with the ticket or by a message permission in force) and has an address for,
 * else CONSENT_REQUIRED and nothing is written. The first reply is the ticket's first response.
 */
export async function replyToTicket(
  db: Db,
  actor: Actor,
  ticketId: string,
  input: z.output<typeof ZTicketReplyRequest>,
  now: Date = new Date(),
): Promise<TTicketDetail> {
  await db.$transaction(async (tx) => {
    const ticket = await tx.ticket.findUnique({ where: { id: ticketId }, include: { member: { include: { consents: true } } } });
    if (!ticket) throw notFound('Ticket');
    if (ticket.status === 'CLOSED') throw new ServiceError('TRANSITION_NOT_ALLOWED', `${ticket.number} is closed; open a new ticket to contact the customer`);
    const check = checkReplyChannels(ticket, ticket.member).find((c) => c.channel === input.channel)!;
    if (!check.allowed) throw new ServiceError('CONSENT_REQUIRED', check.reason!, [{ path: 'channel', message: check.reason! }]);
    if (input.cannedAnswerId && !(await tx.cannedAnswer.findUnique({ where: { id: input.cannedAnswerId }, select: { id: true } }))) {
      throw new ServiceError('UNKNOWN_REFERENCE', 'There is no such canned answer', [{ path: 'cannedAnswerId', message: 'Unknown canned answer' }]);
    }
    const event = await tx.ticketEvent.create({
      data: {
        ticketId,
        kind: 'REPLY',
        actorType: actor.type,
        actorId: actor.id,
        channel: input.channel,
        body: input.text,
        data: input.cannedAnswerId ? { cannedAnswerId: input.cannedAnswerId } : undefined,
        at: now,
      },
    });
    const first = ticket.firstRespondedAt === null;
    await tx.ticket.update({
      where: { id: ticketId },
      data: first ? { firstRespondedAt: now, ...(now > ticket.firstResponseDueAt ? { breachedFirstResponse: true } : {}) } : { updatedAt: now },
    });
    // The message processor reads the text and address from the ticket event; the payload carries no personal data.
    await emitEvent(tx, 'ticket.replied', ticketId, { ticketId, number: ticket.number, eventId: String(event.id), channel: input.channel });
    await writeAudit(tx, actor, {
      action: 'ticket.reply',
      entityType: 'ticket',
      entityId: ticketId,
      after: { eventId: String(event.id), channel: input.channel, firstResponse: first },
    });
  });
  return getTicket(db, ticketId, now);
}
