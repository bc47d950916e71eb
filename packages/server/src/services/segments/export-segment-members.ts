import type { TFileDownload, ZSegmentMembersExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile, istanbulDateText, pagedRows } from '../../lib/export-file';
import type { ExportColumn } from '../../lib/export-file';
import { fileSlug } from '../../lib/report-format';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { getSegment } from './list-segments';

const PAGE = 1000;

type Row = { memberId: string; addedAt: Date; member: { firstName: string; lastName: string; tierCode: string; city: string | null } };

// Exactly what the member list of the segment page shows a marketer; no contact data, card numbers, birth dates
// or purchase details leave in a bulk file (COMPLIANCE.md: minimisation).
const COLUMNS: ExportColumn<Row>[] = [
  { header: 'Üye no', value: (r) => r.memberId, width: 38 },
  { header: 'Ad', value: (r) => r.member.firstName, width: 18 },
  { header: 'Soyad', value: (r) => r.member.lastName, width: 18 },
  { header: 'Kademe', value: (r) => r.member.tierCode, width: 12 },
  { header: 'Şehir', value: (r) => r.member.city, width: 16 },
  { header: 'Segmente giriş', value: (r) => r.addedAt, width: 17 },
];

/**
 * Every member of a segment as of its last refresh (erased members left out), ordered by member id, as a CSV or
 * XLSX file read page by page while it streams. The export is recorded in the audit log with the segment's
 * size at the time, since the file carries members' names.
 */
export async function exportSegmentMembers(
  db: Db,
  actor: Actor,
  segmentId: string,
  query: z.output<typeof ZSegmentMembersExportQuery>,
  now: Date = new Date(),
): Promise<TFileDownload> {
  const segment = await getSegment(db, segmentId);
  const where = { segmentId, member: { erasedAt: null } };
  const members = await db.segmentMember.count({ where });
  await writeAudit(db, actor, { action: 'segment.export', entityType: 'segment', entityId: segmentId, after: { format: query.format, members } });
  const rows = pagedRows<Row, string>(async (cursor) => {
    const page = await db.segmentMember.findMany({
      where: { ...where, ...(cursor ? { memberId: { gt: cursor } } : {}) },
      select: { memberId: true, addedAt: true, member: { select: { firstName: true, lastName: true, tierCode: true, city: true } } },
      orderBy: { memberId: 'asc' },
      take: PAGE,
    });
    return { rows: page, next: page.length === PAGE ? page.at(-1)!.memberId : undefined };
  });
  return exportFile(query.format, `segment-${fileSlug(segment.name)}-${istanbulDateText(now, 'date')}`, { sheetName: segment.name, columns: COLUMNS, rows });
}
