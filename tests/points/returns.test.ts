import { randomUUID } from 'node:crypto';

import { ApiError } from '@kulup/contracts';
import type { KulupClient, TReturnRequest } from '@kulup/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { createMember, days, memberPoints, seedLot, seedReceipt, setProgram, spendPoints } from './support/ledger-fixtures';

describe.each(testDatabases())('returns on %s', (kind) => {
  let server: TestServer;
  let pos: { client: KulupClient; terminalId: string; storeId: string; token: string };
  let admin: KulupClient;

  beforeAll(async () => {
    server = await startTestServer(kind);
    pos = await server.terminal('POS');
    admin = (await server.staff('ADMIN')).client;
  });
  afterAll(async () => {
    if (server) await expectLedgerConsistent(server);
    await server?.close();
  });
  beforeEach(() => setProgram(server, { returnPolicy: 'within_balance' }));

  const ret = (body: TReturnRequest, key = `ret-${randomUUID()}`) => pos.client.call('bookReturn', { body, idempotencyKey: key });
  const ref = () => `RT-${randomUUID().slice(0, 8)}`;
  const receiptFor = (memberId: string | null, lines: { quantity: number; unitPrice: number; points: number }[], extra = {}) =>
    seedReceipt(server, { memberId, terminalId: pos.terminalId, storeId: pos.storeId, lines, ...extra });

  it('partial then full return reverses exactly what was earned, once per idempotency key', async () => {
    const memberId = await createMember(server);
    const { receiptId } = await receiptFor(memberId, [
      { quantity: 3, unitPrice: 1000, points: 10 },
      { quantity: 1, unitPrice: 2500, points: 7 },
    ]);
    expect(await memberPoints(server, memberId)).toEqual({ balance: 17, held: 0 });

    const key = `ret-${randomUUID()}`;
    const body = { originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] };
    const first = await ret(body, key);
    // floor(10 × 1/3): a partial return never takes more than its share.
    expect(first).toMatchObject({ pointsReversed: 3, pointsWaived: 0, pointsRefunded: 0, refundKurus: 1000, balance: 14 });
    expect(first.lines).toEqual([{ lineNo: 1, quantity: 1, points: 3 }]);

    // Replay with the same key: the first answer, nothing booked twice.
    const replay = await server.raw('/api/v1/terminal/returns', {
      method: 'POST',
      token: pos.token,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first);
    expect(await memberPoints(server, memberId)).toEqual({ balance: 14, held: 0 });

    const rest = await ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 2, quantity: 1 }, { lineNo: 1, quantity: 2 }] });
    expect(rest.lines).toEqual([{ lineNo: 2, quantity: 1, points: 7 }, { lineNo: 1, quantity: 2, points: 7 }]);
    expect(rest).toMatchObject({ pointsReversed: 14, balance: 0, refundKurus: 4500 });

    const db = server.database.prisma;
    const lines = await db.receiptLine.findMany({ where: { receiptId }, orderBy: { lineNo: 'asc' } });
    expect(lines.map((l) => [l.returnedQuantity, l.pointsReversed, l.pointsEarned])).toEqual([[3, 10, 10], [1, 7, 7]]);
    const entries = await db.ledgerEntry.findMany({ where: { receiptId, kind: 'REVERSE', account: 'member' }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.eventKey, e.points])).toEqual([
      [`return:${first.returnId}:reverse`, -3],
      [`return:${rest.returnId}:reverse`, -14],
    ]);
    expect(await db.receiptReturn.count({ where: { receiptId } })).toBe(2);
    const events = await db.outboxEvent.findMany({ where: { aggregateId: receiptId, type: 'receipt.returned' } });
    expect(events).toHaveLength(2);
    expect(await db.outboxEvent.count({ where: { aggregateId: memberId, type: 'points.changed' } })).toBe(2);
    const audit = await admin.call('listAudit', { query: { entityType: 'receipt', entityId: receiptId } });
    expect(audit.items.map((a) => a.action)).toEqual(['receipt.return', 'receipt.return']);

    // Everything is back: one more unit is more than was bought.
    await expect(ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] })).rejects.toMatchObject({
      status: 422,
      code: 'RETURN_EXCEEDS_PURCHASE',
      fields: [{ path: 'lines.0.quantity', message: expect.any(String) }],
    });
  });

  it("pending_only: takes from pending lots only (the receipt's own first) and waives the rest", async () => {
    await setProgram(server, { returnPolicy: 'pending_only' });
    const memberId = await createMember(server);
    // Earned 100, long available, 80 of it spent; another receipt's 30 points still pending.
    const { receiptId } = await receiptFor(memberId, [{ quantity: 2, unitPrice: 5000, points: 100 }], { at: days(-40), availableAt: days(-26) });
    await spendPoints(server, memberId, 80);
    await receiptFor(memberId, [{ quantity: 1, unitPrice: 3000, points: 30 }]);
    expect(await memberPoints(server, memberId)).toEqual({ balance: 50, held: 0 });

    const r = await ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 2 }] });
    expect(r).toMatchObject({ pointsReversed: 30, pointsWaived: 70, balance: 20 });
    const row = await server.database.prisma.receiptReturn.findUniqueOrThrow({ where: { id: r.returnId } });
    expect([row.pointsReversed, row.pointsWaived]).toEqual([30, 70]);
    // The line is settled in full (reversed or waived), so it can never be reversed again.
    const line = await server.database.prisma.receiptLine.findFirstOrThrow({ where: { receiptId } });
    expect([line.returnedQuantity, line.pointsReversed]).toEqual([2, 100]);
  });

  it('within_balance: takes the available points, then waives the rest', async () => {
    const memberId = await createMember(server);
    const { receiptId } = await receiptFor(memberId, [{ quantity: 1, unitPrice: 10000, points: 100 }], { at: days(-40), availableAt: days(-26) });
    await spendPoints(server, memberId, 80);
    const r = await ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] });
    expect(r).toMatchObject({ pointsReversed: 20, pointsWaived: 80, balance: 0 });
    const row = await server.database.prisma.receiptReturn.findUniqueOrThrow({ where: { id: r.returnId } });
    expect(row.pointsWaived).toBe(80);
  });

  it('allow_negative: the balance goes negative, blocks holds, and the next points repay the debt first', async () => {
    await setProgram(server, { returnPolicy: 'allow_negative' });
    const member = await admin.call('createMember', { body: { firstName: 'Deniz', lastName: 'Borçlu' } });
    await admin.call('issueCard', { params: { memberId: member.id }, body: { kind: 'PRINTED' } });
    const { receiptId } = await receiptFor(member.id, [{ quantity: 1, unitPrice: 10000, points: 100 }], { at: days(-40), availableAt: days(-26) });
    await spendPoints(server, member.id, 80);

    const r = await ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] });
    expect(r).toMatchObject({ pointsReversed: 100, pointsWaived: 0, balance: -80 });
    const view = await admin.call('memberPoints', { params: { memberId: member.id } });
    expect(view).toMatchObject({ balance: -80, spendable: 0, debt: 80, held: 0 });

    const hold = pos.client.call('createHold', { body: { memberId: member.id, points: 1 }, idempotencyKey: `hold-${randomUUID()}` });
    await expect(hold).rejects.toMatchObject({ status: 409, code: 'INSUFFICIENT_POINTS' });
    // The database refuses held points beside a negative balance whatever the code does.
    await expect(
      server.database.prisma.$executeRaw`UPDATE member SET points_held = 1 WHERE id = ${member.id}::uuid`,
    ).rejects.toThrow(/member_points_held_check/);

    // New points repay the debt first: 50 earned → still 30 in debt, nothing spendable.
    await seedLot(server, { memberId: member.id, points: 50 });
    expect(await admin.call('memberPoints', { params: { memberId: member.id } })).toMatchObject({ balance: -30, spendable: 0, debt: 30 });
    // A positive adjustment repays the rest, and only what is left is spendable.
    await admin.call('requestAdjustment', { params: { memberId: member.id }, body: { points: 100, reason: 'goodwill after complaint' } });
    expect(await admin.call('memberPoints', { params: { memberId: member.id } })).toMatchObject({ balance: 70, spendable: 70, debt: 0 });
    const held = await pos.client.call('createHold', { body: { memberId: member.id, points: 70 }, idempotencyKey: `hold-${randomUUID()}` });
    expect(held.status).toBe('OPEN');
    await pos.client.call('releaseHold', { params: { holdId: held.holdId }, idempotencyKey: `rel-${randomUUID()}` });
  });

  it('refunds points paid as tender proportionally, as a new lot spendable at once', async () => {
    const memberId = await createMember(server);
    await seedLot(server, { memberId, points: 1000 });
    // 10,000 kuruş, 500 of it paid with 500 points; 100 points earned (pending).
    const { receiptId } = await receiptFor(
      memberId,
      [
        { quantity: 2, unitPrice: 3000, points: 60 },
        { quantity: 1, unitPrice: 4000, points: 40 },
      ],
      { pointsTender: { points: 500, amount: 500 } },
    );
    expect(await memberPoints(server, memberId)).toEqual({ balance: 600, held: 0 });
    const before = await admin.call('memberPoints', { params: { memberId } });
    expect(before.spendable).toBe(500);

    const r = await ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] });
    expect(r).toMatchObject({ refundKurus: 3000, pointsRefunded: 150, pointsRefundValueKurus: 150, pointsReversed: 30, balance: 720 });
    const after = await admin.call('memberPoints', { params: { memberId } });
    expect(after.spendable).toBe(650);
    const db = server.database.prisma;
    const lot = await db.pointsLot.findFirstOrThrow({ where: { memberId, source: 'REFUND' } });
    expect(lot.earned).toBe(150);
    expect(lot.availableAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(lot.expiresAt!.getTime()).toBeGreaterThan(days(700).getTime());
    const refund = await db.ledgerEntry.findMany({ where: { eventKey: `return:${r.returnId}:refund` }, orderBy: { account: 'asc' } });
    expect(refund.map((e) => [e.account, e.kind, e.points])).toEqual([
      ['member', 'REFUND', 150],
      ['system:redeemed', 'REFUND', -150],
    ]);

    // The rest of the receipt: the refunds add up to exactly the tender.
    const rest = await ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }, { lineNo: 2, quantity: 1 }] });
    expect(rest).toMatchObject({ refundKurus: 7000, pointsRefunded: 350, pointsReversed: 70 });
    expect(await memberPoints(server, memberId)).toEqual({ balance: 1000, held: 0 });
  });

  it('refuses a return of more than was bought, an unknown line or receipt, and too large a refund — writing nothing', async () => {
    const memberId = await createMember(server);
    const { receiptId } = await receiptFor(memberId, [{ quantity: 2, unitPrice: 1000, points: 20 }]);
    const db = server.database.prisma;
    const counts = async () => ({
      returns: await db.receiptReturn.count(),
      entries: await db.ledgerEntry.count(),
      outbox: await db.outboxEvent.count(),
      keys: await db.idempotencyRecord.count(),
      line: await db.receiptLine.findFirstOrThrow({ where: { receiptId } }),
      balance: (await memberPoints(server, memberId)).balance,
    });
    const before = await counts();

    const tooMany = await server.raw('/api/v1/terminal/returns', {
      method: 'POST',
      token: pos.token,
      headers: { 'content-type': 'application/json', 'idempotency-key': `ret-${randomUUID()}` },
      body: JSON.stringify({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 3 }] }),
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatchObject({ code: 'RETURN_EXCEEDS_PURCHASE', fields: [{ path: 'lines.0.quantity' }] });

    await expect(ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 9, quantity: 1 }] })).rejects.toMatchObject({
      status: 422,
      code: 'UNKNOWN_REFERENCE',
      fields: [{ path: 'lines.0.lineNo', message: expect.any(String) }],
    });
    await expect(ret({ originalReceiptId: randomUUID(), externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] })).rejects.toMatchObject({
      status: 404,
      code: 'RECEIPT_NOT_FOUND',
    });
    await expect(
      ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }], refundKurus: 2001 }),
    ).rejects.toMatchObject({ status: 422, code: 'RETURN_EXCEEDS_PURCHASE', fields: [{ path: 'refundKurus' }] });
    await expect(ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [] })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await counts()).toEqual(before);
  });

  it('serialises concurrent returns of the same units: one succeeds, the other is refused', async () => {
    const memberId = await createMember(server);
    const { receiptId } = await receiptFor(memberId, [{ quantity: 1, unitPrice: 1000, points: 10 }]);
    const results = await Promise.allSettled([
      ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] }),
      ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'RETURN_EXCEEDS_PURCHASE' });
    expect(await memberPoints(server, memberId)).toEqual({ balance: 0, held: 0 });
  });

  it('answers CONFLICT for a second return with the same POS return number', async () => {
    const memberId = await createMember(server);
    const { receiptId } = await receiptFor(memberId, [{ quantity: 2, unitPrice: 1000, points: 20 }]);
    const externalRef = ref();
    await ret({ originalReceiptId: receiptId, externalRef, lines: [{ lineNo: 1, quantity: 1 }] });
    await expect(ret({ originalReceiptId: receiptId, externalRef, lines: [{ lineNo: 1, quantity: 1 }] })).rejects.toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it('returns goods of an anonymous receipt without touching points', async () => {
    const { receiptId } = await receiptFor(null, [{ quantity: 1, unitPrice: 999, points: 0 }]);
    const r = await ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] });
    expect(r).toMatchObject({ memberId: null, balance: null, pointsReversed: 0, pointsRefunded: 0, refundKurus: 999 });
  });

  it('re-evaluates the tier: a return that undoes the qualifying spend downgrades (policy requalify, no grace)', async () => {
    await setProgram(server, { downgradePolicy: 'requalify', tierGraceDays: 0 });
    await admin.call('replaceTiers', {
      body: { tiers: [{ code: 'CLASSIC', name: 'Classic', rank: 0 }, { code: 'GOLD', name: 'Gold', rank: 1, minSpend: 1_000_000 }] },
    });
    const memberId = await createMember(server);
    const db = server.database.prisma;
    await db.member.update({ where: { id: memberId }, data: { tierCode: 'GOLD', tierSince: days(-100) } });
    const { receiptId } = await receiptFor(memberId, [{ quantity: 2, unitPrice: 600_000, points: 1200 }], { at: days(-10) });
    await ret({ originalReceiptId: receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] });
    expect((await db.member.findUniqueOrThrow({ where: { id: memberId } })).tierCode).toBe('CLASSIC');
    const history = await db.tierHistory.findMany({ where: { memberId } });
    expect(history.map((h) => [h.fromCode, h.toCode])).toEqual([['GOLD', 'CLASSIC']]);
    expect(await db.outboxEvent.count({ where: { aggregateId: memberId, type: 'tier.changed' } })).toBe(1);
    await setProgram(server, { downgradePolicy: 'one_level', tierGraceDays: 30 });
  });

  it('end to end with the POS booking: earn, pay with points, return both receipts', async () => {
    await setProgram(server, { pendingDays: 0, returnPolicy: 'within_balance' });
    const marketer = (await server.staff('MARKETER')).client;
    await marketer.call('createEarningRule', {
      body: { name: '1 point per lira', effect: { kind: 'base', pointsPerTry: 1 }, storeIds: [pos.storeId] },
    });
    const member = await admin.call('createMember', { body: { firstName: 'Mert', lastName: 'Uçtan' } });
    await admin.call('issueCard', { params: { memberId: member.id }, body: { kind: 'PRINTED' } });
    const book = (body: Parameters<typeof pos.client.call<'bookReceipt'>>[1]['body']) =>
      pos.client.call('bookReceipt', { body, idempotencyKey: `rcp-${randomUUID()}` });
    const line = (lineNo: number, quantity: number, unitPrice: number) => ({ lineNo, sku: `S${lineNo}`, category: 'grocery', quantity, unitPrice });

    const first = await book({
      externalRef: ref(),
      occurredAt: new Date().toISOString(),
      memberId: member.id,
      lines: [line(1, 4, 2500), line(2, 1, 5000)],
      total: 15_000,
      payments: [{ method: 'card', amount: 15_000 }],
    });
    expect(first.pointsEarned).toBe(150);
    const hold = await pos.client.call('createHold', { body: { memberId: member.id, points: 100 }, idempotencyKey: `hold-${randomUUID()}` });
    const second = await book({
      externalRef: ref(),
      occurredAt: new Date().toISOString(),
      memberId: member.id,
      lines: [line(1, 1, 20_000)],
      total: 20_000,
      payments: [
        { method: 'points', amount: 100, points: 100, holdId: hold.holdId },
        { method: 'card', amount: 19_900 },
      ],
    });
    expect(second.pointsRedeemed).toBe(100);
    const earned2 = second.pointsEarned;
    const balance = 150 - 100 + earned2;
    expect(second.balance?.points).toBe(balance);

    const back = await ret({ originalReceiptId: second.receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] });
    expect(back).toMatchObject({ refundKurus: 20_000, pointsRefunded: 100, pointsReversed: earned2, pointsWaived: 0, balance: balance - earned2 + 100 });
    const partial = await ret({ originalReceiptId: first.receiptId, externalRef: ref(), lines: [{ lineNo: 1, quantity: 1 }] });
    expect(partial).toMatchObject({ refundKurus: 2500, pointsReversed: 25, balance: 150 - 25 });

    const detail = await admin.call('getReceipt', { params: { receiptId: first.receiptId } });
    expect(detail.lines.map((l) => [l.lineNo, l.returnedQuantity, l.pointsReversed])).toEqual([[1, 1, 25], [2, 0, 0]]);
    expect(await admin.call('memberPoints', { params: { memberId: member.id } })).toMatchObject({ balance: 125, spendable: 125, pending: 0 });
    await setProgram(server, { pendingDays: 14 });
  });

  it('is for POS terminals only', async () => {
    const kiosk = await server.terminal('KIOSK');
    const call = kiosk.client.call('bookReturn', {
      body: { originalReceiptId: randomUUID(), externalRef: 'X-1', lines: [{ lineNo: 1, quantity: 1 }] },
      idempotencyKey: `ret-${randomUUID()}`,
    });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await expect(call).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});
