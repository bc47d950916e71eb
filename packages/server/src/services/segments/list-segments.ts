import type { TSegment, TSegmentList, TSegmentMemberList, TSegmentSizeHistory } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import type { Tx } from '../context';
import { toSegment } from './segment.mapper';

/** Segments, newest first, optionally by status. */
export async function listSegments(db: Db, query: { status?: 'ACTIVE' | 'ARCHIVED' | undefined }): Promise<TSegmentList> {
  const segments = await db.segment.findMany({ where: { status: query.status }, orderBy: { createdAt: 'desc' } });
  return { items: segments.map(toSegment) };
}

/** One segment. */
export async function getSegment(db: Db | Tx, segmentId: string): Promise<TSegment> {
  const segment = await db.segment.findUnique({ where: { id: segmentId } });
  if (!segment) throw notFound('Segment');
  return toSegment(segment);
}

/** The segment's size at each refresh, oldest first. */
export async function segmentSizes(db: Db, segmentId: string): Promise<TSegmentSizeHistory> {
  await getSegment(db, segmentId);
  const rows = await db.segmentSize.findMany({ where: { segmentId }, orderBy: [{ measuredAt: 'asc' }, { id: 'asc' }] });
  return { items: rows.map((r) => ({ memberCount: r.memberCount, measuredAt: r.measuredAt.toISOString() })) };
}

/** Members as of the last refresh, less any erased since, ordered by member id; `cursor` is the last id of the previous page. */
export async function listSegmentMembers(db: Db, segmentId: string, page: { limit: number; cursor?: string | undefined }): Promise<TSegmentMemberList> {
  await getSegment(db, segmentId);
  const rows = await db.segmentMember.findMany({
    where: { segmentId, member: { erasedAt: null }, ...(page.cursor ? { memberId: { gt: page.cursor } } : {}) },
    include: { member: { select: { id: true, firstName: true, lastName: true, tierCode: true, city: true } } },
    orderBy: { memberId: 'asc' },
    take: page.limit + 1,
  });
  const items = rows.slice(0, page.limit).map((r) => ({ ...r.member, addedAt: r.addedAt.toISOString() }));
  return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.id : null };
}
