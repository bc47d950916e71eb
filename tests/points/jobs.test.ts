import { loadConfig, openDatabase } from '@kulup/server';
import type { Database } from '@kulup/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { JOBS } from '../../packages/server/src/services/jobs/job-definitions';
import { createJobRunner } from '../../packages/server/src/services/jobs/job-runner';
import type { JobDefinition } from '../../packages/server/src/services/jobs/job-types';
import { purgeIdempotencyRecords } from '../../packages/server/src/services/jobs/purge-idempotency-records';
import { runJob, slotOf } from '../../packages/server/src/services/jobs/run-job';
import { nextDailyRun } from '../../packages/server/src/services/jobs/zoned-time';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { createMember, days, memberPoints, seedLot, setProgram } from './support/ledger-fixtures';

const HOUR = 3_600_000;
const silent = { debug: () => {}, info: () => {}, error: () => {} };

describe('job schedules', () => {
  it('runs nightly jobs at 03:00 Europe/Istanbul (00:00 UTC)', () => {
    expect(nextDailyRun(new Date('2026-11-23T21:00:00Z'), 3, 0).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(nextDailyRun(new Date('2026-11-24T00:00:00Z'), 3, 0).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    const nightly = JOBS.find((j) => j.name === 'expire-points')!.schedule;
    expect(slotOf(nightly, new Date('2026-11-24T10:00:00Z')).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(slotOf(nightly, new Date('2026-11-23T23:59:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(slotOf({ kind: 'every', ms: 10_000 }, new Date('2026-11-24T10:00:07Z')).toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });

  it('has the documented jobs, nightly ones in order: expiry before tiers before warnings', () => {
    expect(JOBS.map((j) => [j.name, j.schedule.kind === 'every' ? j.schedule.ms : `${j.schedule.hour}:${j.schedule.minute}`])).toEqual([
      ['release-expired-holds', 60_000],
      ['escalate-sla-breaches', 60_000],
      ['campaign-schedule', 60_000],
      ['deliver-campaign-messages', 60_000],
      ['deliver-webhooks', 10_000],
      ['expire-points', '3:0'],
      ['evaluate-tiers', '3:0'],
      ['warn-expiring-points', '3:0'],
      ['purge-idempotency-records', '3:0'],
      ['refresh-analytics', '3:0'],
      ['refresh-segments', '3:0'],
      ['generate-campaign-offers', '3:0'],
    ]);
  });

  it('starts with the server unless KULUP_JOBS=off', () => {
    expect(loadConfig({}).jobs).toBe(true);
    expect(loadConfig({ KULUP_JOBS: 'off' }).jobs).toBe(false);
    expect(() => loadConfig({ KULUP_JOBS: 'maybe' })).toThrow(/KULUP_JOBS/);
  });
});

describe.each(testDatabases())('job runner on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    if (server) await expectLedgerConsistent(server);
    await server?.close();
  });

  const job = (name: string, run: JobDefinition['run'], ms = HOUR): JobDefinition => ({ name, schedule: { kind: 'every', ms }, timeoutMs: 60_000, run });

  it('runs a job once per slot and records each run', async () => {
    const db = server.database.prisma;
    let runs = 0;
    const counted = job('counted', async () => ({ runs: ++runs }));
    const at = new Date();
    expect(await runJob(db, kind, counted, { at })).toMatchObject({ status: 'ran', result: { runs: 1 } });
    expect(await runJob(db, kind, counted, { at })).toEqual({ status: 'skipped', reason: 'already_ran' });
    expect(await runJob(db, kind, counted, { at, force: true })).toMatchObject({ status: 'ran' });
    expect(await runJob(db, kind, counted, { at: new Date(at.getTime() + HOUR) })).toMatchObject({ status: 'ran' });
    expect(runs).toBe(3);
    const rows = await db.jobRun.findMany({ where: { job: 'counted' }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.finishedAt !== null)).toBe(true);
    expect(rows[0]!.result).toMatchObject({ ok: true, result: { runs: 1 } });
  });

  it('records a failed run and lets the slot be retried', async () => {
    const db = server.database.prisma;
    let calls = 0;
    const flaky = job('flaky-once', async () => {
      if (++calls === 1) throw new Error('database briefly away');
      return 'ok';
    });
    const at = new Date();
    expect(await runJob(db, kind, flaky, { at })).toMatchObject({ status: 'failed', error: 'database briefly away' });
    expect(await runJob(db, kind, flaky, { at })).toMatchObject({ status: 'ran' });
    const rows = await db.jobRun.findMany({ where: { job: 'flaky-once' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => (r.result as { ok: boolean }).ok)).toEqual([false, true]);
  });

  it('logs a failing job and keeps scheduling it and the other jobs', async () => {
    const errors: { obj: object; msg: string }[] = [];
    let failures = 0;
    let successes = 0;
    let steady = 0;
    const runner = createJobRunner({
      db: server.database.prisma,
      kind,
      logger: { ...silent, error: (obj, msg) => errors.push({ obj, msg }) },
      jobs: [
        job(
          'fails-twice',
          async () => {
            if (failures < 2) {
              failures += 1;
              throw new Error(`boom ${failures}`);
            }
            successes += 1;
          },
          25,
        ),
        job('steady', async () => void (steady += 1), 40),
      ],
    });
    runner.start();
    try {
      await vi.waitFor(() => expect(successes).toBeGreaterThanOrEqual(1), { timeout: 20_000, interval: 20 });
      await vi.waitFor(() => expect(steady).toBeGreaterThanOrEqual(2), { timeout: 20_000, interval: 20 });
    } finally {
      await runner.stop();
    }
    expect(errors.slice(0, 2)).toEqual([
      { obj: expect.objectContaining({ job: 'fails-twice', err: 'boom 1' }), msg: 'job failed' },
      { obj: expect.objectContaining({ job: 'fails-twice', err: 'boom 2' }), msg: 'job failed' },
    ]);
    const failed = await server.database.prisma.jobRun.count({ where: { job: 'fails-twice', result: { path: ['ok'], equals: false } } });
    expect(failed).toBe(2);
  });

  it('catches up on a nightly slot missed while the server was down, once', async () => {
    let runs = 0;
    const nightly: JobDefinition = {
      name: 'nightly-catch-up',
      schedule: { kind: 'daily', hour: 3, minute: 0, timeZone: 'Europe/Istanbul' },
      timeoutMs: 60_000,
      run: async () => void (runs += 1),
    };
    const skipped: unknown[] = [];
    const start = () =>
      createJobRunner({ db: server.database.prisma, kind, jobs: [nightly], logger: { ...silent, debug: (obj) => skipped.push(obj) } });
    const first = start();
    first.start();
    await vi.waitFor(() => expect(runs).toBe(1), { timeout: 20_000, interval: 20 });
    await first.stop();
    const second = start();
    second.start();
    await vi.waitFor(() => expect(skipped).toEqual([{ job: 'nightly-catch-up', reason: 'already_ran' }]), { timeout: 20_000, interval: 20 });
    await second.stop();
    expect(runs).toBe(1);
  });

  it('runs the real nightly expiry job and the purge of old idempotency keys', async () => {
    const db = server.database.prisma;
    const memberId = await createMember(server);
    await seedLot(server, { memberId, points: 25, earnedAt: days(-800), expiresAt: days(-1) });
    const expire = JOBS.find((j) => j.name === 'expire-points')!;
    expect(await runJob(db, kind, expire)).toMatchObject({ status: 'ran', result: { points: 25 } });
    expect(await memberPoints(server, memberId)).toEqual({ balance: 0, held: 0 });
    expect(await runJob(db, kind, expire)).toEqual({ status: 'skipped', reason: 'already_ran' });

    await setProgram(server, { idempotencyRetentionDays: 30 });
    const terminalId = memberId; // any uuid: the purge does not look at terminals
    const record = (key: string, createdAt: Date, status: 'COMPLETED' | 'IN_PROGRESS' = 'COMPLETED') =>
      db.idempotencyRecord.create({ data: { terminalId, route: 'POST /x', key, requestHash: 'h', status, createdAt } });
    await record('old-1', days(-31));
    await record('old-2', days(-45));
    await record('old-running', days(-31), 'IN_PROGRESS');
    await record('recent', days(-29));
    expect(await purgeIdempotencyRecords(db, new Date(), { batchSize: 1 })).toEqual({ deleted: 2 });
    const left = await db.idempotencyRecord.findMany({ where: { terminalId }, orderBy: { key: 'asc' } });
    expect(left.map((r) => r.key)).toEqual(['old-running', 'recent']);
  });

  it('starts and stops with the server when KULUP_JOBS=on', async () => {
    const withJobs = await startTestServer(kind, { KULUP_JOBS: 'on' });
    const health = await withJobs.raw('/health');
    expect(health.status).toBe(200);
    await withJobs.close();
  });
});

// Several server instances on one PostgreSQL: a job slot runs once. (PGlite serves a single process.)
describe.each(testDatabases().filter((k) => k === 'postgres'))('job runners racing on %s', (kind) => {
  let server: TestServer;
  let second: Database;
  beforeAll(async () => {
    server = await startTestServer(kind);
    const [row] = await server.database.prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${row!.name}`;
    second = await openDatabase({ url: url.toString(), migrate: false });
  });
  afterAll(async () => {
    await second?.close();
    await server?.close();
  });

  it('runs the job body once when two instances start the same slot together', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let bodies = 0;
    const race: JobDefinition = {
      name: 'race',
      schedule: { kind: 'every', ms: HOUR },
      timeoutMs: 60_000,
      run: async () => {
        bodies += 1;
        started();
        await gate;
        return { bodies };
      },
    };
    const at = new Date();
    const first = runJob(server.database.prisma, kind, race, { at });
    await running;
    expect(await runJob(second.prisma, kind, race, { at })).toEqual({ status: 'skipped', reason: 'locked' });
    release();
    expect(await first).toMatchObject({ status: 'ran' });
    expect(await runJob(second.prisma, kind, race, { at })).toEqual({ status: 'skipped', reason: 'already_ran' });
    expect(bodies).toBe(1);
  });

  it('two schedulers on one job: every slot runs exactly once', async () => {
    const slots: number[] = [];
    const shared: JobDefinition = {
      name: 'shared-every-30ms',
      schedule: { kind: 'every', ms: 30 },
      timeoutMs: 60_000,
      run: async ({ at }) => void slots.push(slotOf(shared.schedule, at).getTime()),
    };
    const a = createJobRunner({ db: server.database.prisma, kind, jobs: [shared], logger: silent });
    const b = createJobRunner({ db: second.prisma, kind, jobs: [shared], logger: silent });
    a.start();
    b.start();
    try {
      await vi.waitFor(() => expect(slots.length).toBeGreaterThanOrEqual(8), { timeout: 20_000, interval: 20 });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(new Set(slots).size).toBe(slots.length);
    const recorded = await server.database.prisma.jobRun.count({ where: { job: 'shared-every-30ms' } });
    expect(recorded).toBe(slots.length);
  });
});
