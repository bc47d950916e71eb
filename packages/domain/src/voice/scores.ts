// Satisfaction scores.
//
// NPS (0–10 "would you recommend us"): promoters answer 9–10, passives 7–8, detractors 0–6;
// NPS = %promoters − %detractors, from −100 to 100, rounded to an integer.
// CSAT (1–5 "how satisfied"): the share of 4 and 5 answers in percent, rounded to one decimal, and the mean.
// Both are null without answers, so "no data" is never shown as 0.

export type NpsSummary = { responses: number; promoters: number; passives: number; detractors: number; nps: number | null };
export type CsatSummary = { responses: number; satisfied: number; csat: number | null; average: number | null };

const isScore = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;

/** NPS over 0–10 answers (other values are ignored). */
export function computeNps(scores: readonly number[]): NpsSummary {
  const valid = scores.filter((s) => isScore(s, 0, 10));
  const promoters = valid.filter((s) => s >= 9).length;
  const detractors = valid.filter((s) => s <= 6).length;
  const responses = valid.length;
  return {
    responses,
    promoters,
    passives: responses - promoters - detractors,
    detractors,
    nps: responses === 0 ? null : Math.round(((promoters - detractors) * 100) / responses),
  };
}

/** CSAT over 1–5 answers (other values are ignored). */
export function computeCsat(scores: readonly number[]): CsatSummary {
  const valid = scores.filter((s) => isScore(s, 1, 5));
  const satisfied = valid.filter((s) => s >= 4).length;
  const responses = valid.length;
  return {
    responses,
    satisfied,
    csat: responses === 0 ? null : Math.round((satisfied * 1000) / responses) / 10,
    average: responses === 0 ? null : Math.round((valid.reduce((a, b) => a + b, 0) * 100) / responses) / 100,
  };
}

/** ISO-8601 week (`2026-W09`) of an instant in local time (Europe/Istanbul by default), for weekly trends. */
export function isoWeek(at: Date, utcOffsetMinutes = 180): string {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  const day = local.getUTCDay() || 7;
  // The Thursday of this week decides the ISO year.
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 4 - day));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Calendar month (`2026-11`) of an instant in local time (Europe/Istanbul by default), for monthly trends. */
export function localMonth(at: Date, utcOffsetMinutes = 180): string {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}
