import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { addBusinessMinutes, businessMinutesBetween, defaultWeek, isOpenAt, localDate, validateCalendar } from './business-time';
import type { BusinessCalendar } from './business-time';
import { TURKEY_PUBLIC_HOLIDAYS } from './turkish-holidays';

const calendar: BusinessCalendar = { week: defaultWeek(), holidays: TURKEY_PUBLIC_HOLIDAYS, utcOffsetMinutes: 180 };
/** An Istanbul wall-clock time as an instant. */
const ist = (local: string) => new Date(`${local}:00+03:00`);

describe('addBusinessMinutes (Mon–Sat 09:00–18:00 Europe/Istanbul, Turkish holidays)', () => {
  it.each([
    ['counts within the same day', '2026-11-24T10:00', 60, '2026-11-24T11:00'],
    ['lands on closing time rather than the next morning', '2026-11-24T17:00', 60, '2026-11-24T18:00'],
    ['continues the next business morning', '2026-11-24T17:30', 60, '2026-11-25T09:30'],
    ['starts at opening when created before hours', '2026-11-24T07:15', 30, '2026-11-24T09:30'],
    ['starts the next morning when created after hours', '2026-11-24T21:00', 30, '2026-11-25T09:30'],
    ['works on Saturday and skips Sunday', '2026-11-28T17:30', 60, '2026-11-30T09:30'],
    ['skips a Sunday ticket to Monday', '2026-11-29T12:00', 240, '2026-11-30T13:00'],
    ['spans several days (1440 business minutes = 2⅔ days)', '2026-11-24T09:00', 1440, '2026-11-26T15:00'],
    ['closes early on the eve of Republic Day and skips the day', '2026-10-27T17:00', 360, '2026-10-30T10:00'],
    ['skips 1 January', '2026-12-31T17:00', 120, '2027-01-02T10:00'],
    ['skips Ramazan Bayramı 2026 (half-day arife, then Fri–Sun)', '2026-03-18T17:00', 240, '2026-03-19T12:00'],
    ['crosses Ramazan Bayramı 2026 into Monday', '2026-03-18T17:00', 480, '2026-03-23T12:00'],
    ['crosses Kurban Bayramı 2026 (arife Tue 13:00, Wed–Sat closed, Sunday closed)', '2026-05-26T12:00', 1440, '2026-06-03T14:00'],
    ['skips Kurban Bayramı 2027 including 19 May (arife is a Saturday half day)', '2027-05-14T17:00', 360, '2027-05-20T10:00'],
  ])('%s', (_name, start, minutes, due) => {
    expect(addBusinessMinutes(ist(start), minutes, calendar).toISOString()).toBe(ist(due).toISOString());
  });

  it('treats zero minutes as no time at all', () => {
    const at = ist('2026-11-29T12:00');
    expect(addBusinessMinutes(at, 0, calendar).getTime()).toBe(at.getTime());
  });

  it('refuses negative minutes and a calendar that is never open', () => {
    expect(() => addBusinessMinutes(ist('2026-11-24T10:00'), -1, calendar)).toThrow(RangeError);
    const closed: BusinessCalendar = { week: Array(7).fill(null), holidays: [], utcOffsetMinutes: 180 };
    expect(() => addBusinessMinutes(ist('2026-11-24T10:00'), 10, closed)).toThrow(RangeError);
    expect(validateCalendar(closed)).toContain('at least one weekday must be open');
  });
});

describe('businessMinutesBetween', () => {
  it('counts only opening hours and is negative when the end is earlier', () => {
    expect(businessMinutesBetween(ist('2026-11-24T17:00'), ist('2026-11-25T10:00'), calendar)).toBe(120);
    expect(businessMinutesBetween(ist('2026-11-25T10:00'), ist('2026-11-24T17:00'), calendar)).toBe(-120);
    expect(businessMinutesBetween(ist('2026-03-19T08:00'), ist('2026-03-23T08:00'), calendar)).toBe(240);
    expect(businessMinutesBetween(ist('2026-05-27T00:00'), ist('2026-05-31T23:59'), calendar)).toBe(0);
  });
});

describe('business time properties', () => {
  const instant = fc.integer({ min: ist('2026-01-01T00:00').getTime(), max: ist('2027-11-30T00:00').getTime() }).map((t) => new Date(t));
  const minutes = fc.integer({ min: 0, max: 6000 });

  it('measures back exactly the minutes it added', () => {
    fc.assert(fc.property(instant, minutes, (start, m) => businessMinutesBetween(start, addBusinessMinutes(start, m, calendar), calendar) === m));
  });

  it('is monotonic and never earlier than the start', () => {
    fc.assert(
      fc.property(instant, minutes, minutes, (start, a, b) => {
        const first = addBusinessMinutes(start, a, calendar);
        return first >= start && addBusinessMinutes(start, a + b, calendar) >= first;
      }),
    );
  });

  it('always ends inside opening hours (the moment before the due time is business time)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 6000 }), (start, m) => {
        const due = addBusinessMinutes(start, m, calendar);
        return isOpenAt(new Date(due.getTime() - 1), calendar) && !TURKEY_PUBLIC_HOLIDAYS.some((h) => h.date === localDate(due) && h.closesAt === undefined);
      }),
    );
  });

  it('never counts more business time than wall-clock time', () => {
    fc.assert(fc.property(instant, instant, (a, b) => Math.abs(businessMinutesBetween(a, b, calendar)) <= Math.abs(b.getTime() - a.getTime()) / 60_000));
  });
});
