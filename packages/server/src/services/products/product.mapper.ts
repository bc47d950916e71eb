import type { TProduct } from '@kulup/contracts';

import type { Product } from '../../generated/prisma/client';

export const toProduct = (p: Product): TProduct => ({
  sku: p.sku,
  name: p.name,
  category: p.category,
  brand: p.brand,
  priceKurus: p.priceKurus,
  createdAt: p.createdAt.toISOString(),
});
