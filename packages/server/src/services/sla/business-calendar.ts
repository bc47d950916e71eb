import { ISTANBUL_OFFSET_MINUTES, defaultWeek } from '@kulup/domain';
import type { BusinessCalendar, OpeningHours } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { Tx } from '../context';

export const BUSINESS_HOURS_ID = 'default';

/** Opening hours as stored (`business_hours.week`): 7 entries from Sunday, minutes after local midnight or null. */
export function parseWeek(value: unknown): (OpeningHours | null)[] {
  if (!Array.isArray(value) || value.length !== 7) return defaultWeek();
  return value.map((d) =>
    d && typeof d === 'object' && Number.isInteger((d as OpeningHours).opensAt) && Number.isInteger((d as OpeningHours).closesAt)
      ? { opensAt: (d as OpeningHours).opensAt, closesAt: (d as OpeningHours).closesAt }
      : null,
  );
}

/** The service desk calendar: configured hours (Mon–Sat 09:00–18:00 until set) and every holiday row. */
export async function loadBusinessCalendar(db: Db | Tx): Promise<BusinessCalendar> {
  // Sequential: inside a transaction both queries share one connection.
  const hours = await db.businessHours.findUnique({ where: { id: BUSINESS_HOURS_ID } });
  const holidays = await db.businessHoliday.findMany({ orderBy: { date: 'asc' } });
  return {
    week: hours ? parseWeek(hours.week) : defaultWeek(),
    holidays: holidays.map((h) => ({ date: h.date.toISOString().slice(0, 10), name: h.name, ...(h.closesAt === null ? {} : { closesAt: h.closesAt }) })),
    utcOffsetMinutes: ISTANBUL_OFFSET_MINUTES,
  };
}
