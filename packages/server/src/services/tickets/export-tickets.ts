import type { TFileDownload, ZTicketExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile, istanbulDateText, pagedRows } from '../../lib/export-file';
import type { ExportColumn } from '../../lib/export-file';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { loadBusinessCalendar } from '../sla/business-calendar';
import { ticketFilters } from './list-tickets';
import { slaTimers, ticketSummaryInclude } from './ticket.mapper';
import type { TicketWithNames } from './ticket.mapper';

const PAGE = 500;

type Row = TicketWithNames & { sla: ReturnType<typeof slaTimers> };

const yesNo = (b: boolean) => (b ? 'Evet' : 'Hayır');

const COLUMNS: ExportColumn<Row>[] = [
  { header: 'Numara', value: (t) => t.number, width: 16 },
  { header: 'Oluşturulma', value: (t) => t.createdAt, width: 17 },
  { header: 'Tür', value: (t) => t.kind },
  { header: 'Kanal', value: (t) => t.channel },
  { header: 'Durum', value: (t) => t.status, width: 18 },
  { header: 'Öncelik', value: (t) => t.priority },
  { header: 'Kategori kodu', value: (t) => t.category.code, width: 16 },
  { header: 'Kategori', value: (t) => t.category.nameTr, width: 20 },
  { header: 'Mağaza', value: (t) => t.store?.name ?? null, width: 20 },
  { header: 'Ekip', value: (t) => t.team?.name ?? null, width: 20 },
  { header: 'Temsilci', value: (t) => t.assignee?.name ?? null, width: 20 },
  { header: 'Üye', value: (t) => t.memberId, width: 38 },
  { header: 'Konu', value: (t) => t.subject, width: 30 },
  { header: 'Metin', value: (t) => t.text, width: 60 },
  { header: 'İlk yanıt hedefi', value: (t) => t.firstResponseDueAt, width: 17 },
  { header: 'İlk yanıt', value: (t) => t.firstRespondedAt, width: 17 },
  { header: 'İlk yanıt SLA aşıldı', value: (t) => yesNo(t.sla.firstResponse.breached) },
  { header: 'Çözüm hedefi', value: (t) => t.resolutionDueAt, width: 17 },
  { header: 'Çözüldü', value: (t) => t.resolvedAt, width: 17 },
  { header: 'Çözüm SLA aşıldı', value: (t) => yesNo(t.sla.resolution.breached) },
  { header: 'Kalan iş dakikası', value: (t) => t.sla.resolution.remainingBusinessMinutes },
  { header: 'Yeniden açılma', value: (t) => t.reopenCount },
  { header: 'Kapanış', value: (t) => t.closedAt, width: 17 },
];

/**
 * Every ticket matching the queue's filters, in the queue's order, as a CSV or XLSX file (dates in
 * Europe/Istanbul, SLA breaches as the queue shows them). Read page by page while the file streams; the
 * export itself is recorded in the audit log with its filters, since the file carries customers' texts.
 */
export async function exportTickets(
  db: Db,
  actor: Actor,
  viewerId: string,
  query: z.output<typeof ZTicketExportQuery>,
  now: Date = new Date(),
): Promise<TFileDownload> {
  const { format, sort, ...filters } = query;
  const where = { AND: ticketFilters(viewerId, filters, now) };
  const orderBy = sort === 'due' ? [{ resolutionDueAt: 'asc' as const }, { id: 'asc' as const }] : [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
  const calendar = await loadBusinessCalendar(db);
  await writeAudit(db, actor, { action: 'ticket.export', entityType: 'ticket', entityId: null, after: { format, sort, filters } });
  const rows = pagedRows<Row, string>(async (cursor) => {
    const page = await db.ticket.findMany({
      where,
      include: ticketSummaryInclude,
      orderBy,
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    return {
      rows: page.map((t) => ({ ...t, sla: slaTimers(t, calendar, now) })),
      next: page.length === PAGE ? page.at(-1)!.id : undefined,
    };
  });
  return exportFile(format, `talepler-${istanbulDateText(now, 'date')}`, { sheetName: 'Talepler', columns: COLUMNS, rows });
}
