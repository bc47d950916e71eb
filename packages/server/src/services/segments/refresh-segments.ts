import type { Db } from '../../db/database';
import { systemActor } from '../context';
import { refreshSegment } from './refresh-segment';

/** Refreshes every ACTIVE segment (each in its own transaction) at `now`; the nightly job after the analytics. */
export async function refreshAllSegments(db: Db, now = new Date()): Promise<{ segments: number; members: number }> {
  const segments = await db.segment.findMany({ where: { status: 'ACTIVE' }, select: { id: true }, orderBy: { createdAt: 'asc' } });
  let members = 0;
  for (const s of segments) {
    const result = await refreshSegment(db, systemActor, s.id, now);
    members += result.segment.memberCount ?? 0;
  }
  return { segments: segments.length, members };
}
