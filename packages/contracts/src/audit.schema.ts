import { z } from 'zod';

import { ZIsoDateTime } from './common.schema';

export const ZAuditEntry = z.object({
  id: z.string(),
  at: ZIsoDateTime,
  actorType: z.enum(['STAFF', 'TERMINAL', 'MEMBER', 'SYSTEM']),
  actorId: z.string().nullable(),
  terminalId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditQuery = z.strictObject({
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ZAuditList = z.object({ items: z.array(ZAuditEntry) });
