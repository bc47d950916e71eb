import type { TWebhookPayload } from '@kulup/contracts';

import type { Db } from '../../db/database';
import type { Prisma } from '../../generated/prisma/client';
import { signWebhook } from './webhook-signature';

/** Attempts before a delivery is given up as FAILED: with the backoff below, about 12 hours of retrying. */
export const WEBHOOK_MAX_ATTEMPTS = 20;
export const WEBHOOK_TIMEOUT_MS = 5_000;
const BASE_DELAY_MS = 10_000;
const MAX_DELAY_MS = 3_600_000;
// A claimed delivery is invisible to other instances until the lease ends; it must outlast a whole batch
// (batch ÷ concurrency × timeout), so a crashed sender's deliveries are retried, never lost.
const LEASE_MS = 120_000;
// Events are created with the transaction's start time but become visible at commit, so each fan-out looks
// back this far behind the newest event it saw. It must exceed the longest transaction that emits events.
const FANOUT_OVERLAP_MS = 10 * 60_000;
const CURSOR_KEY = 'webhooks.fanout';
const MAX_ERROR_LENGTH = 500;

export type DeliverWebhooksOptions = {
  /** The HTTP client; tests and embedders may pass their own. */
  fetch?: typeof fetch;
  /** Deliveries claimed per round; a call runs rounds until no due delivery is left or maxRounds is reached. */
  batchSize?: number;
  maxRounds?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Jitter source in [0, 1). */
  random?: () => number;
};

export type DeliverWebhooksResult = {
  /** New deliveries queued from outbox events. */
  queued: number;
  attempted: number;
  delivered: number;
  /** Failed attempts that will be retried. */
  retrying: number;
  /** Deliveries given up on by this call. */
  failed: number;
};

/** Wait before the next attempt after `attempts` failed ones: 10 s × 2^(attempts−1), capped at 1 h, less up to 25 % jitter. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  // Jitter spreads retries of many deliveries that failed together (one receiver down) over time.
  return Math.round(ceiling * (1 - 0.25 * random()));
}

/** Queues a delivery per (new outbox event, active webhook subscribed to its type); the unique key makes re-runs harmless. */
async function fanOut(db: Db, at: Date): Promise<number> {
  const cursor = await db.systemSetting.findUnique({ where: { key: CURSOR_KEY } });
  const seen = (cursor?.value as { createdAt?: string } | undefined)?.createdAt;
  const from = seen ? new Date(new Date(seen).getTime() - FANOUT_OVERLAP_MS) : new Date(0);
  const [{ newest }] = await db.$queryRaw<[{ newest: Date | null }]>`
    SELECT max(created_at) AS newest FROM outbox_event WHERE created_at >= ${from}`;
  // Only events from the webhook's creation on: a new subscriber does not get the whole history.
  const queued = await db.$executeRaw`
    INSERT INTO webhook_delivery (event_id, webhook_id, status, attempts, next_attempt_at)
    SELECT e.id, w.id, 'PENDING', 0, ${at}
    FROM outbox_event e
    JOIN webhook w ON w.active AND e.type = ANY (w.events) AND e.created_at >= w.created_at
    WHERE e.created_at >= ${from}
    ON CONFLICT (event_id, webhook_id) DO NOTHING`;
  if (newest && (!seen || newest.getTime() > new Date(seen).getTime())) {
    const value = { createdAt: newest.toISOString() } as Prisma.InputJsonValue;
    await db.systemSetting.upsert({ where: { key: CURSOR_KEY }, create: { key: CURSOR_KEY, value }, update: { value } });
  }
  return queued;
}

type Claimed = { id: bigint; eventId: bigint; webhookId: string; attempts: number };

/**
 * Claims due deliveries in one statement: SKIP LOCKED lets several server instances claim disjoint rows, and
 * moving next_attempt_at past the lease hides a claimed row from the others once the statement commits. The
 * attempt is counted at claim time, so an attempt cut short by a crash still counts.
 */
