// Business days and the nightly schedule are in Europe/Istanbul; the database keeps UTC. Intl does the zone
// arithmetic, so a future change of Turkey's offset needs no code change.

export const BUSINESS_TIME_ZONE = 'Europe/Istanbul';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClock(at: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

// Offset of the zone at `at` in ms (local − UTC).
function offsetAt(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The business date (`YYYY-MM-DD` in Europe/Istanbul) of an instant. */
export function businessDate(at: Date, timeZone = BUSINESS_TIME_ZONE): string {
  const w = wallClock(at, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

// The instant a wall-clock time happens in the zone (first guess with the offset of a nearby instant, then
// corrected once, which is exact for zones whose offset does not change within a few hours of the result).
function zonedInstant(y: number, m: number, d: number, hour: number, minute: number, timeZone: string): Date {
  const naive = Date.UTC(y, m - 1, d, hour, minute);
  const guess = naive - offsetAt(new Date(naive), timeZone);
  return new Date(naive - offsetAt(new Date(guess), timeZone));
}

/** The instant a calendar month starts in the zone (midnight of its first day); months outside 1–12 roll over. */
export function zonedMonthStart(year: number, month: number, timeZone = BUSINESS_TIME_ZONE): Date {
  const first = new Date(Date.UTC(year, month - 1, 1));
  return zonedInstant(first.getUTCFullYear(), first.getUTCMonth() + 1, 1, 0, 0, timeZone);
}

/** The calendar year and month (1–12) of an instant in the zone. */
export function zonedYearMonth(at: Date, timeZone = BUSINESS_TIME_ZONE): { year: number; month: number } {
  const w = wallClock(at, timeZone);
  return { year: w.year, month: w.month };
}

function dailyAt(at: Date, addDays: number, hour: number, minute: number, timeZone: string): Date {
  const w = wallClock(at, timeZone);
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day + addDays));
  return zonedInstant(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour, minute, timeZone);
}

/** The first instant strictly after `after` at which the zone's clock shows hour:minute. */
export function nextDailyRun(after: Date, hour: number, minute: number, timeZone = BUSINESS_TIME_ZONE): Date {
  const today = dailyAt(after, 0, hour, minute, timeZone);
  return today.getTime() > after.getTime() ? today : dailyAt(after, 1, hour, minute, timeZone);
}

/** The latest instant ≤ `at` at which the zone's clock showed hour:minute (the slot a nightly run belongs to). */
export function previousDailyRun(at: Date, hour: number, minute: number, timeZone = BUSINESS_TIME_ZONE): Date {
  const today = dailyAt(at, 0, hour, minute, timeZone);
  return today.getTime() <= at.getTime() ? today : dailyAt(at, -1, hour, minute, timeZone);
}

/** `at` plus whole calendar months (UTC), clamped to the last day of a shorter month. */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(at);
  d.setUTCFullYear(y, m, Math.min(at.getUTCDate(), lastDay));
  return d;
}
