import type { Db } from '../../db/database';

/** Member ids of a campaign's audience: its segment's members, or every non-erased member when it has none. */
export async function campaignAudience(db: Db, segmentId: string | null): Promise<string[]> {
  if (segmentId) {
    const rows = await db.segmentMember.findMany({ where: { segmentId, member: { erasedAt: null } }, select: { memberId: true } });
    return rows.map((r) => r.memberId);
  }
  const rows = await db.member.findMany({ where: { erasedAt: null }, select: { id: true } });
  return rows.map((r) => r.id);
}
