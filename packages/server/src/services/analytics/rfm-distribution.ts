import type { TRfmDistribution } from '@kulup/contracts';
import { RFM_GROUPS } from '@kulup/domain';
import type { RfmGroup } from '@kulup/domain';

import type { Db } from '../../db/database';
import { toNumber } from '../segments/segment-sql';

/** RFM score distributions (members per score 1–5) and members and spend per named group, from the snapshot. */
export async function rfmDistribution(db: Db): Promise<TRfmDistribution> {
  const scores = await db.$queryRawUnsafe<{ dim: string; score: number; members: bigint | number }[]>(`
    SELECT 'recency' AS dim, r_score AS score, COUNT(*) AS members FROM member_metrics WHERE r_score IS NOT NULL GROUP BY r_score
    UNION ALL SELECT 'frequency', f_score, COUNT(*) FROM member_metrics WHERE f_score IS NOT NULL GROUP BY f_score
    UNION ALL SELECT 'monetary', m_score, COUNT(*) FROM member_metrics WHERE m_score IS NOT NULL GROUP BY m_score`);
  const groups = await db.$queryRawUnsafe<{ grp: string; members: bigint | number; spend: bigint | number }[]>(`
    SELECT rfm_group AS grp, COUNT(*) AS members, COALESCE(SUM(spend_12m_kurus), 0)::bigint AS spend
    FROM member_metrics WHERE rfm_group IS NOT NULL GROUP BY rfm_group`);
  const [meta] = await db.$queryRawUnsafe<{ at: Date | null; scored: bigint | number }[]>(
    `SELECT MAX(computed_at) AS at, COUNT(r_score) AS scored FROM member_metrics`,
  );
  const dist = (dim: string) =>
    [1, 2, 3, 4, 5].map((score) => ({ score, members: toNumber(scores.find((s) => s.dim === dim && Number(s.score) === score)?.members) }));
  const byGroup = new Map(groups.map((g) => [g.grp as RfmGroup, g]));
  return {
    computedAt: meta?.at ? new Date(meta.at).toISOString() : null,
    scoredMembers: toNumber(meta?.scored),
    recency: dist('recency'),
    frequency: dist('frequency'),
    monetary: dist('monetary'),
    groups: RFM_GROUPS.map((group) => ({ group, members: toNumber(byGroup.get(group)?.members), spend12mKurus: toNumber(byGroup.get(group)?.spend) })),
  };
}
