import { describe, expect, it } from 'vitest';

import { defaultWeek } from './business-time';
import type { BusinessCalendar } from './business-time';
import { serviceStats } from './service-stats';
import type { ServiceTicketFacts } from './service-stats';
import { TURKEY_PUBLIC_HOLIDAYS } from './turkish-holidays';

const calendar: BusinessCalendar = { week: defaultWeek(), holidays: TURKEY_PUBLIC_HOLIDAYS, utcOffsetMinutes: 180 };
const ist = (local: string) => new Date(`${local}:00+03:00`);

const ticket = (over: Partial<ServiceTicketFacts>): ServiceTicketFacts => ({
  createdAt: ist('2026-11-24T10:00'),
  firstRespondedAt: null,
  firstResponseDueAt: ist('2026-11-24T14:00'),
  resolvedAt: null,
  resolutionDueAt: ist('2026-11-26T16:00'),
  breachedFirstResponse: false,
  breachedResolution: false,
  reopenCount: 0,
  open: true,
  paused: false,
  ...over,
});

describe('serviceStats', () => {
  it('measures in business minutes and counts only decided SLA cases', () => {
    const stats = serviceStats(
      [
        // answered in 60 business minutes, resolved in 120: both on time
        ticket({ firstRespondedAt: ist('2026-11-24T11:00'), resolvedAt: ist('2026-11-24T12:00'), open: false }),
        // created Saturday 17:30, answered Monday 09:30 = 60 business minutes, but after its 09:00 target
        ticket({ createdAt: ist('2026-11-28T17:30'), firstResponseDueAt: ist('2026-11-30T09:00'), firstRespondedAt: ist('2026-11-30T09:30') }),
        // overdue and unanswered: decided as missed
        ticket({ firstResponseDueAt: ist('2026-11-24T11:00') }),
        // still within its targets: left out of compliance
        ticket({ firstResponseDueAt: ist('2026-11-25T11:00') }),
        // resolved, reopened
        ticket({ firstRespondedAt: ist('2026-11-24T10:30'), reopenCount: 1 }),
      ],
      calendar,
      ist('2026-11-24T13:00'),
    );
    expect(stats.firstResponse).toEqual({ count: 3, averageBusinessMinutes: 50, medianBusinessMinutes: 60, slaCompliancePercent: 50 });
    expect(stats.resolution).toMatchObject({ count: 1, averageBusinessMinutes: 120, slaCompliancePercent: 100 });
    expect(stats.reopenRatePercent).toBe(50);
  });

  it('says "no data" rather than 0 for an empty period', () => {
    expect(serviceStats([], calendar, new Date())).toEqual({
      firstResponse: { count: 0, averageBusinessMinutes: null, medianBusinessMinutes: null, slaCompliancePercent: null },
      resolution: { count: 0, averageBusinessMinutes: null, medianBusinessMinutes: null, slaCompliancePercent: null },
      reopenRatePercent: null,
    });
  });
});
