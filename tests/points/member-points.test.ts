import { randomUUID } from 'node:crypto';

import type { KulupClient } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { days, seedLot, seedReceipt, spendPoints } from './support/ledger-fixtures';

describe.each(testDatabases())('member points view on %s', (kind) => {
  let server: TestServer;
  let admin: KulupClient;
  let agent: KulupClient;
  let memberId: string;
  let cardNumber: string;
  let receiptId: string;
  let soonExpiry: Date;

  beforeAll(async () => {
    server = await startTestServer(kind);
    admin = (await server.staff('ADMIN')).client;
    agent = (await server.staff('AGENT')).client;
    const pos = await server.terminal('POS');
    await admin.call('replaceTiers', {
      body: {
        tiers: [
          { code: 'CLASSIC', name: 'Classic', rank: 0 },
          { code: 'GOLD', name: 'Gold', rank: 1, minSpend: 100_000, minPoints: 500, multiplier: 1.5 },
        ],
      },
    });
    const member = await admin.call('createMember', { body: { firstName: 'Elif', lastName: 'Yıldız' } });
    memberId = member.id;
    cardNumber = (await admin.call('issueCard', { params: { memberId }, body: { kind: 'PRINTED' } })).number;

    soonExpiry = days(10);
    await seedLot(server, { memberId, points: 100, expiresAt: soonExpiry });
    await seedLot(server, { memberId, points: 60, expiresAt: days(200) });
    await spendPoints(server, memberId, 30); // FIFO: from the lot expiring first
    await pos.client.call('createHold', { body: { memberId, points: 20 }, idempotencyKey: `hold-${randomUUID()}` });
    ({ receiptId } = await seedReceipt(server, {
      memberId,
      terminalId: pos.terminalId,
      storeId: pos.storeId,
      lines: [{ quantity: 1, unitPrice: 20_000, points: 40 }],
    }));
  });
  afterAll(async () => {
    if (server) await expectLedgerConsistent(server);
    await server?.close();
  });

  it('shows balance, spendable, pending, held, expiring soon and tier progress', async () => {
    const view = await agent.call('memberPoints', { params: { memberId } });
    expect(view).toMatchObject({
      memberId,
      balance: 170,
      held: 20,
      pending: 40,
      spendable: 110,
      debt: 0,
      // The soon-expiring lot has 100 − 30 spent − 20 held = 50 left; held points wait for their hold.
      expiringSoon: { points: 50, earliestAt: soonExpiry.toISOString(), withinDays: 30 },
      tier: {
        code: 'CLASSIC',
        name: 'Classic',
        graceUntil: null,
        // Spend 20,000 of 100,000 (20%) is further along than points 40 of 500 (8%).
        next: { tierCode: 'GOLD', tierName: 'Gold', metric: 'spend', remaining: 80_000, percent: 20 },
      },
    });
  });

  it('lists the history newest first, page by page', async () => {
    const first = await agent.call('memberPoints', { params: { memberId }, query: { limit: 3 } });
    expect(first.history.items.map((e) => [e.kind, e.points])).toEqual([
      ['EARN', 40],
      ['REDEEM', -30],
      ['IMPORT', 60],
    ]);
    expect(first.history.items[0]!.receiptId).toBe(receiptId);
    expect(first.history.nextCursor).not.toBeNull();
    const second = await agent.call('memberPoints', { params: { memberId }, query: { limit: 3, cursor: first.history.nextCursor! } });
    expect(second.history.items.map((e) => [e.kind, e.points])).toEqual([['IMPORT', 100]]);
    expect(second.history.nextCursor).toBeNull();
  });

  it('shows a kiosk member their own points without purchase details, and nothing else', async () => {
    const kiosk = await server.terminal('KIOSK');
    const identified = await kiosk.client.call('identifyCard', { body: { cardNumber } });
    const session = server.client(identified.memberSession!.token);
    const mine = await session.call('myPoints', {});
    expect(mine).toMatchObject({ memberId, balance: 170, spendable: 110, pending: 40, held: 20 });
    expect(mine.history.items.map((e) => e.receiptId)).toEqual([null, null, null, null]);
    await expect(session.call('memberPoints', { params: { memberId } })).rejects.toMatchObject({ status: 403 });
    await expect(agent.call('myPoints', {})).rejects.toMatchObject({ status: 403 });
  });

  it('answers 404 for an unknown member and 400 for a bad cursor', async () => {
    await expect(agent.call('memberPoints', { params: { memberId: randomUUID() } })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const bad = await server.raw(`/api/v1/members/${memberId}/points?cursor=abc`, { token: (await server.staff('MARKETER')).token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('query.cursor');
  });
});
