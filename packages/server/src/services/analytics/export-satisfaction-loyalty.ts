import type { TFileDownload, TSatisfactionLoyaltyMatrix, ZAnalyticsExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile, istanbulDateText } from '../../lib/export-file';
import type { ExportColumn } from '../../lib/export-file';
import { nameTr, percentOf } from '../../lib/report-format';
import { satisfactionLoyaltyMatrix } from './satisfaction-loyalty-matrix';

type Row = { section: string; code: string; name: string; members: number; share: number | null };

/** The four satisfaction × loyalty groups, then the satisfaction groups, each with its share of the members counted. */
export function satisfactionLoyaltyRows(m: TSatisfactionLoyaltyMatrix): Row[] {
  const rows = (section: string, items: { code: string; members: number }[]) => {
    const total = items.reduce((s, x) => s + x.members, 0);
    return items.map((x) => ({ section, code: x.code, name: nameTr(x.code), members: x.members, share: total > 0 ? percentOf(x.members / total) : null }));
  };
  return [
    ...rows('Memnuniyet × sadakat', m.quadrants.map((q) => ({ code: q.quadrant, members: q.members }))),
    ...rows('Memnuniyet', m.satisfaction.map((s) => ({ code: s.group, members: s.members }))),
  ];
}

const COLUMNS: ExportColumn<Row>[] = [
  { header: 'Bölüm', value: (x) => x.section, width: 22 },
  { header: 'Kod', value: (x) => x.code, width: 14 },
  { header: 'Ad', value: (x) => x.name, width: 36 },
  { header: 'Üye', value: (x) => x.members },
  { header: 'Pay (%)', value: (x) => x.share },
];

/** The satisfaction × loyalty matrix of the last snapshot (as GET /analytics/satisfaction-loyalty) as a CSV or XLSX file. */
export async function exportSatisfactionLoyalty(db: Db, query: z.output<typeof ZAnalyticsExportQuery>, now: Date = new Date()): Promise<TFileDownload> {
  const matrix = await satisfactionLoyaltyMatrix(db);
  return exportFile(query.format, `memnuniyet-sadakat-${istanbulDateText(now, 'date')}`, {
    sheetName: 'Memnuniyet × sadakat',
    columns: COLUMNS,
    rows: satisfactionLoyaltyRows(matrix),
  });
}
