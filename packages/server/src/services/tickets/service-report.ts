import type { TServiceReport, ZServiceReportQuery } from '@kulup/contracts';
import { OPEN_TICKET_STATUSES, computeCsat, localDate, serviceStats } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import { loadBusinessCalendar } from '../sla/business-calendar';
import { istanbulDayStart } from '../surveys/survey-results';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;
const DAY = 86_400_000;

/**
 * The service dashboard over tickets created between two Istanbul dates (default: the last 30 days):
 * first-response and resolution times in business minutes, SLA compliance, reopen rate, follow-up CSAT and
 * volume by category, store and channel.
 */
export async function serviceReport(db: Db, query: z.output<typeof ZServiceReportQuery>, now: Date = new Date()): Promise<TServiceReport> {
  const to = query.to ?? localDate(now);
  const from = query.from ?? localDate(new Date(istanbulDayStart(to).getTime() - (DEFAULT_DAYS - 1) * DAY));
  const start = istanbulDayStart(from);
  const end = new Date(istanbulDayStart(to).getTime() + DAY);
  if (end <= start) throw new ServiceError('VALIDATION_FAILED', 'The period is empty', [{ path: 'query.to', message: 'to must not be before from' }]);
  if (end.getTime() - start.getTime() > MAX_DAYS * DAY) {
    throw new ServiceError('VALIDATION_FAILED', `A report covers at most ${MAX_DAYS} days`, [{ path: 'query.from', message: `at most ${MAX_DAYS} days before to` }]);
  }
  const tickets = await db.ticket.findMany({
    where: { createdAt: { gte: start, lt: end } },
    select: {
      status: true,
      channel: true,
      storeId: true,
      createdAt: true,
      firstRespondedAt: true,
      firstResponseDueAt: true,
      resolvedAt: true,
      resolutionDueAt: true,
      breachedFirstResponse: true,
      breachedResolution: true,
      reopenCount: true,
      category: { select: { code: true, nameTr: true } },
      store: { select: { name: true } },
      followUp: { select: { response: { select: { answers: true } } } },
    },
  });
  const calendar = await loadBusinessCalendar(db);
  const open = (s: string) => (OPEN_TICKET_STATUSES as readonly string[]).includes(s);
  const stats = serviceStats(
    tickets.map((t) => ({ ...t, open: open(t.status), paused: t.status === 'WAITING_CUSTOMER' })),
    calendar,
    now,
  );
  const count = <K extends string>(key: (t: (typeof tickets)[number]) => K) => {
    const m = new Map<K, { first: (typeof tickets)[number]; n: number }>();
    for (const t of tickets) {
      const k = key(t);
      const seen = m.get(k);
      m.set(k, { first: seen?.first ?? t, n: (seen?.n ?? 0) + 1 });
    }
    return [...m.entries()].sort((a, b) => b[1].n - a[1].n);
  };
  const scores = tickets.flatMap((t) => {
    const answer = (t.followUp?.response?.answers as Record<string, unknown> | undefined)?.csat;
    return typeof answer === 'number' ? [answer] : [];
  });
  return {
    from,
    to,
    created: tickets.length,
    open: tickets.filter((t) => open(t.status)).length,
    resolved: tickets.filter((t) => t.resolvedAt !== null).length,
    ...stats,
    followUpCsat: computeCsat(scores),
    byCategory: count((t) => t.category.code).map(([code, v]) => ({ code, nameTr: v.first.category.nameTr, tickets: v.n })),
    byStore: count((t) => t.storeId ?? '').map(([id, v]) => ({ storeId: id || null, storeName: v.first.store?.name ?? null, tickets: v.n })),
    byChannel: count((t) => t.channel).map(([channel, v]) => ({ channel, tickets: v.n })),
  };
}
