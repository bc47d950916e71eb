import type { TFileDownload, TSurveyOption, ZSurveyResultsExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile, istanbulDateText, pagedRows } from '../../lib/export-file';
import type { ExportColumn } from '../../lib/export-file';
import { notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { istanbulDayStart } from './survey-results';

const PAGE = 500;

type Row = { id: string; submittedAt: Date; memberId: string | null; store: string | null; answers: Record<string, unknown> };

/**
 * Every response of a survey (optionally within Istanbul dates and one store), oldest first, as a CSV or XLSX
 * file: one row per response, one column per question (scores as numbers, choices by their Turkish text, free
 * texts as written). Respondents appear only as anonymous or member, never by name or id; the export is audited.
 */
export async function exportSurveyResults(
  db: Db,
  actor: Actor,
  surveyId: string,
  query: z.output<typeof ZSurveyResultsExportQuery>,
  now: Date = new Date(),
): Promise<TFileDownload> {
  const survey = await db.survey.findUnique({ where: { id: surveyId }, include: { questions: { orderBy: { position: 'asc' } } } });
  if (!survey) throw notFound('Survey');
  const { format, ...filters } = query;
  const where = {
    surveyId,
    ...(filters.storeId ? { storeId: filters.storeId } : {}),
    submittedAt: {
      ...(filters.from ? { gte: istanbulDayStart(filters.from) } : {}),
      ...(filters.to ? { lt: new Date(istanbulDayStart(filters.to).getTime() + 86_400_000) } : {}),
    },
  };
  const stores = new Map((await db.store.findMany({ select: { id: true, name: true } })).map((s) => [s.id, s.name]));

  const answerColumns: ExportColumn<Row>[] = survey.questions.map((q) => {
    const options = new Map(((q.options ?? []) as TSurveyOption[]).map((o) => [o.id, o.textTr]));
    const label = (id: unknown) => options.get(String(id)) ?? String(id);
    return {
      header: `${q.key}: ${q.textTr}`,
      width: q.type === 'TEXT' ? 60 : 18,
      value: (r) => {
        const a = r.answers[q.key];
        if (a === undefined || a === null) return null;
        if (q.type === 'SINGLE') return label(a);
        if (q.type === 'MULTI') return (Array.isArray(a) ? a : [a]).map(label).join('; ');
        return typeof a === 'number' ? a : String(a);
      },
    };
  });
  const columns: ExportColumn<Row>[] = [
    { header: 'Yanıt', value: (r) => r.id, width: 38 },
    { header: 'Tarih', value: (r) => r.submittedAt, width: 17 },
    { header: 'Mağaza', value: (r) => r.store, width: 20 },
    { header: 'Katılımcı', value: (r) => (r.memberId ? 'Üye' : 'Anonim') },
    ...answerColumns,
  ];

  await writeAudit(db, actor, { action: 'survey.export', entityType: 'survey', entityId: surveyId, after: { format, ...filters } });
  const rows = pagedRows<Row, string>(async (cursor) => {
    const page = await db.surveyResponse.findMany({
      where,
      select: { id: true, submittedAt: true, memberId: true, storeId: true, answers: true },
      orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    return {
      rows: page.map((r) => ({ ...r, store: r.storeId ? (stores.get(r.storeId) ?? null) : null, answers: (r.answers ?? {}) as Record<string, unknown> })),
      next: page.length === PAGE ? page.at(-1)!.id : undefined,
    };
  });
  return exportFile(format, `anket-${istanbulDateText(now, 'date')}`, { sheetName: survey.titleTr, columns, rows });
}
