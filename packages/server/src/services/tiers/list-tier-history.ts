import type { TTierHistory } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';

/** A member's tier changes newest first, at most `limit`, with each tier's current name (404 for an unknown member). */
export async function listTierHistory(db: Db, memberId: string, limit: number): Promise<TTierHistory> {
  const member = await db.member.findUnique({ where: { id: memberId }, select: { id: true } });
  if (!member) throw notFound('Member');
  const rows = await db.tierHistory.findMany({ where: { memberId }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: limit + 1 });
  const page = rows.slice(0, limit);
  const codes = [...new Set(page.flatMap((r) => (r.fromCode ? [r.fromCode, r.toCode] : [r.toCode])))];
  const names = new Map((await db.tier.findMany({ where: { code: { in: codes } }, select: { code: true, name: true } })).map((t) => [t.code, t.name]));
  return {
    memberId,
    items: page.map((r) => ({
      at: r.at.toISOString(),
      fromCode: r.fromCode,
      fromName: r.fromCode ? (names.get(r.fromCode) ?? null) : null,
      toCode: r.toCode,
      toName: names.get(r.toCode) ?? null,
      reason: r.reason,
    })),
    more: rows.length > limit,
  };
}
