import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkLedger } from '../../packages/server/src/services/invariants/check-ledger';
import { testDatabases } from '../support/databases';
import { basket, enrolAdapter, eventually, local, posWorld, restartableServer, startAdapter } from './support';
import type { AdapterProcess, RestartableServer } from './support';

// The till keeps selling while the server is down, survives being killed, and every sale is booked exactly once.

describe.each(testDatabases())('POS adapter offline journal on %s', (kind) => {
  let server: RestartableServer;
  let world: Awaited<ReturnType<typeof posWorld>>;
  let dir: string;
  let env: Record<string, string>;
  let adapter: AdapterProcess | null = null;

  beforeAll(async () => {
    server = await restartableServer(kind);
    world = await posWorld(server.url, server.running().database.prisma);
    dir = mkdtempSync(path.join(tmpdir(), 'kulup-pos-adapter-'));
    env = {
      KULUP_SERVER_URL: server.url,
      KULUP_ADAPTER_CREDENTIALS: path.join(dir, 'credentials.json'),
      KULUP_ADAPTER_JOURNAL: path.join(dir, 'journal.sqlite'),
      KULUP_ADAPTER_PORT: '0',
      KULUP_ADAPTER_READER: 'false',
      KULUP_ADAPTER_BACKOFF_INITIAL_MS: '100',
      KULUP_ADAPTER_BACKOFF_MAX_MS: '500',
      KULUP_ADAPTER_REPLAY_INTERVAL_MS: '500',
    };
    await enrolAdapter(env, world.enrolmentCode);
  });
  afterAll(async () => {
    await adapter?.kill('SIGTERM');
    await server?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('enrol stores the terminal secret readable by the owner only', () => {
    expect(statSync(env.KULUP_ADAPTER_CREDENTIALS!).mode & 0o777).toBe(0o600);
  });

  it('queues sales while the server is down, survives SIGKILL, and books every receipt exactly once', async () => {
    adapter = await startAdapter(env);
    const session = await local(adapter.url, 'POST', '/v1/identify', { cardNumber: world.cardNumber });
    expect(session.status).toBe(200);
    expect(session.body.member).toMatchObject({ memberId: world.memberId, firstName: 'Elif' });
    const sessionId: string = session.body.sessionId;

    // Online: booked at once.
    const online = await local(adapter.url, 'POST', '/v1/receipts', { ...basket('R-ONLINE'), sessionId });
    expect(online.status).toBe(201);
    expect(online.body).toMatchObject({ status: 'booked', result: { memberId: world.memberId, pointsEarned: 19 } });

    await server.stop();
    const refs = ['R-OFF-1', 'R-OFF-2', 'R-OFF-3'];
    const queued = [];
    for (const ref of refs) {
      const answer = await local(adapter.url, 'POST', '/v1/receipts', { ...basket(ref), sessionId });
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ status: 'queued', externalRef: ref });
      expect(answer.body.localId).toMatch(/^loc_/);
      queued.push(answer.body.localId as string);
    }
    const redeem = await local(adapter.url, 'POST', '/v1/redeem', { sessionId, points: 5 });
    expect(redeem.status).toBe(503);
    expect(redeem.body.error.code).toBe('OFFLINE_REDEMPTION_NOT_ALLOWED');
    const queue = await local(adapter.url, 'GET', '/v1/queue');
    expect(queue.body).toMatchObject({ pending: 3, failed: 0 });
    expect(queue.body.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(queue.body.lastError.code).toMatch(/NETWORK|TIMEOUT/);

    // Killed without any chance to flush, restarted while the server is still down.
    await adapter.kill('SIGKILL');
    adapter = await startAdapter(env);
    expect((await local(adapter.url, 'GET', '/v1/queue')).body).toMatchObject({ pending: 3, failed: 0 });
    const health = await local(adapter.url, 'GET', '/v1/health');
    expect(health.body).toMatchObject({ status: 'ok', queue: { pending: 3 } });

    await server.start();
    await eventually(async () => {
      const state = (await local(adapter!.url, 'GET', '/v1/queue')).body;
      return state.pending === 0 ? state : null;
    }, 30_000, 'the queue to drain');
    expect((await local(adapter.url, 'GET', '/v1/queue')).body).toMatchObject({ pending: 0, failed: 0, lastError: null });
    for (const localId of queued) {
      expect((await local(adapter.url, 'GET', `/v1/receipts/${localId}`)).body).toMatchObject({ status: 'booked', result: { pointsEarned: 19 } });
    }

    const prisma = server.running().database.prisma;
    const receipts = await prisma.receipt.findMany({ where: { terminalId: world.terminalId }, orderBy: { createdAt: 'asc' } });
    expect(receipts.map((r) => r.externalRef)).toEqual(['R-ONLINE', ...refs]);
    const earnEntries = await prisma.ledgerEntry.findMany({ where: { memberId: world.memberId } });
    expect(earnEntries).toHaveLength(4);
    expect(earnEntries.reduce((sum, e) => sum + Number(e.points), 0)).toBe(4 * 19);
    const member = await prisma.member.findUniqueOrThrow({ where: { id: world.memberId } });
    expect(Number(member.pointsBalance)).toBe(4 * 19);
    expect(await checkLedger(prisma)).toEqual([]);
  });
});
