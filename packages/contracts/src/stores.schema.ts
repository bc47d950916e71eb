import { z } from 'zod';

import { ZId, ZIsoDateTime, ZName } from './common.schema';

export const ZStore = z.object({ id: ZId, code: z.string(), name: z.string(), city: z.string(), createdAt: ZIsoDateTime });
export type TStore = z.infer<typeof ZStore>;

export const ZStoreCreateRequest = z.strictObject({
  code: z.string().regex(/^[A-Z0-9-]{2,20}$/, 'Store codes are 2–20 characters A–Z, 0–9 and -'),
  name: ZName,
  city: ZName,
});
export type TStoreCreateRequest = z.input<typeof ZStoreCreateRequest>;

export const ZStoreList = z.object({ items: z.array(ZStore) });
