import type { Db } from '../../db/database';
import { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../context';

/** Rolling 12-month qualification figures of one member. */
export type QualifyingTotals = { spend: number; points: number };

/** Start of the rolling 12-month window that ends at `at` (exclusive). */
export function qualifyingWindowStart(at: Date): Date {
  const from = new Date(at);
  from.setUTCMonth(from.getUTCMonth() - 12);
  return from;
}

/**
 * Σ FINAL receipt totals minus their refunds, and Σ points earned on them minus points reversed by returns,
 * over receipts that occurred in the 12 months before `at`, for each given member (missing = zero).
 * Returns are counted against the receipt they return, so a window holds net purchases.
 */
export async function qualifyingTotals(db: Db | Tx, memberIds: readonly string[], at: Date): Promise<Map<string, QualifyingTotals>> {
  const out = new Map<string, QualifyingTotals>();
  if (memberIds.length === 0) return out;
  const ids = Prisma.join(memberIds.map((id) => Prisma.sql`${id}::uuid`));
  const rows = await db.$queryRaw<{ memberId: string; spend: bigint | number; points: bigint | number }[]>`
    SELECT r.member_id AS "memberId",
           (COALESCE(SUM(r.total_kurus), 0) - COALESCE(SUM(ret.refund), 0))::bigint AS spend,
           (COALESCE(SUM(r.points_earned), 0) - COALESCE(SUM(ret.reversed), 0))::bigint AS points
    FROM receipt r
    LEFT JOIN LATERAL (
      SELECT SUM(rr.refund_kurus) AS refund, SUM(rr.points_reversed) AS reversed
      FROM receipt_return rr WHERE rr.receipt_id = r.id
    ) ret ON true
    WHERE r.member_id IN (${ids}) AND r.status = 'FINAL' AND r.occurred_at > ${qualifyingWindowStart(at)}
    GROUP BY r.member_id`;
  for (const row of rows) out.set(row.memberId, { spend: Number(row.spend), points: Number(row.points) });
  return out;
}
