import type { TFileDownload, ZCampaignListExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { Campaign } from '../../generated/prisma/client';
import { exportFile, istanbulDateText, pagedRows } from '../../lib/export-file';
import type { ExportColumn } from '../../lib/export-file';
import { lira } from '../../lib/report-format';

const PAGE = 500;

type Row = Campaign & { segmentName: string | null };

const money = (c: Campaign, amount: number | null) => (c.budgetUnit === 'KURUS' ? lira(amount) : amount);

const COLUMNS: ExportColumn<Row>[] = [
  { header: 'Kampanya no', value: (c) => c.id, width: 38 },
  { header: 'Ad', value: (c) => c.name, width: 28 },
  { header: 'Tür', value: (c) => c.type, width: 18 },
  { header: 'Durum', value: (c) => c.status },
  { header: 'Öncelik', value: (c) => c.priority },
  { header: 'Başlangıç', value: (c) => c.startsAt, width: 17 },
  { header: 'Bitiş', value: (c) => c.endsAt, width: 17 },
  { header: 'Kanallar', value: (c) => c.channels.join(', '), width: 20 },
  { header: 'Hedef segment', value: (c) => c.segmentName ?? 'Tüm üyeler', width: 22 },
  { header: 'Kontrol grubu (%)', value: (c) => c.controlBasisPoints / 100 },
  { header: 'Bütçe birimi', value: (c) => (c.budgetUnit === 'KURUS' ? 'TL' : 'Puan') },
  { header: 'Bütçe tavanı', value: (c) => money(c, c.budgetCap), width: 14 },
  { header: 'Kullanılan bütçe', value: (c) => money(c, c.budgetUsed), width: 16 },
  { header: 'Bütçe kullanımı (%)', value: (c) => (c.budgetCap ? Math.round((c.budgetUsed / c.budgetCap) * 10_000) / 100 : null) },
  { header: 'Oluşturulma', value: (c) => c.createdAt, width: 17 },
];

/** Every campaign, newest first (optionally one status), as a CSV or XLSX file: dates, audience, budget cap and use. */
export async function exportCampaigns(db: Db, query: z.output<typeof ZCampaignListExportQuery>, now: Date = new Date()): Promise<TFileDownload> {
  const { format, status } = query;
  const segments = new Map((await db.segment.findMany({ select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const rows = pagedRows<Row, string>(async (cursor) => {
    const page = await db.campaign.findMany({
      where: status ? { status } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    return {
      rows: page.map((c) => ({ ...c, segmentName: c.segmentId ? (segments.get(c.segmentId) ?? null) : null })),
      next: page.length === PAGE ? page.at(-1)!.id : undefined,
    };
  });
  return exportFile(format, `kampanyalar-${istanbulDateText(now, 'date')}`, { sheetName: 'Kampanyalar', columns: COLUMNS, rows });
}
