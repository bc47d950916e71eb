import type { TSatisfactionLoyaltyMatrix } from '@kulup/contracts';
import { LOYALTY_QUADRANTS, SATISFACTION_GROUPS } from '@kulup/domain';

import type { Db } from '../../db/database';
import { toNumber } from '../segments/segment-sql';

/** Members per satisfaction × loyalty quadrant and per satisfaction group, from the snapshot. */
export async function satisfactionLoyaltyMatrix(db: Db): Promise<TSatisfactionLoyaltyMatrix> {
  const rows = await db.$queryRawUnsafe<{ q: string | null; s: string; n: bigint | number }[]>(
    `SELECT loyalty_quadrant AS q, satisfaction AS s, COUNT(*) AS n FROM member_metrics GROUP BY loyalty_quadrant, satisfaction`,
  );
  const [meta] = await db.$queryRawUnsafe<{ at: Date | null }[]>(`SELECT MAX(computed_at) AS at FROM member_metrics`);
  const sum = (pick: (r: (typeof rows)[number]) => boolean) => rows.filter(pick).reduce((acc, r) => acc + toNumber(r.n), 0);
  return {
    computedAt: meta?.at ? new Date(meta.at).toISOString() : null,
    quadrants: LOYALTY_QUADRANTS.map((quadrant) => ({ quadrant, members: sum((r) => r.q === quadrant) })),
    satisfaction: SATISFACTION_GROUPS.map((group) => ({ group, members: sum((r) => r.s === group) })),
  };
}
