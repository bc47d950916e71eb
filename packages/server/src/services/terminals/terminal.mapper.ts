import type { TTerminal } from '@kulup/contracts';

import type { Terminal } from '../../generated/prisma/client';

export function toTerminal(t: Terminal): TTerminal {
  return {
    id: t.id,
    storeId: t.storeId,
    kind: t.kind,
    name: t.name,
    status: t.status,
    lastSeenAt: t.lastSeenAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
