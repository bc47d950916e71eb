import type { Db } from '../../db/database';
import type { TicketStatus } from '../../generated/prisma/client';
import { emitEvent } from '../outbox/emit-event';

// Tickets whose first response is still owed; the resolution clock also runs in these except WAITING_CUSTOMER.
const AWAITING_RESPONSE: TicketStatus[] = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_CUSTOMER'];
const RESOLUTION_CLOCK_RUNNING: TicketStatus[] = ['NEW', 'ASSIGNED', 'IN_PROGRESS'];
const BATCH = 200;

export type EscalationResult = { firstResponse: number; resolution: number };

type Target = 'FIRST_RESPONSE' | 'RESOLUTION';

async function escalateOne(db: Db, ticketId: string, target: Target, at: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // The flag is the "fires once" guard: only the run whose conditional update flips it records and notifies.
    const { count } =
      target === 'FIRST_RESPONSE'
        ? await tx.ticket.updateMany({
            where: { id: ticketId, breachedFirstResponse: false, firstRespondedAt: null, firstResponseDueAt: { lt: at }, status: { in: AWAITING_RESPONSE } },
            data: { breachedFirstResponse: true, firstResponseEscalatedAt: at },
          })
        : await tx.ticket.updateMany({
            where: { id: ticketId, breachedResolution: false, resolvedAt: null, resolutionDueAt: { lt: at }, status: { in: RESOLUTION_CLOCK_RUNNING } },
            data: { breachedResolution: true, resolutionEscalatedAt: at },
          });
    if (count !== 1) return false;
    const ticket = await tx.ticket.findUniqueOrThrow({ where: { id: ticketId } });
    const dueAt = target === 'FIRST_RESPONSE' ? ticket.firstResponseDueAt : ticket.resolutionDueAt;
    await tx.ticketEvent.create({ data: { ticketId, kind: 'SLA_BREACHED', actorType: 'SYSTEM', data: { target, dueAt: dueAt.toISOString() }, at } });
    await emitEvent(tx, 'ticket.sla_breached', ticketId, {
      ticketId,
      number: ticket.number,
      target,
      dueAt: dueAt.toISOString(),
      priority: ticket.priority,
      status: ticket.status,
      teamId: ticket.teamId,
      assigneeId: ticket.assigneeId,
    });
    return true;
  });
}

/**
 * Marks every ticket whose first-response or resolution target passed before `at` as breached and emits one
 * `ticket.sla_breached` outbox event per ticket and target. Each breach fires once, also when runs overlap:
 * the flag flips in a conditional update and only the flipping transaction records and notifies.
 */
export async function escalateBreaches(db: Db, at: Date = new Date()): Promise<EscalationResult> {
  const result: EscalationResult = { firstResponse: 0, resolution: 0 };
  for (const target of ['FIRST_RESPONSE', 'RESOLUTION'] as const) {
    let after: string | undefined;
    for (;;) {
      const due = await db.ticket.findMany({
        where:
          target === 'FIRST_RESPONSE'
            ? { breachedFirstResponse: false, firstRespondedAt: null, firstResponseDueAt: { lt: at }, status: { in: AWAITING_RESPONSE } }
            : { breachedResolution: false, resolvedAt: null, resolutionDueAt: { lt: at }, status: { in: RESOLUTION_CLOCK_RUNNING } },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: BATCH,
        ...(after ? { cursor: { id: after }, skip: 1 } : {}),
      });
      for (const { id } of due) {
        if (await escalateOne(db, id, target, at)) result[target === 'FIRST_RESPONSE' ? 'firstResponse' : 'resolution'] += 1;
      }
      if (due.length < BATCH) break;
      after = due.at(-1)!.id;
    }
  }
  return result;
}
