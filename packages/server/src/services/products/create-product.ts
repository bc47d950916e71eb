import type { TProduct, ZProductCreateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { Prisma } from '../../generated/prisma/client';
import { ServiceError } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toProduct } from './product.mapper';

const DUPLICATE = 'A product with this SKU already exists';

/** Adds a product to the catalogue; a SKU names one product. */
export async function createProduct(db: Db, actor: Actor, input: z.output<typeof ZProductCreateRequest>): Promise<TProduct> {
  return db
    .$transaction(async (tx) => {
      const product = toProduct(await tx.product.create({ data: { ...input, brand: input.brand ?? null } }));
      await writeAudit(tx, actor, { action: 'product.create', entityType: 'product', entityId: product.sku, after: product });
      return product;
    })
    .catch((error: unknown) => {
      // The SKU is the table's only unique key; PostgreSQL names the constraint (product_pkey), not the column.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new ServiceError('CONFLICT', DUPLICATE, [{ path: 'sku', message: DUPLICATE }]);
      }
      throw error;
    });
}
