const ISTANBUL_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Istanbul',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Europe/Istanbul calendar day of a moment, as a UTC-midnight Date for a `date` column. */
export function businessDate(at: Date): Date {
  return new Date(`${ISTANBUL_DAY.format(at)}T00:00:00.000Z`);
}
