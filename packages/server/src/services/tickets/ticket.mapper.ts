import type { TTicketSummary } from '@kulup/contracts';
import { businessMinutesBetween } from '@kulup/domain';
import type { BusinessCalendar } from '@kulup/domain';

import type { Prisma, Ticket, TicketCategory } from '../../generated/prisma/client';

export const ticketSummaryInclude = {
  category: true,
  store: { select: { name: true } },
  team: { select: { name: true } },
  assignee: { select: { name: true } },
} satisfies Prisma.TicketInclude;

export type TicketWithNames = Ticket & {
  category: TicketCategory;
  store: { name: string } | null;
  team: { name: string } | null;
  assignee: { name: string } | null;
};

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** SLA clocks as the queue shows them: remaining business minutes (negative when overdue), frozen while paused. */
export function slaTimers(t: Ticket, calendar: BusinessCalendar, now: Date): Pick<TTicketSummary, 'firstResponse' | 'resolution'> {
  const final = t.status === 'CLOSED';
  const firstMet = t.firstRespondedAt;
  const paused = t.status === 'WAITING_CUSTOMER' && t.waitingSince !== null;
  const resolutionClock = paused ? t.waitingSince! : now;
  return {
    firstResponse: {
      dueAt: iso(t.firstResponseDueAt),
      metAt: isoOrNull(firstMet),
      remainingBusinessMinutes: firstMet || final ? null : businessMinutesBetween(now, t.firstResponseDueAt, calendar),
      breached: t.breachedFirstResponse || (firstMet ? firstMet > t.firstResponseDueAt : !final && now > t.firstResponseDueAt),
      paused: false,
    },
    resolution: {
      dueAt: iso(t.resolutionDueAt),
      metAt: isoOrNull(t.resolvedAt),
      remainingBusinessMinutes: t.resolvedAt || final ? null : businessMinutesBetween(resolutionClock, t.resolutionDueAt, calendar),
      breached: t.breachedResolution || (t.resolvedAt ? t.resolvedAt > t.resolutionDueAt : !final && resolutionClock > t.resolutionDueAt),
      paused,
    },
  };
}

export function toTicketSummary(t: TicketWithNames, calendar: BusinessCalendar, now: Date): TTicketSummary {
  return {
    id: t.id,
    number: t.number,
    kind: t.kind,
    channel: t.channel,
    status: t.status,
    priority: t.priority,
    category: { code: t.category.code, nameTr: t.category.nameTr, nameEn: t.category.nameEn },
    storeId: t.storeId,
    storeName: t.store?.name ?? null,
    memberId: t.memberId,
    subject: t.subject,
    preview: t.text.length > 140 ? `${t.text.slice(0, 139)}…` : t.text,
    teamId: t.teamId,
    teamName: t.team?.name ?? null,
    assigneeId: t.assigneeId,
    assigneeName: t.assignee?.name ?? null,
    ...slaTimers(t, calendar, now),
    reopenCount: t.reopenCount,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
  };
}
