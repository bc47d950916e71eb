// Ticket status workflow and the SLA clock it drives.
//
//   NEW → ASSIGNED → IN_PROGRESS ⇄ WAITING_CUSTOMER → RESOLVED → CLOSED
//                                                      ↘ IN_PROGRESS (reopen)
// A ticket may also skip ahead (NEW → IN_PROGRESS, any open status → RESOLVED) and go back to ASSIGNED from
// IN_PROGRESS (handed to someone else). CLOSED is final: a customer who comes back later gets a new ticket.
// The resolution clock pauses while the ticket waits for the customer: leaving WAITING_CUSTOMER moves the
// resolution target later by the business minutes spent waiting. Resolving counts as the first response
// when nobody replied before (e.g. a wish handled without contacting the customer).

import { addBusinessMinutes, businessMinutesBetween } from './business-time';
import type { BusinessCalendar } from './business-time';

export const TICKET_STATUSES = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Allowed next statuses per status. */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  NEW: ['ASSIGNED', 'IN_PROGRESS', 'RESOLVED'],
  ASSIGNED: ['IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED'],
  IN_PROGRESS: ['ASSIGNED', 'WAITING_CUSTOMER', 'RESOLVED'],
  WAITING_CUSTOMER: ['IN_PROGRESS', 'RESOLVED'],
  RESOLVED: ['IN_PROGRESS', 'CLOSED'],
  CLOSED: [],
};

/** Statuses in which the ticket still needs work (SLA timers run, breaches are escalated). */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_CUSTOMER'];

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

/** The part of a ticket the workflow reads and changes. */
export type TicketWorkflowState = {
  status: TicketStatus;
  teamId: string | null;
  assigneeId: string | null;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  resolutionDueAt: Date;
  waitingSince: Date | null;
  reopenCount: number;
};

export type TransitionResult =
  | { ok: true; next: TicketWorkflowState; reopened: boolean }
  | { ok: false; reason: string };

/** Applies a status change at `at`, or says why it is not allowed. */
export function applyTransition(state: TicketWorkflowState, to: TicketStatus, at: Date, calendar: BusinessCalendar): TransitionResult {
  if (!canTransition(state.status, to)) {
    const allowed = TICKET_TRANSITIONS[state.status];
    return {
      ok: false,
      reason: `A ${state.status} ticket cannot move to ${to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (it is final)'}`,
    };
  }
  if (to === 'ASSIGNED' && !state.assigneeId && !state.teamId) {
    return { ok: false, reason: 'Assign the ticket to a team or an agent first' };
  }
  const next: TicketWorkflowState = { ...state, status: to };
  if (state.status === 'WAITING_CUSTOMER' && state.waitingSince) {
    const waited = Math.max(0, businessMinutesBetween(state.waitingSince, at, calendar));
    next.resolutionDueAt = addBusinessMinutes(state.resolutionDueAt, waited, calendar);
    next.waitingSince = null;
  }
  if (to === 'WAITING_CUSTOMER') next.waitingSince = at;
  const reopened = state.status === 'RESOLVED' && to === 'IN_PROGRESS';
  if (reopened) {
    next.resolvedAt = null;
    next.reopenCount = state.reopenCount + 1;
  }
  if (to === 'RESOLVED') {
    next.resolvedAt = at;
    next.firstRespondedAt = state.firstRespondedAt ?? at;
  }
  if (to === 'CLOSED') next.closedAt = at;
  return { ok: true, next, reopened };
}
