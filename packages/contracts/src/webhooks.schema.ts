import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';

/** Every event type the server records in its outbox; a webhook subscribes to a subset. */
export const OUTBOX_EVENT_TYPES = [
  'receipt.booked',
  'receipt.returned',
  'points.changed',
  'tier.changed',
  'member.registered',
  'points.expiring',
  'ticket.sla_breached',
  'ticket.replied',
] as const;
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];
export const ZOutboxEventType = z.enum(OUTBOX_EVENT_TYPES);

export const ZWebhookCreateRequest = z.strictObject({
  /** Where events are POSTed; http is accepted for receivers inside the chain's own network. */
  url: z.url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL' }).max(2000),
  events: z
    .array(ZOutboxEventType)
    .min(1)
    .max(OUTBOX_EVENT_TYPES.length)
    .refine((xs) => new Set(xs).size === xs.length, 'List each event type once'),
});
export type TWebhookCreateRequest = z.input<typeof ZWebhookCreateRequest>;

export const ZWebhook = z.object({
  id: ZId,
  url: z.string(),
  events: z.array(ZOutboxEventType),
  active: z.boolean(),
  createdAt: ZIsoDateTime,
  /** Deliveries of this webhook by state: PENDING (queued or retrying), DELIVERED, FAILED (gave up). */
  deliveries: z.object({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() }),
});
export type TWebhook = z.infer<typeof ZWebhook>;

/** The created webhook with its signing secret, which is shown this once and never again. */
export const ZWebhookCreated = ZWebhook.extend({
  secret: z.string().describe('HMAC-SHA256 signing secret; shown once, store it in the receiver'),
});
export type TWebhookCreated = z.infer<typeof ZWebhookCreated>;

export const ZWebhookList = z.object({ items: z.array(ZWebhook) });
export type TWebhookList = z.infer<typeof ZWebhookList>;

export const ZWebhookParams = z.strictObject({ webhookId: ZId });

/**
 * The JSON body POSTed to a receiver. `id` is the event id: a receiver may get the same event more than
 * once (a retry after a lost response) and must treat a repeated id as already processed.
 */
export const ZWebhookPayload = z.object({
  id: z.string(),
  type: ZOutboxEventType,
  occurredAt: ZIsoDateTime,
  data: z.record(z.string(), z.unknown()),
});
export type TWebhookPayload = z.infer<typeof ZWebhookPayload>;
