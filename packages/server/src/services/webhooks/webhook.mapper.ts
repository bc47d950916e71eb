import type { OutboxEventType, TWebhook } from '@kulup/contracts';

import type { Db } from '../../db/database';
import type { Webhook } from '../../generated/prisma/client';
import type { Tx } from '../context';

type Counts = TWebhook['deliveries'];

/** Delivery counts per webhook and state, for the ids given. */
export async function deliveryCounts(db: Db | Tx, webhookIds: string[]): Promise<Map<string, Counts>> {
  const counts = new Map<string, Counts>(webhookIds.map((id) => [id, { pending: 0, delivered: 0, failed: 0 }]));
  if (webhookIds.length === 0) return counts;
  const groups = await db.webhookDelivery.groupBy({
    by: ['webhookId', 'status'],
    where: { webhookId: { in: webhookIds } },
    _count: { _all: true },
  });
  for (const g of groups) {
    const c = counts.get(g.webhookId);
    if (!c) continue;
    if (g.status === 'PENDING') c.pending = g._count._all;
    else if (g.status === 'DELIVERED') c.delivered = g._count._all;
    else c.failed = g._count._all;
  }
  return counts;
}

/** A webhook as the API shows it: never with its secret. */
export function toWebhook(row: Webhook, deliveries: Counts = { pending: 0, delivered: 0, failed: 0 }): TWebhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events as OutboxEventType[],
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    deliveries,
  };
}
