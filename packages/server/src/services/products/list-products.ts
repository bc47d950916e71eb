import type { TProductList, ZProductListQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { Prisma } from '../../generated/prisma/client';
import { toProduct } from './product.mapper';

/**
 * The spellings of a search term a Turkish shopper's text may carry. ILIKE folds case only as the database
 * collation knows it (under the C collation, not Ü/ü nor İ/i/I/ı), so the Turkish lower, upper and
 * capitalised forms are searched too.
 */
export function turkishCaseVariants(q: string): string[] {
  const lower = q.toLocaleLowerCase('tr');
  const upper = q.toLocaleUpperCase('tr');
  const capitalised = lower.replace(/(^|\s)(\S)/g, (_m, space: string, ch: string) => space + ch.toLocaleUpperCase('tr'));
  return [...new Set([q, lower, upper, capitalised])];
}

/** Searches the catalogue by name, brand or SKU within an optional category, by SKU with keyset pagination. */
export async function listProducts(db: Db, query: z.output<typeof ZProductListQuery>): Promise<TProductList> {
  const where: Prisma.ProductWhereInput = {};
  if (query.category) where.category = query.category;
  if (query.q) {
    where.OR = turkishCaseVariants(query.q).flatMap((v) => [
      { name: { contains: v, mode: 'insensitive' as const } },
      { brand: { contains: v, mode: 'insensitive' as const } },
      { sku: { startsWith: v, mode: 'insensitive' as const } },
    ]);
  }
  const rows = await db.product.findMany({
    where: query.cursor ? { AND: [where, { sku: { gt: query.cursor } }] } : where,
    orderBy: { sku: 'asc' },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return { items: page.map(toProduct), nextCursor: rows.length > query.limit ? (page.at(-1)?.sku ?? null) : null };
}
