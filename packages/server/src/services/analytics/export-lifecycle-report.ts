import type { TFileDownload, TLifecycleReport, ZLifecycleReportExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile, istanbulDateText } from '../../lib/export-file';
import type { ExportColumn } from '../../lib/export-file';
import { nameTr } from '../../lib/report-format';
import { lifecycleReport } from './lifecycle-report';

type Row = { section: string; code: string; name: string; members: number };

/** Members per stage now, then each stage change of the period (`NEW→ACTIVE`) with how many members made it. */
export function lifecycleRows(r: TLifecycleReport): Row[] {
  return [
    ...r.stages.map((s) => ({ section: 'Evre', code: s.stage, name: nameTr(s.stage), members: s.members })),
    ...r.transitions.map((t) => ({ section: 'Geçiş', code: `${t.from}→${t.to}`, name: `${nameTr(t.from)} → ${nameTr(t.to)}`, members: t.members })),
  ];
}

const COLUMNS: ExportColumn<Row>[] = [
  { header: 'Bölüm', value: (x) => x.section },
  { header: 'Kod', value: (x) => x.code, width: 18 },
  { header: 'Ad', value: (x) => x.name, width: 22 },
  { header: 'Üye', value: (x) => x.members },
];

/** Lifecycle stages and the transitions of the last `days` days (as GET /analytics/lifecycle) as a CSV or XLSX file. */
export async function exportLifecycleReport(db: Db, query: z.output<typeof ZLifecycleReportExportQuery>, now: Date = new Date()): Promise<TFileDownload> {
  const { format, ...period } = query;
  const report = await lifecycleReport(db, period, now);
  return exportFile(format, `yasam-evresi-${istanbulDateText(now, 'date')}`, { sheetName: 'Yaşam evresi', columns: COLUMNS, rows: lifecycleRows(report) });
}
