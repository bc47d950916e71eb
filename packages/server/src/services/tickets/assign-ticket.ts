import type { TTicketDetail } from '@kulup/contracts';

import type { Db } from '../../db/database';
import type { Ticket, TicketStatus } from '../../generated/prisma/client';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';
import { getTicket } from './get-ticket';

export type Assignment = { teamId?: string | null | undefined; assigneeId?: string | null | undefined };

/** Checks that the team is active and the agent an active AGENT or ADMIN. */
export async function checkAssignment(tx: Tx, input: Assignment): Promise<void> {
  if (input.teamId) {
    const team = await tx.serviceTeam.findUnique({ where: { id: input.teamId }, select: { active: true } });
    if (!team?.active) throw new ServiceError('UNKNOWN_REFERENCE', 'There is no such active team', [{ path: 'teamId', message: 'Unknown or retired team' }]);
  }
  if (input.assigneeId) {
    const agent = await tx.staffUser.findUnique({ where: { id: input.assigneeId }, select: { active: true, role: true } });
    if (!agent?.active || agent.role === 'MARKETER') {
      throw new ServiceError('UNKNOWN_REFERENCE', 'Tickets go to active agents or admins', [{ path: 'assigneeId', message: 'Not an active agent' }]);
    }
  }
}

/**
 * Applies an assignment to one ticket in the caller's transaction: a NEW ticket becomes ASSIGNED, an ASSIGNED
 * one whose team and agent are both cleared goes back to NEW; history and audit record before and after.
 */
export async function applyAssignment(tx: Tx, actor: Actor, ticket: Ticket, input: Assignment, now: Date): Promise<void> {
  if (ticket.status === 'CLOSED') {
    throw new ServiceError('TRANSITION_NOT_ALLOWED', `${ticket.number} is closed and cannot be reassigned`);
  }
  const teamId = input.teamId === undefined ? ticket.teamId : input.teamId;
  const assigneeId = input.assigneeId === undefined ? ticket.assigneeId : input.assigneeId;
  const assigned = teamId !== null || assigneeId !== null;
  let status: TicketStatus = ticket.status;
  if (ticket.status === 'NEW' && assigned) status = 'ASSIGNED';
  if (ticket.status === 'ASSIGNED' && !assigned) status = 'NEW';
  const { count } = await tx.ticket.updateMany({
    where: { id: ticket.id, status: ticket.status, updatedAt: ticket.updatedAt },
    data: { teamId, assigneeId, status },
  });
  if (count !== 1) throw new ServiceError('CONFLICT', `${ticket.number} changed meanwhile; reload it and try again`);
  await tx.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      kind: 'ASSIGNED',
      actorType: actor.type,
      actorId: actor.id,
      fromStatus: ticket.status,
      toStatus: status,
      data: { teamId, assigneeId, previousTeamId: ticket.teamId, previousAssigneeId: ticket.assigneeId },
      at: now,
    },
  });
  await writeAudit(tx, actor, {
    action: 'ticket.assign',
    entityType: 'ticket',
    entityId: ticket.id,
    before: { teamId: ticket.teamId, assigneeId: ticket.assigneeId, status: ticket.status },
    after: { teamId, assigneeId, status },
  });
}

/** Assigns one ticket to a team and/or an agent. */
export async function assignTicket(db: Db, actor: Actor, ticketId: string, input: Assignment, now: Date = new Date()): Promise<TTicketDetail> {
  await db.$transaction(async (tx) => {
    const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
    if (!ticket) throw notFound('Ticket');
    await checkAssignment(tx, input);
    await applyAssignment(tx, actor, ticket, input, now);
  });
  return getTicket(db, ticketId, now);
}
