import type { TTicketDetail, ZTicketTransitionRequest } from '@kulup/contracts';
import { applyTransition } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { loadBusinessCalendar } from '../sla/business-calendar';
import { createFollowUp } from '../surveys/create-follow-up';
import { getTicket } from './get-ticket';

/**
 * Moves a ticket along the workflow (domain `applyTransition`): refuses transitions that are not allowed with
 * TRANSITION_NOT_ALLOWED, pauses and resumes the resolution clock around WAITING_CUSTOMER, counts reopens,
 * marks a target missed when resolved late and, on RESOLVED, asks the member the satisfaction follow-up.
 * A concurrent change of the same ticket makes this one fail with CONFLICT rather than overwrite it.
 */
export async function transitionTicket(
  db: Db,
  actor: Actor,
  ticketId: string,
  input: z.output<typeof ZTicketTransitionRequest>,
  now: Date = new Date(),
): Promise<TTicketDetail> {
  await db.$transaction(async (tx) => {
    const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
    if (!ticket) throw notFound('Ticket');
    const calendar = await loadBusinessCalendar(tx);
    const result = applyTransition(ticket, input.to, now, calendar);
    if (!result.ok) throw new ServiceError('TRANSITION_NOT_ALLOWED', result.reason, [{ path: 'to', message: result.reason }]);
    const next = result.next;
    const { count } = await tx.ticket.updateMany({
      where: { id: ticketId, status: ticket.status, updatedAt: ticket.updatedAt },
      data: {
        status: next.status,
        firstRespondedAt: next.firstRespondedAt,
        resolvedAt: next.resolvedAt,
        closedAt: next.closedAt,
        waitingSince: next.waitingSince,
        resolutionDueAt: next.resolutionDueAt,
        reopenCount: next.reopenCount,
        ...(next.firstRespondedAt && next.firstRespondedAt > ticket.firstResponseDueAt ? { breachedFirstResponse: true } : {}),
        ...(next.resolvedAt && next.resolvedAt > next.resolutionDueAt ? { breachedResolution: true } : {}),
      },
    });
    if (count !== 1) throw new ServiceError('CONFLICT', 'The ticket changed meanwhile; reload it and try again');
    await tx.ticketEvent.create({
      data: {
        ticketId,
        kind: 'STATUS_CHANGED',
        actorType: actor.type,
        actorId: actor.id,
        fromStatus: ticket.status,
        toStatus: next.status,
        body: input.note ?? null,
        data: result.reopened ? { reopened: true } : undefined,
        at: now,
      },
    });
    if (next.status === 'RESOLVED') await createFollowUp(tx, ticket, now);
    await writeAudit(tx, actor, {
      action: result.reopened ? 'ticket.reopen' : 'ticket.transition',
      entityType: 'ticket',
      entityId: ticketId,
      before: { status: ticket.status },
      after: { status: next.status, resolutionDueAt: next.resolutionDueAt.toISOString() },
    });
  });
  return getTicket(db, ticketId, now);
}
