import type { Db } from '../../db/database';

const MY_TICKETS = 50;

/** A member's own tickets, newest first, with number, status and dates only (the text stays with the agents). */
export async function listMyTickets(db: Db, memberId: string) {
  const tickets = await db.ticket.findMany({
    where: { memberId },
    orderBy: { createdAt: 'desc' },
    take: MY_TICKETS,
    select: { number: true, status: true, createdAt: true, updatedAt: true, resolvedAt: true },
  });
  return {
    items: tickets.map((t) => ({
      number: t.number,
      status: t.status,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
      resolvedAt: t.resolvedAt?.toISOString() ?? null,
    })),
  };
}
