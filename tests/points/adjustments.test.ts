import { randomUUID } from 'node:crypto';

import type { KulupClient } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { createMember, memberPoints, seedLot, setProgram } from './support/ledger-fixtures';

describe.each(testDatabases())('manual adjustments on %s', (kind) => {
  let server: TestServer;
  let admin1: { client: KulupClient; id: string };
  let admin2: { client: KulupClient; id: string };
  let agent: { client: KulupClient; id: string };
  let marketer: KulupClient;

  beforeAll(async () => {
    server = await startTestServer(kind);
    admin1 = await server.staff('ADMIN');
    admin2 = await server.staff('ADMIN');
    agent = await server.staff('AGENT');
    marketer = (await server.staff('MARKETER')).client;
    await setProgram(server, { adjustmentApprovalThreshold: 1000 });
  });
  afterAll(async () => {
    if (server) await expectLedgerConsistent(server);
    await server?.close();
  });

  it('applies an adjustment within the threshold at once: credit as a spendable lot, debit FIFO', async () => {
    const memberId = await createMember(server);
    const credit = await agent.client.call('requestAdjustment', { params: { memberId }, body: { points: 300, reason: 'missing receipt 4711' } });
    expect(credit).toMatchObject({ memberId, points: 300, status: 'APPLIED', requestedById: agent.id, decidedById: null });
    const db = server.database.prisma;
    const lot = await db.pointsLot.findFirstOrThrow({ where: { memberId, source: 'ADJUST' } });
    expect(lot.earned).toBe(300);
    expect((await agent.client.call('memberPoints', { params: { memberId } })).spendable).toBe(300);
    const entries = await db.ledgerEntry.findMany({ where: { eventKey: `adjustment:${credit.id}` }, orderBy: { account: 'asc' } });
    expect(entries.map((e) => [e.account, e.kind, e.points])).toEqual([
      ['member', 'ADJUST', 300],
      ['system:adjusted', 'ADJUST', -300],
    ]);

    const debit = await agent.client.call('requestAdjustment', { params: { memberId }, body: { points: -120, reason: 'duplicate credit' } });
    expect(debit.status).toBe('APPLIED');
    expect(await memberPoints(server, memberId)).toEqual({ balance: 180, held: 0 });
    expect((await db.pointsLot.findUniqueOrThrow({ where: { id: lot.id } })).consumed).toBe(120);
    const audit = await admin1.client.call('listAudit', { query: { entityType: 'member', entityId: memberId } });
    expect(audit.items.map((a) => a.action)).toEqual(['points.adjust', 'points.adjust']);
    expect(await db.outboxEvent.count({ where: { aggregateId: memberId, type: 'points.changed' } })).toBe(2);
  });

  it('refuses to take more than is available, writing nothing', async () => {
    const memberId = await createMember(server);
    await seedLot(server, { memberId, points: 50 });
    const before = await server.database.prisma.pointsAdjustment.count();
    await expect(
      agent.client.call('requestAdjustment', { params: { memberId }, body: { points: -51, reason: 'too much' } }),
    ).rejects.toMatchObject({ status: 409, code: 'INSUFFICIENT_POINTS' });
    expect(await server.database.prisma.pointsAdjustment.count()).toBe(before);
    expect(await memberPoints(server, memberId)).toEqual({ balance: 50, held: 0 });
  });

  it('above the threshold waits for a second admin: never the requester', async () => {
    const memberId = await createMember(server);
    const pending = await admin1.client.call('requestAdjustment', { params: { memberId }, body: { points: 5000, reason: 'migration fix' } });
    expect(pending).toMatchObject({ status: 'PENDING', decidedById: null, decidedAt: null });
    expect(await memberPoints(server, memberId)).toEqual({ balance: 0, held: 0 });
    const queue = await agent.client.call('listAdjustments', { query: { status: 'PENDING' } });
    expect(queue.items.map((a) => a.id)).toContain(pending.id);

    await expect(admin1.client.call('approveAdjustment', { params: { adjustmentId: pending.id } })).rejects.toMatchObject({
      status: 422,
      code: 'APPROVAL_REQUIRED',
    });
    await expect(agent.client.call('approveAdjustment', { params: { adjustmentId: pending.id } })).rejects.toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(await memberPoints(server, memberId)).toEqual({ balance: 0, held: 0 });

    const approved = await admin2.client.call('approveAdjustment', { params: { adjustmentId: pending.id } });
    expect(approved).toMatchObject({ status: 'APPLIED', decidedById: admin2.id, requestedById: admin1.id });
    expect(approved.decidedAt).not.toBeNull();
    expect(await memberPoints(server, memberId)).toEqual({ balance: 5000, held: 0 });
    await expect(admin2.client.call('approveAdjustment', { params: { adjustmentId: pending.id } })).rejects.toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
    expect((await agent.client.call('listAdjustments', { query: { status: 'PENDING' } })).items.map((a) => a.id)).not.toContain(pending.id);
    const audit = await admin1.client.call('listAudit', { query: { entityType: 'member', entityId: memberId } });
    expect(audit.items.map((a) => a.action)).toEqual(['points.adjust.approve', 'points.adjust.request']);
  });

  it('a rejected adjustment changes nothing; the requester cannot reject their own either', async () => {
    const memberId = await createMember(server);
    const pending = await agent.client.call('requestAdjustment', { params: { memberId }, body: { points: -2000, reason: 'fraud suspicion' } });
    expect(pending.status).toBe('PENDING');
    await expect(admin1.client.call('rejectAdjustment', { params: { adjustmentId: randomUUID() } })).rejects.toMatchObject({ status: 404 });
    const rejected = await admin1.client.call('rejectAdjustment', { params: { adjustmentId: pending.id } });
    expect(rejected).toMatchObject({ status: 'REJECTED', decidedById: admin1.id });
    expect(await memberPoints(server, memberId)).toEqual({ balance: 0, held: 0 });
    expect(await server.database.prisma.ledgerEntry.count({ where: { eventKey: `adjustment:${pending.id}` } })).toBe(0);

    const own = await admin2.client.call('requestAdjustment', { params: { memberId }, body: { points: 4000, reason: 'promo' } });
    await expect(admin2.client.call('rejectAdjustment', { params: { adjustmentId: own.id } })).rejects.toMatchObject({ code: 'APPROVAL_REQUIRED' });
  });

  it('validates input and roles', async () => {
    const memberId = await createMember(server);
    await expect(agent.client.call('requestAdjustment', { params: { memberId }, body: { points: 0, reason: 'nothing' } })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'points', message: expect.any(String) }],
    });
    await expect(agent.client.call('requestAdjustment', { params: { memberId }, body: { points: 1.5, reason: 'half' } })).rejects.toMatchObject({
      status: 400,
    });
    await expect(marketer.call('requestAdjustment', { params: { memberId }, body: { points: 10, reason: 'gift' } })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      agent.client.call('requestAdjustment', { params: { memberId: randomUUID() }, body: { points: 10, reason: 'gift' } }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
