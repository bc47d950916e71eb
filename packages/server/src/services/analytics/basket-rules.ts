import type { TBasketRules, ZBasketRulesQuery } from '@kulup/contracts';
import { associationRules, minPairCount } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { toNumber } from '../segments/segment-sql';

const DAY = 86_400_000;

/**
 * Association rules between categories (or products) bought on the same FINAL receipt in the last `days`
 * days. SQL counts baskets, frequent items and frequent pairs set-wise (items and pairs below the support
 * threshold are pruned there, as in Apriori); pairs come from each basket's own items (unnest twice), not
 * from a self-join of all lines, which the embedded database planned as a nested loop (quadratic in receipts).
 * The domain turns counts into support, confidence and lift.
 */
export async function basketRules(db: Db, query: z.output<typeof ZBasketRulesQuery>, now = new Date()): Promise<TBasketRules> {
  const from = new Date(now.getTime() - query.days * DAY);
  const column = query.level === 'category' ? 'l.category' : 'l.sku';
  const items = `items AS (
    SELECT DISTINCT l.receipt_id, ${column} AS item
    FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id
    WHERE r.status = 'FINAL' AND r.occurred_at >= $1::timestamptz AND r.occurred_at <= $2::timestamptz AND NOT l.is_reward)`;
  const window = [from.toISOString(), now.toISOString()];
  const [count] = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`WITH ${items} SELECT COUNT(DISTINCT receipt_id) AS n FROM items`, ...window);
  const baskets = toNumber(count?.n);
  const minCount = minPairCount(baskets, query.minSupport);
  const frequent = await db.$queryRawUnsafe<{ item: string; n: bigint | number }[]>(
    `WITH ${items} SELECT item, COUNT(*) AS n FROM items GROUP BY item HAVING COUNT(*) >= $3::int`,
    ...window,
    minCount,
  );
  const pairs = await db.$queryRawUnsafe<{ a: string; b: string; n: bigint | number }[]>(
    `WITH ${items},
     frequent AS (SELECT item FROM items GROUP BY item HAVING COUNT(*) >= $3::int),
     baskets AS (
       SELECT i.receipt_id, array_agg(i.item) AS kept
       FROM items i JOIN frequent f ON f.item = i.item
       GROUP BY i.receipt_id HAVING COUNT(*) > 1)
     SELECT a, b, COUNT(*) AS n
     FROM baskets, unnest(kept) AS a, unnest(kept) AS b
     WHERE a <> b
     GROUP BY a, b HAVING COUNT(*) >= $3::int`,
    ...window,
    minCount,
  );
  const rules = associationRules(
    {
      baskets,
      items: new Map(frequent.map((f) => [f.item, toNumber(f.n)])),
      pairs: pairs.map((p) => ({ antecedent: p.a, consequent: p.b, together: toNumber(p.n) })),
    },
    { minSupport: query.minSupport, minConfidence: query.minConfidence, minLift: query.minLift },
  ).slice(0, query.limit);
  const names = new Map<string, string>();
  if (query.level === 'product' && rules.length > 0) {
    const skus = [...new Set(rules.flatMap((r) => [r.antecedent, r.consequent]))];
    for (const p of await db.product.findMany({ where: { sku: { in: skus } }, select: { sku: true, name: true } })) names.set(p.sku, p.name);
  }
  return {
    level: query.level,
    from: from.toISOString(),
    baskets,
    rules: rules.map((r) => ({ ...r, antecedentName: names.get(r.antecedent) ?? r.antecedent, consequentName: names.get(r.consequent) ?? r.consequent })),
  };
}
