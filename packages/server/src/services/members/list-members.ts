import type { TMemberList } from '@kulup/contracts';
import { isValidCardNumber, normalizeCardNumber } from '@kulup/domain/card-number';

import type { Db } from '../../db/database';
import type { Prisma } from '../../generated/prisma/client';

/** Searches members by name, phone or card number, newest first, with keyset pagination. */
export async function listMembers(db: Db, query: { q?: string; limit: number; cursor?: string }): Promise<TMemberList> {
  const q = query.q?.trim();
  let where: Prisma.MemberWhereInput = {};
  if (q) {
    const digits = q.replace(/\D/g, '');
    const or: Prisma.MemberWhereInput[] = [
      { firstName: { contains: q, mode: 'insensitive' } },
      { lastName: { contains: q, mode: 'insensitive' } },
    ];
    if (digits.length >= 4) or.push({ phone: { contains: digits.slice(-10) } });
    if (isValidCardNumber(normalizeCardNumber(q))) or.push({ cards: { some: { number: normalizeCardNumber(q) } } });
    where = { OR: or };
  }
  const rows = await db.member.findMany({
    where,
    orderBy: { id: 'desc' },
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    select: {
      id: true, firstName: true, lastName: true, phone: true, city: true, tierCode: true,
      pointsBalance: true, lifecycleStage: true, erasedAt: true,
    },
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((m) => ({ ...m, erasedAt: m.erasedAt ? m.erasedAt.toISOString() : null })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
