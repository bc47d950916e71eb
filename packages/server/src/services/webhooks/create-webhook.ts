import { randomBytes } from 'node:crypto';

import type { TWebhookCreated, ZWebhookCreateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toWebhook } from './webhook.mapper';

/**
 * Subscribes a URL to event types and returns its signing secret once. The secret is stored as it is, not
 * hashed: the server needs it to compute each delivery's HMAC. It never leaves the server again (not in
 * lists, not in the audit log); to change it, delete the webhook and create a new one.
 */
export async function createWebhook(db: Db, actor: Actor, input: z.output<typeof ZWebhookCreateRequest>): Promise<TWebhookCreated> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return db.$transaction(async (tx) => {
    const row = await tx.webhook.create({ data: { url: input.url, events: input.events, secret } });
    const webhook = toWebhook(row);
    await writeAudit(tx, actor, { action: 'webhook.create', entityType: 'webhook', entityId: row.id, after: { url: webhook.url, events: webhook.events } });
    return { ...webhook, secret };
  });
}
