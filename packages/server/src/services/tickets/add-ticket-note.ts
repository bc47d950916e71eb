import type { TTicketDetail } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { getTicket } from './get-ticket';

/** Adds an internal note to a ticket's history; it is never sent to or shown to the customer. */
export async function addTicketNote(db: Db, actor: Actor, ticketId: string, text: string, now: Date = new Date()): Promise<TTicketDetail> {
  await db.$transaction(async (tx) => {
    const ticket = await tx.ticket.findUnique({ where: { id: ticketId }, select: { id: true } });
    if (!ticket) throw notFound('Ticket');
    const event = await tx.ticketEvent.create({ data: { ticketId, kind: 'NOTE', actorType: actor.type, actorId: actor.id, body: text, at: now } });
    // Touch the ticket so the queue's "updated" and optimistic checks see the change.
    await tx.ticket.update({ where: { id: ticketId }, data: { updatedAt: now } });
    await writeAudit(tx, actor, { action: 'ticket.note', entityType: 'ticket', entityId: ticketId, after: { eventId: String(event.id) } });
  });
  return getTicket(db, ticketId, now);
}
