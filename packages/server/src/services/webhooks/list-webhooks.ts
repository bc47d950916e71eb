import type { TWebhookList } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { deliveryCounts, toWebhook } from './webhook.mapper';

/** The active webhooks, oldest first, with how many of their deliveries are pending, delivered or failed. */
export async function listWebhooks(db: Db): Promise<TWebhookList> {
  const rows = await db.webhook.findMany({ where: { active: true }, orderBy: { createdAt: 'asc' } });
  const counts = await deliveryCounts(db, rows.map((r) => r.id));
  return { items: rows.map((r) => toWebhook(r, counts.get(r.id))) };
}
