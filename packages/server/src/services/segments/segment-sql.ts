// The one place segment rules become SQL: the member rows a rule tree selects, set-wise, at an instant.
import { compileSegmentRule } from '@kulup/domain';
import type { SegmentRule } from '@kulup/domain';

/**
 * `FROM … WHERE …` selecting the non-erased members (`m`, with their metrics row `mm`) that match `rule` at
 * `now`; placeholders start after `paramOffset` of the caller's own parameters.
 */
export function matchingMembers(rule: SegmentRule, now: Date, paramOffset = 0): { from: string; params: unknown[] } {
  const where = compileSegmentRule(rule, { now, paramOffset });
  return {
    from: `FROM member m LEFT JOIN member_metrics mm ON mm.member_id = m.id WHERE m.erased_at IS NULL AND ${where.sql}`,
    params: where.params,
  };
}

/** Whole numbers from raw rows (COUNT and SUM come back as bigint on PostgreSQL). */
export const toNumber = (value: bigint | number | string | null | undefined): number => (value === null || value === undefined ? 0 : Number(value));
