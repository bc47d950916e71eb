import type { TFileDownload, TServiceReport, ZServiceReportExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile } from '../../lib/export-file';
import type { ExportColumn } from '../../lib/export-file';
import { serviceReport } from './service-report';

type Figure = { section: string; item: string; measure: string; value: number | null };

/** The dashboard flattened into one row per figure, so one table carries it in CSV and XLSX alike. */
export function serviceReportFigures(r: TServiceReport): Figure[] {
  const f = (section: string, item: string, measure: string, value: number | null): Figure => ({ section, item, measure, value });
  const durations = (item: string, d: TServiceReport['firstResponse']) => [
    f('SLA', item, 'Adet', d.count),
    f('SLA', item, 'Ortalama (iş dakikası)', d.averageBusinessMinutes),
    f('SLA', item, 'Medyan (iş dakikası)', d.medianBusinessMinutes),
    f('SLA', item, 'SLA uyumu (%)', d.slaCompliancePercent),
  ];
  return [
    f('Özet', 'Talepler', 'Açılan', r.created),
    f('Özet', 'Talepler', 'Açık', r.open),
    f('Özet', 'Talepler', 'Çözülen', r.resolved),
    f('Özet', 'Talepler', 'Yeniden açılma oranı (%)', r.reopenRatePercent),
    ...durations('İlk yanıt', r.firstResponse),
    ...durations('Çözüm', r.resolution),
    f('Memnuniyet', 'Takip anketi', 'Yanıt', r.followUpCsat.responses),
    f('Memnuniyet', 'Takip anketi', 'CSAT (%)', r.followUpCsat.csat),
    f('Memnuniyet', 'Takip anketi', 'Ortalama puan', r.followUpCsat.average),
    ...r.byCategory.map((c) => f('Kategori', c.nameTr, 'Talep', c.tickets)),
    ...r.byStore.map((s) => f('Mağaza', s.storeName ?? 'Mağaza yok', 'Talep', s.tickets)),
    ...r.byChannel.map((c) => f('Kanal', c.channel, 'Talep', c.tickets)),
  ];
}

const COLUMNS: ExportColumn<Figure>[] = [
  { header: 'Bölüm', value: (x) => x.section, width: 14 },
  { header: 'Kalem', value: (x) => x.item, width: 24 },
  { header: 'Ölçü', value: (x) => x.measure, width: 26 },
  { header: 'Değer', value: (x) => x.value, width: 12 },
];

/** The service dashboard of a period (same rules as GET /reports/service) as a CSV or XLSX file. */
export async function exportServiceReport(db: Db, query: z.output<typeof ZServiceReportExportQuery>, now: Date = new Date()): Promise<TFileDownload> {
  const { format, ...period } = query;
  const report = await serviceReport(db, period, now);
  return exportFile(format, `hizmet-raporu-${report.from}-${report.to}`, { sheetName: 'Hizmet raporu', columns: COLUMNS, rows: serviceReportFigures(report) });
}