async function claimDue(db: Db, at: Date, limit: number): Promise<Claimed[]> {
  const leaseUntil = new Date(at.getTime() + LEASE_MS);
  return db.$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT d.id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
      WHERE d.status = 'PENDING' AND d.next_attempt_at <= ${at} AND w.active
      ORDER BY d.next_attempt_at, d.id
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE webhook_delivery d SET attempts = d.attempts + 1, next_attempt_at = ${leaseUntil}
    FROM due WHERE d.id = due.id
    RETURNING d.id, d.event_id AS "eventId", d.webhook_id AS "webhookId", d.attempts`;
}

type Outcome = { ok: true } | { ok: false; error: string };

async function post(fetchImpl: typeof fetch, url: string, secret: string, payload: TWebhookPayload, timeoutMs: number): Promise<Outcome> {
  const body = JSON.stringify(payload);
  // The send time, not the job's clock: receivers compare it with their own clock to refuse stale replays.
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kulup-Webhooks/1',
        'kulup-event-id': payload.id,
        'kulup-event-type': payload.type,
        'kulup-timestamp': timestamp,
        'kulup-signature': signWebhook(secret, timestamp, body),
      },
      body,
      // A redirect is a failure, not something to follow: the subscribed URL is the one admins approved.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
  } catch (error) {
    const e = error as Error;
    const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${e.message}${e.cause ? ` (${String((e.cause as Error).message ?? e.cause)})` : ''}`;
    return { ok: false, error: reason };
  }
}

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Sends outbox events to the webhooks subscribed to them, at least once each: queues new events (idempotent),
 * claims due deliveries safely across server instances, POSTs each signed body with a 5 s timeout, marks 2xx
 * DELIVERED and reschedules anything else with exponential backoff until WEBHOOK_MAX_ATTEMPTS, then FAILED.
 * `at` is the job's clock for what is due and when to retry. Events of rolled-back transactions never exist.
 */
export async function deliverWebhooks(db: Db, at: Date, options: DeliverWebhooksOptions = {}): Promise<DeliverWebhooksResult> {
  const fetchImpl = options.fetch ?? fetch;
  const batchSize = options.batchSize ?? 50;
  const maxRounds = options.maxRounds ?? 10;
  const maxAttempts = options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const random = options.random ?? Math.random;
  const result: DeliverWebhooksResult = { queued: await fanOut(db, at), attempted: 0, delivered: 0, retrying: 0, failed: 0 };

  for (let round = 0; round < maxRounds; round++) {
    const claimed = await claimDue(db, at, batchSize);
    if (claimed.length === 0) break;
    const events = new Map(
      (await db.outboxEvent.findMany({ where: { id: { in: claimed.map((c) => c.eventId) } } })).map((e) => [e.id, e]),
    );
    const webhooks = new Map(
      (await db.webhook.findMany({ where: { id: { in: [...new Set(claimed.map((c) => c.webhookId))] } } })).map((w) => [w.id, w]),
    );

    await inPool(claimed, options.concurrency ?? 8, async (delivery) => {
      const event = events.get(delivery.eventId)!;
      const webhook = webhooks.get(delivery.webhookId)!;
      // Only the claim we made may settle the row: a lease that ran out and was re-claimed has more attempts.
      const mine = { id: delivery.id, status: 'PENDING' as const, attempts: delivery.attempts };
      const outcome: Outcome = webhook.active
        ? await post(fetchImpl, webhook.url, webhook.secret, {
            id: String(event.id),
            type: event.type as TWebhookPayload['type'],
            occurredAt: event.createdAt.toISOString(),
            data: event.payload as Record<string, unknown>,
          }, timeoutMs)
        : { ok: false, error: 'webhook deleted' };
      result.attempted++;
      if (outcome.ok) {
        await db.webhookDelivery.updateMany({ where: mine, data: { status: 'DELIVERED', deliveredAt: at, lastError: null } });
        result.delivered++;
      } else if (delivery.attempts >= maxAttempts || !webhook.active) {
        await db.webhookDelivery.updateMany({ where: mine, data: { status: 'FAILED', lastError: outcome.error.slice(0, MAX_ERROR_LENGTH) } });
        result.failed++;
      } else {
        await db.webhookDelivery.updateMany({
          where: mine,
          data: { nextAttemptAt: new Date(at.getTime() + retryDelayMs(delivery.attempts, random)), lastError: outcome.error.slice(0, MAX_ERROR_LENGTH) },
        });
        result.retrying++;
      }
    });
    if (claimed.length < batchSize) break;
  }
  return result;
}
