import type { TStore, ZStoreCreateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { Store } from '../../generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { rethrowUnique } from '../unique-violation';

export const toStore = (s: Store): TStore => ({ ...s, createdAt: s.createdAt.toISOString() });

/** Creates a store; codes are unique across the chain. */
export async function createStore(db: Db, actor: Actor, input: z.output<typeof ZStoreCreateRequest>): Promise<TStore> {
  return db
    .$transaction(async (tx) => {
      const store = toStore(await tx.store.create({ data: input }));
      await writeAudit(tx, actor, { action: 'store.create', entityType: 'store', entityId: store.id, after: store });
      return store;
    })
    .catch(rethrowUnique({ code: 'A store with this code already exists' }));
}
