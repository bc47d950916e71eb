import type { TWebhook } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { deliveryCounts, toWebhook } from './webhook.mapper';

/**
 * Deactivates a webhook at once: no new deliveries are queued for it, its queued ones are marked FAILED and
 * its secret is wiped. The row stays, because its delivery history refers to it.
 */
export async function deleteWebhook(db: Db, actor: Actor, webhookId: string): Promise<TWebhook> {
  return db.$transaction(async (tx) => {
    const updated = await tx.webhook.updateMany({ where: { id: webhookId, active: true }, data: { active: false, secret: '' } });
    if (updated.count === 0) throw notFound('Webhook');
    await tx.webhookDelivery.updateMany({
      where: { webhookId, status: 'PENDING' },
      data: { status: 'FAILED', lastError: 'webhook deleted' },
    });
    const row = await tx.webhook.findUniqueOrThrow({ where: { id: webhookId } });
    const webhook = toWebhook(row, (await deliveryCounts(tx, [webhookId])).get(webhookId));
    await writeAudit(tx, actor, { action: 'webhook.delete', entityType: 'webhook', entityId: webhookId, before: { url: row.url, events: row.events } });
    return webhook;
  });
}
