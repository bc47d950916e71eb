import type { KulupClient } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expirePoints } from '../../packages/server/src/services/expiry/expire-points';
import { warnExpiringPoints } from '../../packages/server/src/services/expiry/expiring-soon';
import { businessDate } from '../../packages/server/src/services/jobs/zoned-time';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { createMember, days, memberPoints, seedLot, spendPoints } from './support/ledger-fixtures';

describe.each(testDatabases())('points expiry on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let agent: KulupClient;

  beforeAll(async () => {
    server = await startTestServer(kind);
    marketer = (await server.staff('MARKETER')).client;
    agent = (await server.staff('AGENT')).client;
  });
  afterAll(async () => {
    if (server) await expectLedgerConsistent(server);
    await server?.close();
  });

  it('expires lots past their date FIFO, once per member per day', async () => {
    const db = server.database.prisma;
    const memberId = await createMember(server);
    const first = await seedLot(server, { memberId, points: 100, earnedAt: days(-400), expiresAt: days(-2) });
    const second = await seedLot(server, { memberId, points: 50, earnedAt: days(-390), expiresAt: days(-1) });
    const third = await seedLot(server, { memberId, points: 70, earnedAt: days(-100), expiresAt: days(10) });
    await spendPoints(server, memberId, 30, days(-3)); // before either expired: FIFO takes the first lot
    expect(await memberPoints(server, memberId)).toEqual({ balance: 190, held: 0 });

    const now = new Date();
    const run = await expirePoints(db, now);
    expect(run.members).toBeGreaterThanOrEqual(1);
    expect(await memberPoints(server, memberId)).toEqual({ balance: 70, held: 0 });
    const lots = await db.pointsLot.findMany({ where: { memberId }, orderBy: { expiresAt: 'asc' } });
    expect(lots.map((l) => [l.id, l.consumed, l.expired])).toEqual([
      [first, 30, 70],
      [second, 0, 50],
      [third, 0, 0],
    ]);
    const eventKey = `expire:${memberId}:${businessDate(now)}`;
    const entries = await db.ledgerEntry.findMany({ where: { eventKey }, orderBy: { account: 'asc' } });
    expect(entries.map((e) => [e.account, e.kind, e.points])).toEqual([
      ['member', 'EXPIRE', -120],
      ['system:expired', 'EXPIRE', 120],
    ]);
    const changed = await db.outboxEvent.findMany({ where: { aggregateId: memberId, type: 'points.changed' } });
    expect(changed.map((e) => (e.payload as { change: number }).change)).toEqual([-120]);

    // A second run the same day doubles nothing, even if another lot has fallen due since.
    const late = await seedLot(server, { memberId, points: 5, earnedAt: days(-300), expiresAt: new Date(Date.now() - 1000) });
    await expirePoints(db, new Date());
    expect(await db.ledgerEntry.count({ where: { memberId, kind: 'EXPIRE' } })).toBe(1);
    expect(await memberPoints(server, memberId)).toEqual({ balance: 75, held: 0 });

    // The next day's run takes it.
    const tomorrow = days(1);
    await expirePoints(db, tomorrow);
    expect(await memberPoints(server, memberId)).toEqual({ balance: 70, held: 0 });
    expect((await db.pointsLot.findUniqueOrThrow({ where: { id: late } })).expired).toBe(5);
    expect(await db.ledgerEntry.count({ where: { eventKey: `expire:${memberId}:${businessDate(tomorrow)}` } })).toBe(2);
  });

  it('leaves points reserved by an open hold for the hold to settle', async () => {
    const db = server.database.prisma;
    const memberId = await createMember(server);
    const lotId = await seedLot(server, { memberId, points: 40, earnedAt: days(-400), expiresAt: days(-1) });
    // A hold quoted before the expiry moment (as at 23:59 before a midnight expiry).
    await db.$transaction(async (tx) => {
      await tx.pointsLot.update({ where: { id: lotId }, data: { held: 15 } });
      await tx.member.update({ where: { id: memberId }, data: { pointsHeld: 15 } });
      await tx.pointsHold.create({
        data: { memberId, terminalId: memberId, points: 15, allocations: [{ lotId, points: 15 }], expiresAt: days(1) },
      });
    });
    await expirePoints(db, new Date());
    expect(await db.pointsLot.findUniqueOrThrow({ where: { id: lotId } })).toMatchObject({ expired: 25, held: 15 });
    expect(await memberPoints(server, memberId)).toEqual({ balance: 15, held: 15 });
  });

  it('lists members whose points expire soon, for marketers and admins', async () => {
    const memberId = await createMember(server, 'Zeynep');
    const soon = days(5);
    await seedLot(server, { memberId, points: 80, expiresAt: soon });
    await seedLot(server, { memberId, points: 20, expiresAt: days(20) });
    await seedLot(server, { memberId, points: 40, expiresAt: days(60) });

    const report = await marketer.call('expiringPointsReport', { query: { limit: 1000 } });
    expect(report.days).toBe(30);
    expect(report.items.find((i) => i.memberId === memberId)).toEqual({
      memberId,
      firstName: 'Zeynep',
      points: 100,
      earliestExpiresAt: soon.toISOString(),
    });
    const narrow = await marketer.call('expiringPointsReport', { query: { days: 10, limit: 1000 } });
    expect(narrow.items.find((i) => i.memberId === memberId)?.points).toBe(80);
    await expect(agent.call('expiringPointsReport', {})).rejects.toMatchObject({ status: 403 });

    // Paging by member id covers every member exactly once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await marketer.call('expiringPointsReport', { query: { limit: 1, ...(cursor ? { cursor } : {}) } });
      seen.push(...page.items.map((i) => i.memberId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(report.items.map((i) => i.memberId));
  });

  it('emits points.expiring once per member per lot across runs', async () => {
    const db = server.database.prisma;
    const memberId = await createMember(server, 'Can');
    const a = await seedLot(server, { memberId, points: 80, expiresAt: days(5) });
    const b = await seedLot(server, { memberId, points: 20, expiresAt: days(20) });
    const c = await seedLot(server, { memberId, points: 40, expiresAt: days(60) });
    const warned = async () =>
      (await db.outboxEvent.findMany({ where: { aggregateId: memberId, type: 'points.expiring' }, orderBy: { id: 'asc' } })).map(
        (e) => e.payload as { firstName: string; points: number; lots: { lotId: string }[] },
      );

    await warnExpiringPoints(db, new Date());
    let events = await warned();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ firstName: 'Can', points: 100 });
    expect(events[0]!.lots.map((l) => l.lotId)).toEqual([a, b]);

    await warnExpiringPoints(db, new Date());
    await warnExpiringPoints(db, days(2));
    expect(await warned()).toHaveLength(1);

    await warnExpiringPoints(db, days(35));
    events = await warned();
    expect(events).toHaveLength(2);
    expect(events[1]!.lots.map((l) => l.lotId)).toEqual([c]);
  });

  it('announces in batches and resumes an interrupted run after the last member it finished', async () => {
    const db = server.database.prisma;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const memberId = await createMember(server, `Batch${i}`);
      await seedLot(server, { memberId, points: 10 + i, expiresAt: days(100) });
      ids.push(memberId);
    }
    ids.sort();
    // As a crash would leave it: a window in progress whose first two members were announced.
    const state = await db.systemSetting.findUniqueOrThrow({ where: { key: 'expiry.warnings' } });
    await db.systemSetting.update({
      where: { key: 'expiry.warnings' },
      data: { value: { ...(state.value as object), pending: { from: days(90).toISOString(), to: days(105).toISOString(), after: ids[1] } } },
    });
    const perMember = async () =>
      Promise.all(ids.map((id) => db.outboxEvent.count({ where: { type: 'points.expiring', aggregateId: id } })));

    await warnExpiringPoints(db, days(75), { batchSize: 2 });
    expect(await perMember()).toEqual([0, 0, 1, 1, 1]);
    expect((await db.systemSetting.findUniqueOrThrow({ where: { key: 'expiry.warnings' } })).value).toMatchObject({ pending: null });
    await warnExpiringPoints(db, days(76), { batchSize: 2 });
    expect(await perMember()).toEqual([0, 0, 1, 1, 1]);
  });
});
