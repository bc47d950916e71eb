import { z } from 'zod';

import { ZIsoDateTime } from './common.schema';

// The catalogue is what earning rules and cross-sell rules name: category and brand strings here must be
// spelled as the POS sends them on receipt lines.

const ZCategory = z.string().trim().min(1).max(80);

export const ZProductCreateRequest = z.strictObject({
  /** The POS's article code, usually the EAN-13 barcode. */
  sku: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, dot, dash or underscore'),
  name: z.string().trim().min(1).max(120),
  category: ZCategory,
  brand: z.string().trim().min(1).max(80).optional(),
  /** Shelf price per unit (or per kg for weighed goods) in kuruş. */
  priceKurus: z.number().int().min(0).max(2_000_000_000),
});
export type TProductCreateRequest = z.input<typeof ZProductCreateRequest>;

export const ZProduct = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  brand: z.string().nullable(),
  priceKurus: z.number().int(),
  createdAt: ZIsoDateTime,
});
export type TProduct = z.infer<typeof ZProduct>;

export const ZProductListQuery = z.strictObject({
  /** Matches name, brand or SKU, ignoring case (Turkish İ/ı included). */
  q: z.string().trim().min(1).max(100).optional(),
  category: ZCategory.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The last SKU of the previous page. */
  cursor: z.string().max(64).optional(),
});
export type TProductListQuery = z.input<typeof ZProductListQuery>;

export const ZProductList = z.object({ items: z.array(ZProduct), nextCursor: z.string().nullable() });
export type TProductList = z.infer<typeof ZProductList>;

export const ZProductCategoryList = z.object({
  items: z.array(z.object({ category: z.string(), products: z.number().int() })),
});
export type TProductCategoryList = z.infer<typeof ZProductCategoryList>;
