import type { TFileDownload, TRfmDistribution, ZAnalyticsExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile, istanbulDateText } from '../../lib/export-file';
import type { ExportColumn } from '../../lib/export-file';
import { lira, nameTr } from '../../lib/report-format';
import { rfmDistribution } from './rfm-distribution';

type Row = { section: string; code: string; name: string; members: number; spendTry: number | null };

const SCORES = [
  ['recency', 'Yakınlık (R) skoru'],
  ['frequency', 'Sıklık (F) skoru'],
  ['monetary', 'Tutar (M) skoru'],
] as const;

/** The RFM report as one table: scored members, then each named group with its 12-month spend, then each score. */
export function rfmRows(r: TRfmDistribution): Row[] {
  return [
    { section: 'Özet', code: 'SCORED', name: 'Skorlanan üye', members: r.scoredMembers, spendTry: null },
    ...r.groups.map((g) => ({ section: 'RFM grubu', code: g.group, name: nameTr(g.group), members: g.members, spendTry: lira(g.spend12mKurus) })),
    ...SCORES.flatMap(([dim, section]) => r[dim].map((s) => ({ section, code: String(s.score), name: `Skor ${s.score}`, members: s.members, spendTry: null }))),
  ];
}

const COLUMNS: ExportColumn<Row>[] = [
  { header: 'Bölüm', value: (x) => x.section, width: 20 },
  { header: 'Kod', value: (x) => x.code, width: 20 },
  { header: 'Ad', value: (x) => x.name, width: 22 },
  { header: 'Üye', value: (x) => x.members },
  { header: '12 ay harcama (TL)', value: (x) => x.spendTry, width: 18 },
];

/** The RFM groups and score distributions of the last metrics snapshot (as GET /analytics/rfm) as a CSV or XLSX file. */
export async function exportRfm(db: Db, query: z.output<typeof ZAnalyticsExportQuery>, now: Date = new Date()): Promise<TFileDownload> {
  const report = await rfmDistribution(db);
  return exportFile(query.format, `rfm-${istanbulDateText(now, 'date')}`, { sheetName: 'RFM', columns: COLUMNS, rows: rfmRows(report) });
}
