import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ApiError, ZWebhookPayload } from '@kulup/contracts';
import type { KulupClient, OutboxEventType, TWebhookCreated } from '@kulup/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { emitEvent } from '../../packages/server/src/services/outbox/emit-event';
import { deliverWebhooks } from '../../packages/server/src/services/webhooks/deliver-webhooks';
import { verifyWebhookSignature } from '../../packages/server/src/services/webhooks/webhook-signature';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

type Received = { headers: IncomingHttpHeaders; body: string };
type Receiver = { url: string; received: Received[]; close: () => Promise<void> };

/** A real HTTP receiver on 127.0.0.1; `answer(n)` gives the status for the n-th request (1-based), or 'hang'. */
async function startReceiver(answer: (n: number) => number | 'hang' = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = answer(received.length);
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/kulup`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(testDatabases())('webhook delivery on %s', (kind) => {
  let server: TestServer;
  let admin: KulupClient;
  let adminToken: string;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ client: admin, token: adminToken } = await server.staff('ADMIN'));
  });
  // Each test subscribes its own receivers; a webhook left active would also get the next test's events.
  afterEach(async () => {
    for (const w of (await admin.call('listWebhooks', {})).items) await admin.call('deleteWebhook', { params: { webhookId: w.id } });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await server?.close();
  });

  const db = () => server.database.prisma;
  const receiver = async (answer?: (n: number) => number | 'hang') => {
    const r = await startReceiver(answer);
    receivers.push(r);
    return r;
  };
  const subscribe = (url: string, events: OutboxEventType[] = ['points.changed']): Promise<TWebhookCreated> =>
    admin.call('createWebhook', { body: { url, events } });
  const emit = async (type: OutboxEventType = 'points.changed', payload: Record<string, unknown> = { memberId: 'm-1', balance: 120 }) => {
    await db().$transaction((tx) => emitEvent(tx, type, 'aggregate-1', payload));
    return db().outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
  };
  const deliveriesOf = (webhookId: string) => db().webhookDelivery.findMany({ where: { webhookId }, orderBy: { id: 'asc' } });

  it('creates a webhook with a secret shown once, lists it without the secret, and deletes it (admins only)', async () => {
    const r = await receiver();
    const created = await subscribe(r.url, ['receipt.booked', 'points.changed']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ url: r.url, events: ['receipt.booked', 'points.changed'], active: true, deliveries: { pending: 0, delivered: 0, failed: 0 } });

    const listed = await admin.call('listWebhooks', {});
    const item = listed.items.find((w) => w.id === created.id)!;
    expect(item).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const audit = await db().auditLog.findMany({ where: { entityType: 'webhook', entityId: created.id } });
    expect(audit.map((a) => a.action)).toEqual(['webhook.create']);
    expect(JSON.stringify(audit.map((a) => a.after))).not.toContain(created.secret);

    const marketer = (await server.staff('MARKETER')).client;
    const forbidden = await marketer.call('listWebhooks', {}).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ApiError);
    expect((forbidden as ApiError).status).toBe(403);

    const deleted = await admin.call('deleteWebhook', { params: { webhookId: created.id } });
    expect(deleted.active).toBe(false);
    expect((await admin.call('listWebhooks', {})).items.map((w) => w.id)).not.toContain(created.id);
    expect((await db().webhook.findUniqueOrThrow({ where: { id: created.id } })).secret).toBe('');
    const again = await admin.call('deleteWebhook', { params: { webhookId: created.id } }).catch((e: unknown) => e);
    expect((again as ApiError).status).toBe(404);
  });

  it('rejects a non-http URL, unknown or repeated event types and an empty list, writing nothing', async () => {
    const before = await db().webhook.count();
    const bad = async (body: unknown) => {
      const res = await server.raw('/api/v1/webhooks', {
        method: 'POST',
        token: adminToken,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      return res.body.error.fields.map((f: { path: string }) => f.path);
    };
    expect(await bad({ url: 'ftp://example.com/x', events: ['points.changed'] })).toEqual(['url']);
    expect(await bad({ url: 'javascript:alert(1)', events: ['points.changed'] })).toEqual(['url']);
    expect(await bad({ url: 'https://example.com/x', events: ['points.spent'] })).toEqual(['events.0']);
    expect(await bad({ url: 'https://example.com/x', events: ['tier.changed', 'tier.changed'] })).toEqual(['events']);
    expect(await bad({ url: 'https://example.com/x', events: [] })).toEqual(['events']);
    expect(await bad({ url: 'https://example.com/x', events: ['tier.changed'], secret: 'mine' })).toEqual(['secret']);
    expect(await db().webhook.count()).toBe(before);
  });

  it('POSTs the event as signed JSON: the HMAC of "timestamp.body" with the secret verifies', async () => {
    const r = await receiver();
    const hook = await subscribe(r.url);
    const event = await emit('points.changed', { memberId: 'm-42', balance: 1250, reason: 'receipt' });

    const result = await deliverWebhooks(db(), new Date());
    expect(result).toMatchObject({ delivered: 1, failed: 0, retrying: 0 });
    expect(r.received).toHaveLength(1);
    const { headers, body } = r.received[0]!;

    const timestamp = headers['kulup-timestamp'] as string;
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
    const expected = createHmac('sha256', hook.secret).update(`${timestamp}.${body}`).digest('hex');
    expect(headers['kulup-signature']).toBe(`v1=${expected}`);
    expect(verifyWebhookSignature(hook.secret, headers['kulup-signature'] as string, timestamp, body)).toBe(true);
    expect(verifyWebhookSignature(hook.secret, headers['kulup-signature'] as string, timestamp, body.replace('1250', '9999'))).toBe(false);
    expect(verifyWebhookSignature('whsec_other', headers['kulup-signature'] as string, timestamp, body)).toBe(false);
    expect(verifyWebhookSignature(hook.secret, headers['kulup-signature'] as string, String(Number(timestamp) - 600), body)).toBe(false);

    expect(headers['content-type']).toBe('application/json');
    const payload = ZWebhookPayload.parse(JSON.parse(body));
    expect(payload).toEqual({
      id: String(event.id),
      type: 'points.changed',
      occurredAt: event.createdAt.toISOString(),
      data: { memberId: 'm-42', balance: 1250, reason: 'receipt' },
    });
    expect(headers['kulup-event-id']).toBe(String(event.id));

    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null });
    // Running again sends nothing more: the delivery is done and the fan-out is idempotent.
    await deliverWebhooks(db(), new Date());
    expect(r.received).toHaveLength(1);
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
    await admin.call('deleteWebhook', { params: { webhookId: hook.id } });
  });

  it('retries a receiver that fails twice: it gets the same event id 3 times and the delivery ends DELIVERED after 3 attempts', async () => {
    const r = await receiver((n) => (n <= 2 ? 500 : 204));
    const hook = await subscribe(r.url);
    const event = await emit();

    const t0 = new Date();
    expect(await deliverWebhooks(db(), t0)).toMatchObject({ attempted: 1, retrying: 1 });
    let [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'HTTP 500: receiver down' });

    // Not due yet: nothing is sent before the backoff has passed.
    await deliverWebhooks(db(), t0);
    expect(r.received).toHaveLength(1);

    await deliverWebhooks(db(), delivery!.nextAttemptAt);
    [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 2 });
    await deliverWebhooks(db(), delivery!.nextAttemptAt);
    [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3, lastError: null });

    expect(r.received).toHaveLength(3);
    const ids = r.received.map((x) => [x.headers['kulup-event-id'], JSON.parse(x.body).id]);
    expect(ids).toEqual(Array.from({ length: 3 }, () => [String(event.id), String(event.id)]));
    await admin.call('deleteWebhook', { params: { webhookId: hook.id } });
  });

  it('backs off exponentially with jitter (10 s × 2^(n−1), at most 25 % less) and gives up as FAILED after the last attempt', async () => {
    const r = await receiver(() => 503);
    const hook = await subscribe(r.url);
    await emit();

    let at = new Date();
    const delays: number[] = [];
    for (let n = 1; n <= 5; n++) {
      await deliverWebhooks(db(), at, { maxAttempts: 6 });
      const [delivery] = await deliveriesOf(hook.id);
      expect(delivery).toMatchObject({ status: 'PENDING', attempts: n });
      const delay = delivery!.nextAttemptAt.getTime() - at.getTime();
      const ceiling = 10_000 * 2 ** (n - 1);
      expect(delay).toBeGreaterThanOrEqual(0.75 * ceiling);
      expect(delay).toBeLessThanOrEqual(ceiling);
      delays.push(delay);
      at = delivery!.nextAttemptAt;
    }
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]!);

    await deliverWebhooks(db(), at, { maxAttempts: 6 });
    const [failed] = await deliveriesOf(hook.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 6, lastError: 'HTTP 503: receiver down' });
    await deliverWebhooks(db(), new Date(at.getTime() + 86_400_000), { maxAttempts: 6 });
    expect(r.received).toHaveLength(6);
    const listed = (await admin.call('listWebhooks', {})).items.find((w) => w.id === hook.id);
    expect(listed?.deliveries).toEqual({ pending: 0, delivered: 0, failed: 1 });
    await admin.call('deleteWebhook', { params: { webhookId: hook.id } });
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const r = await receiver(() => 'hang');
    const hook = await subscribe(r.url);
    await emit();
    expect(await deliverWebhooks(db(), new Date(), { timeoutMs: 300 })).toMatchObject({ attempted: 1, retrying: 1 });
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'no answer within 300 ms' });
    await admin.call('deleteWebhook', { params: { webhookId: hook.id } });
  });

  it('never delivers an event whose transaction rolled back', async () => {
    const r = await receiver();
    const hook = await subscribe(r.url);
    const rolledBack = db().$transaction(async (tx) => {
      await emitEvent(tx, 'points.changed', 'aggregate-rb', { marker: 'rolled-back' });
      throw new Error('the business write failed');
    });
    await expect(rolledBack).rejects.toThrow('the business write failed');
    await emit('points.changed', { marker: 'committed' });

    await deliverWebhooks(db(), new Date());
    expect(r.received.map((x) => JSON.parse(x.body).data.marker)).toEqual(['committed']);
    expect(await db().outboxEvent.count({ where: { aggregateId: 'aggregate-rb' } })).toBe(0);
    await admin.call('deleteWebhook', { params: { webhookId: hook.id } });
  });

  it('sends a webhook only the event types it subscribed to, and only events from its creation on', async () => {
    await emit('tier.changed', { before: 'the webhook existed' });
    const tiers = await receiver();
    const points = await receiver();
    const tierHook = await subscribe(tiers.url, ['tier.changed']);
    const pointsHook = await subscribe(points.url, ['points.changed']);
    await emit('points.changed', { which: 'points' });

    await deliverWebhooks(db(), new Date());
    expect(tiers.received).toHaveLength(0);
    expect(await deliveriesOf(tierHook.id)).toHaveLength(0);
    expect(points.received.map((x) => JSON.parse(x.body).data)).toEqual([{ which: 'points' }]);
    await admin.call('deleteWebhook', { params: { webhookId: tierHook.id } });
    await admin.call('deleteWebhook', { params: { webhookId: pointsHook.id } });
  });

  it('stops sending to a deleted webhook and fails its queued deliveries', async () => {
    const r = await receiver(() => 500);
    const hook = await subscribe(r.url);
    await emit();
    await deliverWebhooks(db(), new Date());
    await admin.call('deleteWebhook', { params: { webhookId: hook.id } });
    await emit();
    await deliverWebhooks(db(), new Date(Date.now() + 86_400_000));
    expect(r.received).toHaveLength(1);
    const rows = await deliveriesOf(hook.id);
    expect(rows.map((d) => [d.status, d.lastError])).toEqual([['FAILED', 'webhook deleted']]);
  });

  it('delivers each event once when two delivery runs claim at the same time', async () => {
    const r = await receiver();
    const hook = await subscribe(r.url);
    for (let i = 0; i < 30; i++) await emit('points.changed', { n: i });
    const at = new Date();
    const runs = await Promise.all([
      deliverWebhooks(db(), at, { batchSize: 5 }),
      deliverWebhooks(db(), at, { batchSize: 5 }),
      deliverWebhooks(db(), at, { batchSize: 5 }),
    ]);
    // Whatever a run left (its rounds are bounded) a later run sends; nothing twice.
    await deliverWebhooks(db(), at);
    expect(runs.reduce((s, x) => s + x.attempted, 0)).toBeGreaterThan(0);
    const ns = r.received.map((x) => JSON.parse(x.body).data.n as number).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const rows = await deliveriesOf(hook.id);
    expect(rows).toHaveLength(30);
    expect(rows.every((d) => d.status === 'DELIVERED' && d.attempts === 1)).toBe(true);
    await admin.call('deleteWebhook', { params: { webhookId: hook.id } });
  });
});
