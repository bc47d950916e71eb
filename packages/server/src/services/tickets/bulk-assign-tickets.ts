import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import type { Actor } from '../context';
import { applyAssignment, checkAssignment } from './assign-ticket';
import type { Assignment } from './assign-ticket';

/** Assigns several tickets in one transaction: all of them or, if any is unknown or closed, none. */
export async function bulkAssignTickets(
  db: Db,
  actor: Actor,
  input: Assignment & { ticketIds: string[] },
  now: Date = new Date(),
): Promise<{ updated: number }> {
  return db.$transaction(
    async (tx) => {
      await checkAssignment(tx, input);
      const tickets = await tx.ticket.findMany({ where: { id: { in: input.ticketIds } } });
      const byId = new Map(tickets.map((t) => [t.id, t]));
      const missing = input.ticketIds.flatMap((id, i) => (byId.has(id) ? [] : [{ path: `ticketIds.${i}`, message: 'Unknown ticket' }]));
      if (missing.length) throw new ServiceError('UNKNOWN_REFERENCE', 'Some tickets do not exist; nothing was assigned', missing);
      const closed = input.ticketIds.flatMap((id, i) => (byId.get(id)!.status === 'CLOSED' ? [{ path: `ticketIds.${i}`, message: 'Closed' }] : []));
      if (closed.length) throw new ServiceError('TRANSITION_NOT_ALLOWED', 'Closed tickets cannot be reassigned; nothing was assigned', closed);
      for (const id of input.ticketIds) await applyAssignment(tx, actor, byId.get(id)!, input, now);
      return { updated: input.ticketIds.length };
    },
    // Up to 200 tickets, each with an update, an event and an audit row.
    { timeout: 20_000 },
  );
}
