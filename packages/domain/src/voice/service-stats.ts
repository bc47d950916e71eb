// Service-level figures for the dashboard, over the tickets created in a period.
//
// Times are business minutes from creation (opening hours only), so a ticket filed on Saturday evening and
// answered Monday at 09:30 took 30 minutes. SLA compliance counts only decided cases: a target met (on time
// or late) or one already missed and still open; tickets still within their target are left out. The reopen
// rate is the share of resolved tickets that were reopened at least once.

import { businessMinutesBetween } from './business-time';
import type { BusinessCalendar } from './business-time';

export type ServiceTicketFacts = {
  createdAt: Date;
  firstRespondedAt: Date | null;
  firstResponseDueAt: Date;
  resolvedAt: Date | null;
  resolutionDueAt: Date;
  breachedFirstResponse: boolean;
  breachedResolution: boolean;
  reopenCount: number;
  /** Still needs work (NEW … WAITING_CUSTOMER). */
  open: boolean;
  /** Resolution clock paused (waiting for the customer). */
  paused: boolean;
};

export type DurationStats = {
  count: number;
  averageBusinessMinutes: number | null;
  medianBusinessMinutes: number | null;
  slaCompliancePercent: number | null;
};

export type ServiceStats = { firstResponse: DurationStats; resolution: DurationStats; reopenRatePercent: number | null };

const round1 = (x: number) => Math.round(x * 10) / 10;

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function durations(
  tickets: readonly ServiceTicketFacts[],
  calendar: BusinessCalendar,
  now: Date,
  met: (t: ServiceTicketFacts) => Date | null,
  due: (t: ServiceTicketFacts) => Date,
  flagged: (t: ServiceTicketFacts) => boolean,
  clockRunning: (t: ServiceTicketFacts) => boolean,
): DurationStats {
  const minutes = tickets.flatMap((t) => {
    const at = met(t);
    return at ? [Math.max(0, businessMinutesBetween(t.createdAt, at, calendar))] : [];
  });
  let onTime = 0;
  let decided = 0;
  for (const t of tickets) {
    const at = met(t);
    if (at) {
      decided += 1;
      if (at <= due(t) && !flagged(t)) onTime += 1;
    } else if (flagged(t) || (clockRunning(t) && now > due(t))) {
      decided += 1;
    }
  }
  const sorted = [...minutes].sort((a, b) => a - b);
  return {
    count: minutes.length,
    averageBusinessMinutes: minutes.length ? round1(minutes.reduce((a, b) => a + b, 0) / minutes.length) : null,
    medianBusinessMinutes: median(sorted),
    slaCompliancePercent: decided ? round1((onTime * 100) / decided) : null,
  };
}

/** First-response and resolution times, SLA compliance and reopen rate of a set of tickets. */
export function serviceStats(tickets: readonly ServiceTicketFacts[], calendar: BusinessCalendar, now: Date): ServiceStats {
  const everResolved = tickets.filter((t) => t.resolvedAt !== null || t.reopenCount > 0);
  return {
    firstResponse: durations(tickets, calendar, now, (t) => t.firstRespondedAt, (t) => t.firstResponseDueAt, (t) => t.breachedFirstResponse, (t) => t.open),
    resolution: durations(tickets, calendar, now, (t) => t.resolvedAt, (t) => t.resolutionDueAt, (t) => t.breachedResolution, (t) => t.open && !t.paused),
    reopenRatePercent: everResolved.length ? round1((everResolved.filter((t) => t.reopenCount > 0).length * 100) / everResolved.length) : null,
  };
}
