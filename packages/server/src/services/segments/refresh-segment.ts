import type { TSegmentRefreshResult, TSegmentRule } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toSegment } from './segment.mapper';
import { matchingMembers, toNumber } from './segment-sql';

// A refresh is one set-wise statement over every member; it may take minutes on millions of members.
const REFRESH_TIMEOUT_MS = 15 * 60_000;

/**
 * Replaces a segment's membership with the members its rules select at `now`, in one transaction and one
 * statement (one snapshot): members who no longer match are removed, new ones added (members who stay keep
 * their `addedAt`), the segment's count and a size-history row are written. Refreshing twice gives the same
 * membership and one more size row. Staff refreshes are audited; the nightly job's are not.
 */
export async function refreshSegment(db: Db, actor: Actor, segmentId: string, now = new Date()): Promise<TSegmentRefreshResult> {
  return db.$transaction(
    async (tx) => {
      // Serialises refreshes of one segment (a second waits for the first and then replaces its result).
      await tx.$queryRawUnsafe(`SELECT id FROM segment WHERE id = $1::uuid FOR UPDATE`, segmentId);
      const segment = await tx.segment.findUnique({ where: { id: segmentId } });
      if (!segment) throw notFound('Segment');
      if (segment.status !== 'ACTIVE') throw new ServiceError('CONFLICT', 'An archived segment is not refreshed');
      const { from, params } = matchingMembers(segment.rules as TSegmentRule, now, 2);
      const [row] = await tx.$queryRawUnsafe<{ total: bigint | number; added: bigint | number; removed: bigint | number }[]>(
        `WITH target AS (SELECT m.id ${from}),
              removed AS (
                DELETE FROM segment_member sm WHERE sm.segment_id = $1::uuid
                AND NOT EXISTS (SELECT 1 FROM target t WHERE t.id = sm.member_id) RETURNING 1),
              added AS (
                INSERT INTO segment_member (segment_id, member_id, added_at)
                SELECT $1::uuid, t.id, $2::timestamptz FROM target t
                ON CONFLICT (segment_id, member_id) DO NOTHING RETURNING 1)
         SELECT (SELECT COUNT(*) FROM target) AS total, (SELECT COUNT(*) FROM added) AS added, (SELECT COUNT(*) FROM removed) AS removed`,
        segmentId,
        now.toISOString(),
        ...params,
      );
      const total = toNumber(row?.total);
      const updated = await tx.segment.update({ where: { id: segmentId }, data: { memberCount: total, refreshedAt: now } });
      await tx.segmentSize.create({ data: { segmentId, memberCount: total, measuredAt: now } });
      const result = { segment: toSegment(updated), added: toNumber(row?.added), removed: toNumber(row?.removed) };
      if (actor.type !== 'SYSTEM') {
        await writeAudit(tx, actor, {
          action: 'segment.refresh',
          entityType: 'segment',
          entityId: segmentId,
          before: { memberCount: segment.memberCount },
          after: { memberCount: total, added: result.added, removed: result.removed },
        });
      }
      return result;
    },
    { timeout: REFRESH_TIMEOUT_MS, maxWait: 10_000 },
  );
}
