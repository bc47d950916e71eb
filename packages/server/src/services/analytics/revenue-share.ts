import type { TRevenueShare } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { toNumber } from '../segments/segment-sql';

const DAY = 86_400_000;

/**
 * Revenue (FINAL receipt totals) in the last `days` days: all of it, the part on members' cards, and the part
 * of member revenue brought by the top 10 % and 20 % of buying members (ceil of the share, by spend).
 */
export async function revenueShare(db: Db, query: { days: number }, now = new Date()): Promise<TRevenueShare> {
  const from = new Date(now.getTime() - query.days * DAY);
  const [row] = await db.$queryRawUnsafe<Record<'total' | 'member' | 'buying' | 'top10' | 'top20', bigint | number>[]>(
    `WITH r AS (
       SELECT member_id, total_kurus FROM receipt
       WHERE status = 'FINAL' AND occurred_at >= $1::timestamptz AND occurred_at <= $2::timestamptz),
     per AS (SELECT member_id, SUM(total_kurus) AS spend FROM r WHERE member_id IS NOT NULL GROUP BY member_id),
     ranked AS (SELECT spend, ROW_NUMBER() OVER (ORDER BY spend DESC) AS rn, COUNT(*) OVER () AS n FROM per)
     SELECT (SELECT COALESCE(SUM(total_kurus), 0) FROM r)::bigint AS total,
            (SELECT COALESCE(SUM(spend), 0) FROM per)::bigint AS member,
            (SELECT COUNT(*) FROM per) AS buying,
            (SELECT COALESCE(SUM(spend), 0) FROM ranked WHERE rn <= CEIL(n * 0.1))::bigint AS top10,
            (SELECT COALESCE(SUM(spend), 0) FROM ranked WHERE rn <= CEIL(n * 0.2))::bigint AS top20`,
    from.toISOString(),
    now.toISOString(),
  );
  const total = toNumber(row?.total);
  const member = toNumber(row?.member);
  const share = (part: number, whole: number) => (whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0);
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    totalKurus: total,
    memberKurus: member,
    memberShare: share(member, total),
    buyingMembers: toNumber(row?.buying),
    top10Share: share(toNumber(row?.top10), member),
    top20Share: share(toNumber(row?.top20), member),
  };
}
