import { validateCalendar } from '@kulup/domain';
import type { BusinessCalendar } from '@kulup/domain';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { BUSINESS_HOURS_ID, loadBusinessCalendar } from './business-calendar';

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function present(calendar: BusinessCalendar) {
  return {
    timeZone: 'Europe/Istanbul' as const,
    week: calendar.week.map((d) => (d ? { opensAt: clock(d.opensAt), closesAt: clock(d.closesAt) } : null)),
    holidays: calendar.holidays.map((h) => ({ date: h.date, name: h.name, closesAt: h.closesAt === undefined ? null : clock(h.closesAt) })),
  };
}

/** Service desk hours and holidays, times as HH:MM in Europe/Istanbul. */
export async function getBusinessCalendar(db: Db) {
  return present(await loadBusinessCalendar(db));
}

/** Sets the opening hours of each weekday; SLA targets of tickets opened from now on count in them. */
export async function updateBusinessHours(db: Db, actor: Actor, week: ({ opensAt: string; closesAt: string } | null)[]) {
  const parsed = week.map((d) => (d ? { opensAt: minutesOf(d.opensAt), closesAt: minutesOf(d.closesAt) } : null));
  const problems = validateCalendar({ week: parsed, holidays: [], utcOffsetMinutes: 180 });
  if (problems.length) throw new ServiceError('VALIDATION_FAILED', 'The opening hours are invalid', problems.map((message) => ({ path: 'week', message })));
  await db.$transaction(async (tx) => {
    const before = await tx.businessHours.findUnique({ where: { id: BUSINESS_HOURS_ID } });
    await tx.businessHours.upsert({ where: { id: BUSINESS_HOURS_ID }, create: { id: BUSINESS_HOURS_ID, week: parsed }, update: { week: parsed } });
    await writeAudit(tx, actor, { action: 'business_hours.update', entityType: 'business_hours', entityId: BUSINESS_HOURS_ID, before: before?.week ?? null, after: parsed });
  });
  return getBusinessCalendar(db);
}

/** Adds a holiday or half day, or changes the one on that date. */
export async function addBusinessHoliday(db: Db, actor: Actor, input: { date: string; name: string; closesAt?: string | null | undefined }) {
  const date = new Date(`${input.date}T00:00:00Z`);
  const closesAt = input.closesAt ? minutesOf(input.closesAt) : null;
  await db.$transaction(async (tx) => {
    const saved = await tx.businessHoliday.upsert({ where: { date }, create: { date, name: input.name, closesAt }, update: { name: input.name, closesAt } });
    await writeAudit(tx, actor, { action: 'business_holiday.set', entityType: 'business_holiday', entityId: input.date, after: { name: saved.name, closesAt } });
  });
  return getBusinessCalendar(db);
}

/** Removes a holiday. */
export async function deleteBusinessHoliday(db: Db, actor: Actor, isoDate: string) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  await db.$transaction(async (tx) => {
    const before = await tx.businessHoliday.findUnique({ where: { date } });
    if (!before) throw notFound('Holiday');
    await tx.businessHoliday.delete({ where: { date } });
    await writeAudit(tx, actor, { action: 'business_holiday.delete', entityType: 'business_holiday', entityId: isoDate, before: { name: before.name, closesAt: before.closesAt } });
  });
  return getBusinessCalendar(db);
}
