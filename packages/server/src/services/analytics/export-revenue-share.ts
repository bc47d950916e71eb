import type { TFileDownload, TRevenueShare, ZRevenueShareExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile, istanbulDateText } from '../../lib/export-file';
import type { ExportColumn, ExportValue } from '../../lib/export-file';
import { lira, percentOf } from '../../lib/report-format';
import { revenueShare } from './revenue-share';

type Figure = { measure: string; value: ExportValue; unit: string };

/** The revenue share report flattened into one row per figure (money in TRY, shares in %). */
export function revenueShareFigures(r: TRevenueShare): Figure[] {
  const f = (measure: string, value: ExportValue, unit = ''): Figure => ({ measure, value, unit });
  return [
    f('Dönem başı', new Date(r.from)),
    f('Dönem sonu', new Date(r.to)),
    f('Toplam ciro', lira(r.totalKurus), 'TL'),
    f('Üye kartlı ciro', lira(r.memberKurus), 'TL'),
    f('Üye payı', percentOf(r.memberShare), '%'),
    f('Anonim alışveriş payı', r.totalKurus > 0 ? percentOf(1 - r.memberShare) : null, '%'),
    f('Alışveriş yapan üye', r.buyingMembers, 'üye'),
    f('En çok harcayan %10 üyenin payı', percentOf(r.top10Share), '%'),
    f('En çok harcayan %20 üyenin payı', percentOf(r.top20Share), '%'),
  ];
}

const COLUMNS: ExportColumn<Figure>[] = [
  { header: 'Ölçü', value: (x) => x.measure, width: 32 },
  { header: 'Değer', value: (x) => x.value, width: 17 },
  { header: 'Birim', value: (x) => x.unit },
];

/** Members' share of revenue over the last `days` days (as GET /analytics/revenue-share) as a CSV or XLSX file. */
export async function exportRevenueShare(db: Db, query: z.output<typeof ZRevenueShareExportQuery>, now: Date = new Date()): Promise<TFileDownload> {
  const { format, ...period } = query;
  const report = await revenueShare(db, period, now);
  return exportFile(format, `ciro-payi-${istanbulDateText(now, 'date')}`, { sheetName: 'Ciro payı', columns: COLUMNS, rows: revenueShareFigures(report) });
}
