// Business time for service-level targets: minutes count only while the service desk is open.
//
// A calendar has opening hours per weekday (e.g. Mon–Sat 09:00–18:00) and holidays. A holiday closes the
// whole day, or — an arife (eve of a bayram, and 28 October) — closes early, at `closesAt`. All clock times are
// local to Europe/Istanbul, which has been UTC+03:00 all year since 2016 (no daylight saving), so the local
// day is computed with a fixed offset; the offset is part of the calendar should that ever change.

/** Opening hours on one weekday, in minutes after local midnight (09:00 = 540). */
export type OpeningHours = { opensAt: number; closesAt: number };

/** A closed day (`closesAt` absent) or a half day that closes early. `date` is the local `YYYY-MM-DD`. */
export type Holiday = { date: string; name: string; closesAt?: number };

export type BusinessCalendar = {
  /** Index 0 = Sunday … 6 = Saturday; null = closed that weekday. */
  week: readonly (OpeningHours | null)[];
  holidays: readonly Holiday[];
  /** Local offset from UTC in minutes (Europe/Istanbul: 180). */
  utcOffsetMinutes: number;
};

export const ISTANBUL_OFFSET_MINUTES = 180;

const MINUTE = 60_000;
const DAY = 86_400_000;
// Beyond this many consecutive closed days the calendar is treated as misconfigured (e.g. every weekday closed).
const MAX_CLOSED_DAYS = 400;

/** Mon–Sat 09:00–18:00, Sunday closed: the default service desk hours. */
export function defaultWeek(opensAt = 9 * 60, closesAt = 18 * 60, openWeekdays: readonly number[] = [1, 2, 3, 4, 5, 6]): (OpeningHours | null)[] {
  return Array.from({ length: 7 }, (_, day) => (openWeekdays.includes(day) ? { opensAt, closesAt } : null));
}

/** Checks a calendar's shape; returns messages (empty when valid). */
export function validateCalendar(calendar: BusinessCalendar): string[] {
  const errors: string[] = [];
  if (calendar.week.length !== 7) errors.push('week must list 7 days (Sunday first)');
  calendar.week.forEach((hours, day) => {
    if (!hours) return;
    if (!Number.isInteger(hours.opensAt) || !Number.isInteger(hours.closesAt) || hours.opensAt < 0 || hours.closesAt > 24 * 60 || hours.opensAt >= hours.closesAt) {
      errors.push(`week.${day}: opening hours must satisfy 0 ≤ opensAt < closesAt ≤ 1440`);
    }
  });
  if (!calendar.week.some(Boolean)) errors.push('at least one weekday must be open');
  for (const h of calendar.holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h.date)) errors.push(`holiday ${h.date}: date must be YYYY-MM-DD`);
    if (h.closesAt !== undefined && (!Number.isInteger(h.closesAt) || h.closesAt < 0 || h.closesAt > 24 * 60)) {
      errors.push(`holiday ${h.date}: closesAt must be minutes 0–1440`);
    }
  }
  return errors;
}

/** The local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDate(at: Date, utcOffsetMinutes = ISTANBUL_OFFSET_MINUTES): string {
  return new Date(at.getTime() + utcOffsetMinutes * MINUTE).toISOString().slice(0, 10);
}

type Window = { start: number; end: number };

function windowOfDay(calendar: BusinessCalendar, holidays: ReadonlyMap<string, Holiday>, localMidnightUtc: number): Window | null {
  const offset = calendar.utcOffsetMinutes * MINUTE;
  const local = new Date(localMidnightUtc + offset);
  const hours = calendar.week[local.getUTCDay()];
  if (!hours) return null;
  let closesAt = hours.closesAt;
  const holiday = holidays.get(local.toISOString().slice(0, 10));
  if (holiday) {
    if (holiday.closesAt === undefined) return null;
    closesAt = Math.min(closesAt, holiday.closesAt);
  }
  if (closesAt <= hours.opensAt) return null;
  return { start: localMidnightUtc + hours.opensAt * MINUTE, end: localMidnightUtc + closesAt * MINUTE };
}

function localMidnightOf(t: number, calendar: BusinessCalendar): number {
  const offset = calendar.utcOffsetMinutes * MINUTE;
  return Math.floor((t + offset) / DAY) * DAY - offset;
}

function holidayMap(calendar: BusinessCalendar): Map<string, Holiday> {
  return new Map(calendar.holidays.map((h) => [h.date, h]));
}

/**
 * The instant `minutes` business minutes after `start`. A start outside opening hours counts from the next
 * opening; a target that lands exactly on closing time is that closing time, not the next morning.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be a non-negative number');
  if (minutes === 0) return new Date(start.getTime());
  const holidays = holidayMap(calendar);
  let remaining = minutes * MINUTE;
  let t = start.getTime();
  let day = localMidnightOf(t, calendar);
  for (let closed = 0; closed <= MAX_CLOSED_DAYS; day += DAY) {
    const window = windowOfDay(calendar, holidays, day);
    if (!window || t >= window.end) {
      closed += 1;
      continue;
    }
    closed = 0;
    const from = Math.max(t, window.start);
    const available = window.end - from;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
    t = window.end;
  }
  throw new RangeError('The calendar has no opening hours within a year');
}

function businessMsBetween(from: number, to: number, calendar: BusinessCalendar): number {
  if (to < from) return -businessMsBetween(to, from, calendar);
  const holidays = holidayMap(calendar);
  let total = 0;
  for (let day = localMidnightOf(from, calendar); day < to; day += DAY) {
    const window = windowOfDay(calendar, holidays, day);
    if (!window) continue;
    const start = Math.max(from, window.start);
    const end = Math.min(to, window.end);
    if (end > start) total += end - start;
  }
  return total;
}

/** Business minutes between two instants (negative when `to` is before `from`), truncated toward zero. */
export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  return Math.trunc(businessMsBetween(from.getTime(), to.getTime(), calendar) / MINUTE);
}

/** Whether the service desk is open at an instant. */
export function isOpenAt(at: Date, calendar: BusinessCalendar): boolean {
  const t = at.getTime();
  const window = windowOfDay(calendar, holidayMap(calendar), localMidnightOf(t, calendar));
  return window !== null && t >= window.start && t < window.end;
}
