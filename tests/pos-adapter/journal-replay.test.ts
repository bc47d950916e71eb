import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ApiError } from '@kulup/contracts';
import { Journal, Replayer, ServerClient, backoffDelay, classify } from '@kulup/pos-adapter/daemon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { basket } from './support';

// Replay rules: the stored key makes "sent, then crashed before recording it" harmless; a receipt the server
// rejects is parked as failed (visible, not retried) and does not hold up the ones behind it.

describe('failure classification and backoff', () => {
  it('classifies network, 5xx, 409 in progress, 401 and other 4xx', () => {
    expect(classify(new TypeError('fetch failed'))).toMatchObject({ kind: 'network', status: 0, retryable: true });
    expect(classify(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toMatchObject({ kind: 'network', code: 'TIMEOUT' });
    expect(classify(new ApiError(503, 'INTERNAL', 'down'))).toMatchObject({ kind: 'server', retryable: true });
    expect(classify(new ApiError(409, 'IDEMPOTENCY_IN_PROGRESS', 'busy'))).toMatchObject({ kind: 'in-progress', retryable: true });
    expect(classify(new ApiError(409, 'CONFLICT', 'dup'))).toMatchObject({ kind: 'client', retryable: false });
    expect(classify(new ApiError(422, 'RECEIPT_INVALID', 'bad'))).toMatchObject({ kind: 'client', retryable: false });
    expect(classify(new ApiError(401, 'UNAUTHENTICATED', 'expired'))).toMatchObject({ kind: 'auth', retryable: true });
  });

  it('backs off exponentially with jitter, within [ceiling/2, ceiling] and never above the maximum', () => {
    expect(backoffDelay(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(20, 500, 30_000, () => 0)).toBe(15_000);
  });
});

describe.each(testDatabases())('journal replay against the server on %s', (kind) => {
  let server: TestServer;
  let pos: Awaited<ReturnType<TestServer['terminal']>>;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    pos = await server.terminal('POS');
    dir = mkdtempSync(path.join(tmpdir(), 'kulup-journal-'));
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const replayerFor = (journal: Journal) =>
    new Replayer(journal, new ServerClient({ serverUrl: server.url, credentials: { terminalId: pos.terminalId, secret: pos.secret }, requestTimeoutMs: 2000 }), {
      backoffInitialMs: 50,
      backoffMaxMs: 200,
      intervalMs: 60_000,
    });

  it('a receipt the server booked before the adapter crashed is not booked again', async () => {
    const file = path.join(dir, 'crash.sqlite');
    let journal = new Journal(file);
    const { item } = journal.append('receipt', 'R-CRASH', basket('R-CRASH'));
    // The send reached the server, then the process died before recording the answer.
    const booked = await pos.client.call('bookReceipt', { body: item.body as never, idempotencyKey: item.idempotencyKey });
    journal.close();

    journal = new Journal(file);
    expect(journal.state().pending).toBe(1);
    const replayer = replayerFor(journal);
    await replayer.kick();
    await replayer.stop();
    expect(journal.get(item.localId)).toMatchObject({ status: 'booked', response: { receiptId: booked.receiptId } });
    expect(await server.database.prisma.receipt.count({ where: { externalRef: 'R-CRASH' } })).toBe(1);
    journal.close();
  });

  it('a rejected receipt is parked as failed with the server error and later ones still go, in order', async () => {
    const journal = new Journal(path.join(dir, 'order.sqlite'));
    const first = journal.append('receipt', 'R-A', basket('R-A')).item;
    const bad = journal.append('receipt', 'R-B', { ...basket('R-B'), total: 1 }).item;
    const third = journal.append('receipt', 'R-C', basket('R-C')).item;
    const replayer = replayerFor(journal);
    await replayer.kick();
    await replayer.stop();
    expect(journal.get(first.localId)!.status).toBe('booked');
    expect(journal.get(bad.localId)).toMatchObject({ status: 'failed', lastError: { code: 'RECEIPT_INVALID', status: 422 } });
    expect(journal.get(third.localId)!.status).toBe('booked');
    const state = journal.state();
    expect(state).toMatchObject({ pending: 0, failed: 1, lastError: { code: 'RECEIPT_INVALID', localId: bad.localId } });
    expect(state.failedItems.map((f) => f.externalRef)).toEqual(['R-B']);
    const receipts = await server.database.prisma.receipt.findMany({ where: { terminalId: pos.terminalId, externalRef: { in: ['R-A', 'R-C'] } }, orderBy: { createdAt: 'asc' } });
    expect(receipts.map((r) => r.externalRef)).toEqual(['R-A', 'R-C']);
    // Booked items are pruned after the retention period; failed ones stay visible.
    expect(journal.pruneBooked(30, Date.now() + 31 * 86_400_000)).toBe(2);
    expect(journal.get(bad.localId)!.status).toBe('failed');
    // Failed items are not retried.
    await replayerFor(journal).kick();
    expect(journal.get(bad.localId)!.attempts).toBe(1);
    journal.close();
  });
});
