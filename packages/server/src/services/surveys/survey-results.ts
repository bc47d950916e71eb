import type { TSurveyOption, TSurveyResults, ZSurveyResultsQuery } from '@kulup/contracts';
import { computeCsat, computeNps, isoWeek, localMonth } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { LifecycleStage } from '../../generated/prisma/client';
import { ServiceError, notFound } from '../../http/service-error';

const MAX_TEXTS = 500;

/** Start of an Istanbul calendar day as an instant. */
export const istanbulDayStart = (isoDate: string) => new Date(`${isoDate}T00:00:00+03:00`);
const nextDay = (d: Date) => new Date(d.getTime() + 86_400_000);

type Row = {
  answers: Record<string, unknown>;
  submittedAt: Date;
  storeId: string | null;
  /** Null for anonymous answers: they count in overall, by time and by store only. */
  member: { tierCode: string; lifecycleStage: LifecycleStage; segmentIds: readonly string[] } | null;
};

type Names = { stores: ReadonlyMap<string, string>; segments: ReadonlyMap<string, string> };

const STAGES: readonly LifecycleStage[] = ['PROSPECT', 'NEW', 'ACTIVE', 'LAPSED', 'FORMER'];

function scoreSeries<T>(rows: Row[], key: string, compute: (scores: number[]) => T, names: Names) {
  const scored = rows.flatMap((r) => (typeof r.answers[key] === 'number' ? [{ ...r, score: r.answers[key] as number }] : []));
  const group = (by: (r: (typeof scored)[number]) => readonly string[]) => {
    const groups = new Map<string, number[]>();
    for (const r of scored) for (const k of by(r)) groups.set(k, [...(groups.get(k) ?? []), r.score]);
    return groups;
  };
  const weeks = group((r) => [isoWeek(r.submittedAt)]);
  const months = group((r) => [localMonth(r.submittedAt)]);
  const stores = group((r) => [r.storeId ?? '']);
  const segments = group((r) => r.member?.segmentIds ?? []);
  const tiers = group((r) => (r.member ? [r.member.tierCode] : []));
  const stages = group((r) => (r.member ? [r.member.lifecycleStage] : []));
  const byName = (a: string, b: string) => a.localeCompare(b, 'tr');
  return {
    overall: compute(scored.map((r) => r.score)),
    byWeek: [...weeks.keys()].sort().map((week) => ({ week, summary: compute(weeks.get(week)!) })),
    byStore: [...stores.keys()]
      .map((id) => ({ storeId: id || null, storeName: id ? (names.stores.get(id) ?? null) : null, summary: compute(stores.get(id)!) }))
      .sort((a, b) => byName(a.storeName ?? '', b.storeName ?? '')),
    byMonth: [...months.keys()].sort().map((month) => ({ month, summary: compute(months.get(month)!) })),
    bySegment: [...segments.keys()]
      .map((id) => ({ segmentId: id, segmentName: names.segments.get(id) ?? id, summary: compute(segments.get(id)!) }))
      .sort((a, b) => byName(a.segmentName, b.segmentName)),
    byTier: [...tiers.keys()].sort().map((tierCode) => ({ tierCode, summary: compute(tiers.get(tierCode)!) })),
    byLifecycleStage: STAGES.filter((s) => stages.has(s)).map((stage) => ({ stage, summary: compute(stages.get(stage)!) })),
  };
}

/** The segments to group by: those asked for (all must exist), or every active one; with the members of each respondent. */
async function segmentMemberships(db: Db, surveyId: string, segmentIds: string[] | undefined) {
  const segments = await db.segment.findMany({
    where: segmentIds ? { id: { in: segmentIds } } : { status: 'ACTIVE' },
    select: { id: true, name: true },
  });
  if (segmentIds) {
    const missing = segmentIds.filter((id) => !segments.some((s) => s.id === id));
    if (missing.length) {
      throw new ServiceError('UNKNOWN_REFERENCE', `There is no segment ${missing.join(', ')}`, [{ path: 'query.segmentIds', message: 'Unknown segment' }]);
    }
  }
  const links = segments.length
    ? await db.segmentMember.findMany({
        where: { segmentId: { in: segments.map((s) => s.id) }, member: { surveyResponses: { some: { surveyId } } } },
        select: { segmentId: true, memberId: true },
      })
    : [];
  const byMember = new Map<string, string[]>();
  for (const l of links) byMember.set(l.memberId, [...(byMember.get(l.memberId) ?? []), l.segmentId]);
  return { names: new Map(segments.map((s) => [s.id, s.name])), byMember };
}

/**
 * A survey's results over its responses (optionally within Istanbul dates and one store): NPS and CSAT
 * overall, per ISO week, month and store, and (member answers only) per segment, tier and lifecycle stage;
 * counts per choice; free-text answers newest first.
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
    select: { answers: true, submittedAt: true, storeId: true, memberId: true, member: { select: { tierCode: true, lifecycleStage: true } } },
    orderBy: { submittedAt: 'desc' },
  });
  const segments = await segmentMemberships(db, surveyId, query.segmentIds);
  const rows: Row[] = responses.map((r) => ({
    answers: (r.answers ?? {}) as Record<string, unknown>,
    submittedAt: r.submittedAt,
    storeId: r.storeId,
    member: r.member && r.memberId ? { ...r.member, segmentIds: segments.byMember.get(r.memberId) ?? [] } : null,
  }));
  const storeIds = [...new Set(rows.flatMap((r) => (r.storeId ? [r.storeId] : [])))];
  const storeNames = new Map((await db.store.findMany({ where: { id: { in: storeIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const names: Names = { stores: storeNames, segments: segments.names };

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
        nps: q.type === 'NPS' ? scoreSeries(rows, q.key, computeNps, names) : null,
        csat: q.type === 'CSAT' ? scoreSeries(rows, q.key, computeCsat, names) : null,
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
