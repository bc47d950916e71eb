import type { TSegmentPreview, ZSegmentPreviewRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { checkSegmentRules } from './check-segment-rules';
import { matchingMembers, toNumber } from './segment-sql';

/** Counts the members a rule tree selects now and returns a few of them; stores nothing. */
export async function previewSegment(db: Db, input: z.output<typeof ZSegmentPreviewRequest>, now = new Date()): Promise<TSegmentPreview> {
  await checkSegmentRules(db, input.rules);
  const { from, params } = matchingMembers(input.rules, now);
  const [count] = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT COUNT(*) AS n ${from}`, ...params);
  const sample =
    input.sampleSize > 0
      ? await db.$queryRawUnsafe<{ id: string; firstName: string; lastName: string; tierCode: string; city: string | null }[]>(
          `SELECT m.id, m.first_name AS "firstName", m.last_name AS "lastName", m.tier_code AS "tierCode", m.city ${from}
           ORDER BY m.id LIMIT ${Math.trunc(input.sampleSize)}`,
          ...params,
        )
      : [];
  return { memberCount: toNumber(count?.n), sample, computedAt: now.toISOString() };
}
