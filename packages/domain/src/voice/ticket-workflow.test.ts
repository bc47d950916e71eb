import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { defaultWeek } from './business-time';
import type { BusinessCalendar } from './business-time';
import { TICKET_STATUSES, TICKET_TRANSITIONS, applyTransition, canTransition } from './ticket-workflow';
import type { TicketStatus, TicketWorkflowState } from './ticket-workflow';
import { TURKEY_PUBLIC_HOLIDAYS } from './turkish-holidays';

const calendar: BusinessCalendar = { week: defaultWeek(), holidays: TURKEY_PUBLIC_HOLIDAYS, utcOffsetMinutes: 180 };
const ist = (local: string) => new Date(`${local}:00+03:00`);

const state = (over: Partial<TicketWorkflowState> = {}): TicketWorkflowState => ({
  status: 'NEW',
  teamId: 'team-1',
  assigneeId: null,
  firstRespondedAt: null,
  resolvedAt: null,
  closedAt: null,
  resolutionDueAt: ist('2026-11-25T12:00'),
  waitingSince: null,
  reopenCount: 0,
  ...over,
});

describe('ticket workflow', () => {
  it('follows the documented path new → assigned → in progress → waiting → resolved → closed', () => {
    const path: TicketStatus[] = ['ASSIGNED', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'];
    let s = state();
    for (const to of path) {
      const r = applyTransition(s, to, ist('2026-11-24T10:00'), calendar);
      expect(r.ok, `${s.status} → ${to}`).toBe(true);
      if (r.ok) s = r.next;
    }
    expect(s.closedAt).not.toBeNull();
  });

  it.each([
    ['NEW', 'CLOSED'],
    ['NEW', 'WAITING_CUSTOMER'],
    ['ASSIGNED', 'NEW'],
    ['WAITING_CUSTOMER', 'CLOSED'],
    ['RESOLVED', 'WAITING_CUSTOMER'],
    ['CLOSED', 'IN_PROGRESS'],
    ['CLOSED', 'RESOLVED'],
  ] as const)('refuses %s → %s with a reason', (from, to) => {
    const r = applyTransition(state({ status: from }), to, ist('2026-11-24T10:00'), calendar);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.reason).toContain(`${from} ticket cannot move to ${to}`);
  });

  it('never lets anything leave CLOSED or move a ticket to NEW', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TICKET_STATUSES), fc.constantFrom(...TICKET_STATUSES), (from, to) => {
        if (from === 'CLOSED' || to === 'NEW') return !canTransition(from, to);
        return canTransition(from, to) === TICKET_TRANSITIONS[from].includes(to);
      }),
    );
  });

  it('needs a team or an agent to become ASSIGNED', () => {
    const r = applyTransition(state({ teamId: null }), 'ASSIGNED', ist('2026-11-24T10:00'), calendar);
    expect(r).toEqual({ ok: false, reason: 'Assign the ticket to a team or an agent first' });
  });

  it('counts resolving as the first response and a reopen once', () => {
    const resolved = applyTransition(state({ status: 'IN_PROGRESS' }), 'RESOLVED', ist('2026-11-24T10:00'), calendar);
    expect(resolved.ok && resolved.next.firstRespondedAt?.toISOString()).toBe(ist('2026-11-24T10:00').toISOString());
    if (!resolved.ok) return;
    const reopened = applyTransition(resolved.next, 'IN_PROGRESS', ist('2026-11-24T11:00'), calendar);
    expect(reopened).toMatchObject({ ok: true, reopened: true, next: { resolvedAt: null, reopenCount: 1 } });
  });

  it('pauses the resolution clock while waiting for the customer (in business minutes)', () => {
    const waiting = applyTransition(state({ status: 'IN_PROGRESS' }), 'WAITING_CUSTOMER', ist('2026-11-24T17:00'), calendar);
    if (!waiting.ok) throw new Error(waiting.reason);
    expect(waiting.next.waitingSince?.toISOString()).toBe(ist('2026-11-24T17:00').toISOString());
    // 17:00 → 10:00 next day = 60 + 60 business minutes; the 12:00 target moves to 14:00.
    const back = applyTransition(waiting.next, 'IN_PROGRESS', ist('2026-11-25T10:00'), calendar);
    expect(back.ok && back.next.resolutionDueAt.toISOString()).toBe(ist('2026-11-25T14:00').toISOString());
    expect(back.ok && back.next.waitingSince).toBeNull();
  });
});
