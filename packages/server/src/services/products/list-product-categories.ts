import type { TProductCategoryList } from '@kulup/contracts';

import type { Db } from '../../db/database';

/** Every category in the catalogue with its number of products, alphabetically (Turkish order). */
export async function listProductCategories(db: Db): Promise<TProductCategoryList> {
  const groups = await db.product.groupBy({ by: ['category'], _count: { _all: true } });
  const collator = new Intl.Collator('tr');
  return {
    items: groups
      .map((g) => ({ category: g.category, products: g._count._all }))
      .sort((a, b) => collator.compare(a.category, b.category)),
  };
}
