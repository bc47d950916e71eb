import type { TTicketSummary, ZTicketListQuery } from '@kulup/contracts';
import { OPEN_TICKET_STATUSES } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { Prisma, TicketStatus } from '../../generated/prisma/client';
import { ServiceError } from '../../http/service-error';
import { loadBusinessCalendar } from '../sla/business-calendar';
import { ticketSummaryInclude, toTicketSummary } from './ticket.mapper';

const RUNNING: TicketStatus[] = ['NEW', 'ASSIGNED', 'IN_PROGRESS'];

/** Tickets past a target: flagged by the escalation job, or overdue now and not flagged yet. */
function breachedWhere(now: Date): Prisma.TicketWhereInput {
  return {
    OR: [
      { breachedFirstResponse: true },
      { breachedResolution: true },
      { firstRespondedAt: null, firstResponseDueAt: { lt: now }, status: { in: [...OPEN_TICKET_STATUSES] } },
      { resolvedAt: null, resolutionDueAt: { lt: now }, status: { in: RUNNING } },
    ],
  };
}

type Cursor = [string, string];
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(raw: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new ServiceError('VALIDATION_FAILED', 'The cursor is invalid', [{ path: 'query.cursor', message: 'Use nextCursor from a previous page' }]);
  }
}

type TicketFilterQuery = Omit<z.output<typeof ZTicketListQuery>, 'limit' | 'cursor' | 'sort'>;

/** The queue's filters as Prisma conditions (shared by the list and its export). */
export function ticketFilters(viewerId: string, query: TicketFilterQuery, now: Date): Prisma.TicketWhereInput[] {
  const filters: Prisma.TicketWhereInput[] = [];
  if (query.status === 'OPEN') filters.push({ status: { in: [...OPEN_TICKET_STATUSES] } });
  else if (query.status) filters.push({ status: query.status });
  if (query.team) filters.push({ teamId: query.team === 'none' ? null : query.team });
  if (query.assignee) filters.push({ assigneeId: query.assignee === 'none' ? null : query.assignee === 'me' ? viewerId : query.assignee });
  if (query.category) filters.push({ category: { code: query.category } });
  if (query.store) filters.push({ storeId: query.store });
  if (query.memberId) filters.push({ memberId: query.memberId });
  if (query.breached !== undefined) filters.push(query.breached ? breachedWhere(now) : { NOT: breachedWhere(now) });
  return filters;
}

/** The agent queue: filtered, ordered by the resolution target (or newest first), with live SLA clocks. */
export async function listTickets(
  db: Db,
  viewerId: string,
  query: z.output<typeof ZTicketListQuery>,
  now: Date = new Date(),
): Promise<{ items: TTicketSummary[]; nextCursor: string | null }> {
  const filters = ticketFilters(viewerId, query, now);
  const byDue = query.sort === 'due';
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    filters.push(
      byDue
        ? { OR: [{ resolutionDueAt: { gt: c.at } }, { resolutionDueAt: c.at, id: { gt: c.id } }] }
        : { OR: [{ createdAt: { lt: c.at } }, { createdAt: c.at, id: { lt: c.id } }] },
    );
  }
  const rows = await db.ticket.findMany({
    where: { AND: filters },
    include: ticketSummaryInclude,
    orderBy: byDue ? [{ resolutionDueAt: 'asc' }, { id: 'asc' }] : [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const calendar = await loadBusinessCalendar(db);
  const last = page.at(-1);
  return {
    items: page.map((t) => toTicketSummary(t, calendar, now)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([(byDue ? last.resolutionDueAt : last.createdAt).toISOString(), last.id]) : null,
  };
}
