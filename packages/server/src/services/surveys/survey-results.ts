import type { TSurveyOption, TSurveyResults, ZSurveyResultsQuery } from '@kulup/contracts';
import { computeCsat, computeNps, isoWeek } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';

const MAX_TEXTS = 500;

/** Start of an Istanbul calendar day as an instant. */
export const istanbulDayStart = (isoDate: string) => new Date(`${isoDate}T00:00:00+03:00`);
const nextDay = (d: Date) => new Date(d.getTime() + 86_400_000);

type Row = { answers: Record<string, unknown>; submittedAt: Date; storeId: string | null };

function scoreSeries<T>(rows: Row[], key: string, compute: (scores: number[]) => T, storeNames: ReadonlyMap<string, string>) {
  const scored = rows.flatMap((r) => (typeof r.answers[key] === 'number' ? [{ ...r, score: r.answers[key] as number }] : []));
  const group = (by: (r: (typeof scored)[number]) => string) => {
    const groups = new Map<string, number[]>();
    for (const r of scored) groups.set(by(r), [...(groups.get(by(r)) ?? []), r.score]);
    return groups;
  };
  const weeks = group((r) => isoWeek(r.submittedAt));
  const stores = group((r) => r.storeId ?? '');
  return {
    overall: compute(scored.map((r) => r.score)),
    byWeek: [...weeks.keys()].sort().map((week) => ({ week, summary: compute(weeks.get(week)!) })),
    byStore: [...stores.keys()]
      .map((id) => ({ storeId: id || null, storeName: id ? (storeNames.get(id) ?? null) : null, summary: compute(stores.get(id)!) }))
      .sort((a, b) => (a.storeName ?? '').localeCompare(b.storeName ?? '', 'tr')),
  };
}

/**
 * A survey's results over its responses (optionally within Istanbul dates and one store): NPS and CSAT
 * overall, per ISO week and per store; counts per choice; free-text answers newest first.
 */
export async function surveyResults(db: Db, surveyId: string, query: z.output<typeof ZSurveyResultsQuery>): Promise<TSurveyResults> {
  const survey = await db.survey.findUnique({ where: { id: surveyId }, include: { questions: { orderBy: { position: 'asc' } } } });
  if (!survey) throw notFound('Survey');
  const responses = await db.surveyResponse.findMany({
    where: {
      surveyId,
      ...(query.storeId ? { storeId: query.storeId } : {}),
      submittedAt: {
        ...(query.from ? { gte: istanbulDayStart(query.from) } : {}),
        ...(query.to ? { lt: nextDay(istanbulDayStart(query.to)) } : {}),
      },
    },
    select: { answers: true, submittedAt: true, storeId: true },
    orderBy: { submittedAt: 'desc' },
  });
  const rows: Row[] = responses.map((r) => ({ answers: (r.answers ?? {}) as Record<string, unknown>, submittedAt: r.submittedAt, storeId: r.storeId }));
  const storeIds = [...new Set(rows.flatMap((r) => (r.storeId ? [r.storeId] : [])))];
  const storeNames = new Map((await db.store.findMany({ where: { id: { in: storeIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));

  return {
    surveyId,
    from: query.from ?? null,
    to: query.to ?? null,
    responses: rows.length,
    questions: survey.questions.map((q) => {
      const answeredRows = rows.filter((r) => r.answers[q.key] !== undefined);
      const options = (q.options ?? []) as TSurveyOption[];
      return {
        id: q.key,
        type: q.type,
        textTr: q.textTr,
        textEn: q.textEn,
        answered: answeredRows.length,
        nps: q.type === 'NPS' ? scoreSeries(rows, q.key, computeNps, storeNames) : null,
        csat: q.type === 'CSAT' ? scoreSeries(rows, q.key, computeCsat, storeNames) : null,
        choices:
          q.type === 'SINGLE' || q.type === 'MULTI'
            ? options.map((o) => ({
                optionId: o.id,
                count: answeredRows.filter((r) => {
                  const a = r.answers[q.key];
                  return Array.isArray(a) ? a.includes(o.id) : a === o.id;
                }).length,
              }))
            : null,
        texts:
          q.type === 'TEXT'
            ? answeredRows.slice(0, MAX_TEXTS).map((r) => ({ text: String(r.answers[q.key]), submittedAt: r.submittedAt.toISOString(), storeId: r.storeId }))
            : null,
      };
    }),
  };
}
