import type { KulupClient, TReceiptRequest } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import type { TestServer } from '../support/test-server';
import { baseRule, counts, daysAgo, givePoints, key, ledgerState, line, newMember, receipt, rejected, pointsWorld } from './receipts.fixtures';
import type { Pos } from './receipts.fixtures';

const DAY_MS = 86_400_000;

describe.each(testDatabases())('POS receipts on %s', (kind) => {
  let server: TestServer;
  let admin: KulupClient;
  let marketer: KulupClient;
  let agent: KulupClient;
  let pos: Pos;
  let otherPos: Pos;
  // A store of its own, so the extra rules created here do not change what other tests earn.
  let promoPos: Pos;

  beforeAll(async () => {
    ({ server, admin, marketer, agent, pos } = await pointsWorld(kind));
    otherPos = await server.terminal('POS');
    promoPos = await server.terminal('POS');
    await baseRule(marketer);
  });
  afterAll(() => server?.close());

  const book = (body: TReceiptRequest, terminal: Pos = pos, idempotencyKey = key()) =>
    terminal.client.call('bookReceipt', { body, idempotencyKey });
  const hold = (memberId: string, points: number, terminal: Pos = pos) =>
    terminal.client.call('createHold', { body: { memberId, points }, idempotencyKey: key() });

  it('books a receipt, earns by the rules and answers a per-rule breakdown that adds up', async () => {
    await marketer.call('createEarningRule', {
      body: {
        name: 'Manav 2x',
        priority: 5,
        effect: { kind: 'multiplier', multiplier: 2, match: { categories: ['produce'] } },
        storeIds: [promoPos.storeId],
      },
    });
    const { memberId } = await newMember(agent);
    const body = receipt(
      [line(1, 1000, { quantity: 2 }), line(2, 1500, { category: 'produce', sku: 'DOMATES', brand: 'Tarla' })],
      { memberId, cashierRef: 'K-17' },
    );
    const booked = await book(body, promoPos);

    expect(booked).toMatchObject({ externalRef: body.externalRef, status: 'FINAL', memberId, pointsEarned: 50, pointsRedeemed: 0 });
    expect(booked.breakdown.map((b) => [b.ruleName, b.kind, b.points, b.lines])).toEqual([
      ['Temel puan', 'base', 35, [1, 2]],
      ['Manav 2x', 'multiplier', 15, [2]],
    ]);
    expect(booked.lines).toEqual([
      { lineNo: 1, points: 20 },
      { lineNo: 2, points: 30 },
    ]);
    // Earned points wait out the 14-day return window.
    expect(booked.balance).toEqual({ points: 50, spendable: 0, pending: 50, held: 0 });
    expect(new Date(booked.pointsAvailableAt!).getTime()).toBe(new Date(body.occurredAt).getTime() + 14 * DAY_MS);

    const p = server.database.prisma;
    const lines = await p.receiptLine.findMany({ where: { receiptId: booked.receiptId }, orderBy: { lineNo: 'asc' } });
    expect(lines.map((l) => [l.lineNo, l.netKurus, l.pointsEarned])).toEqual([
      [1, 2000, 20],
      [2, 1500, 30],
    ]);
    const entries = await p.ledgerEntry.findMany({ where: { receiptId: booked.receiptId } });
    expect(entries.map((e) => [e.kind, e.account, e.points, e.eventKey]).sort()).toEqual([
      ['EARN', 'member', 50, `receipt:${booked.receiptId}:earn`],
      ['EARN', 'system:issued', -50, `receipt:${booked.receiptId}:earn`],
    ]);
    const lot = await p.pointsLot.findFirstOrThrow({ where: { receiptId: booked.receiptId } });
    expect(lot).toMatchObject({ memberId, source: 'EARN', earned: 50, consumed: 0, held: 0 });
    expect(lot.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 700 * DAY_MS);
    const events = await p.outboxEvent.findMany({ where: { aggregateId: { in: [booked.receiptId, memberId] } } });
    expect(events.map((e) => e.type).sort()).toEqual(['points.changed', 'receipt.booked']);
    const audit = await admin.call('listAudit', { query: { entityType: 'receipt', entityId: booked.receiptId } });
    expect(audit.items[0]).toMatchObject({ action: 'receipt.book', actorType: 'TERMINAL', terminalId: promoPos.terminalId });

    const detail = await admin.call('getReceipt', { params: { receiptId: booked.receiptId } });
    expect(detail).toMatchObject({ storeId: promoPos.storeId, cashierRef: 'K-17', total: 3500, pointsEarned: 50 });
    expect(detail.breakdown.map((b) => b.points)).toEqual([35, 15]);
    expect(detail.lines[1]).toMatchObject({ sku: 'DOMATES', brand: 'Tarla', category: 'produce', pointsEarned: 30 });
    expect(detail.payments).toEqual([{ method: 'card', amount: 3500, points: null }]);
  });

  it('earns nothing on reward and discount lines, and spreads a basket coupon over the paid lines', async () => {
    const { memberId } = await newMember(agent);
    const booked = await book(
      receipt(
        [
          line(1, 2000),
          line(2, 1000, { sku: 'FREE-COFFEE', isReward: true, lineDiscount: 1000 }),
          line(3, -500, { sku: 'COUPON-5TL', category: 'coupon', isReward: true }),
        ],
        { memberId },
      ),
    );
    expect(booked.pointsEarned).toBe(15); // 20 TRY of goods less a 5 TRY coupon
    expect(booked.lines).toEqual([
      { lineNo: 1, points: 15 },
      { lineNo: 2, points: 0 },
      { lineNo: 3, points: 0 },
    ]);
  });

  it('earns nothing on the share paid with points: capture, earning and release of the rest in one booking', async () => {
    const { memberId } = await newMember(agent);
    await givePoints(pos, memberId, 1500);
    const h = await hold(memberId, 1200);
    expect(h).toMatchObject({ status: 'OPEN', points: 1200, valueKurus: 1200, spendableAfter: 300 });

    // 20 TRY basket: 10 TRY in points, 10 TRY by card → only the card half earns.
    const half = await book(receipt([line(1, 2000)], { memberId, pointsTender: { points: 1000, holdId: h.holdId } }));
    expect(half).toMatchObject({ pointsEarned: 10, pointsRedeemed: 1000, redeemedKurus: 1000 });
    // 1500 + 10 pending − 1000; the 200 held but not tendered went back.
    expect(half.balance).toEqual({ points: 510, spendable: 500, pending: 10, held: 0 });
    const captured = await server.database.prisma.pointsHold.findUniqueOrThrow({ where: { id: h.holdId } });
    expect(captured).toMatchObject({ status: 'CAPTURED', capturedPoints: 1000, receiptId: half.receiptId });

    const h2 = await hold(memberId, 500);
    const all = await book(receipt([line(1, 500)], { memberId, pointsTender: { points: 500, holdId: h2.holdId } }));
    expect(all).toMatchObject({ pointsEarned: 0, pointsRedeemed: 500, breakdown: [] });

    const state = await ledgerState(server, memberId);
    expect(state.memberSum).toBe(state.balance);
    expect(state.balance).toBe(10);
    expect(state.allSum).toBe(0);
    const redeem = await server.database.prisma.ledgerEntry.findMany({ where: { holdId: h.holdId } });
    expect(redeem.map((e) => [e.kind, e.account, e.points, e.eventKey]).sort()).toEqual([
      ['REDEEM', 'member', -1000, `hold:${h.holdId}:capture`],
      ['REDEEM', 'system:redeemed', 1000, `hold:${h.holdId}:capture`],
    ]);
  });

  it('earns nothing on a VOIDED receipt and gives its hold back', async () => {
    const { memberId } = await newMember(agent);
    await givePoints(pos, memberId, 400);
    const h = await hold(memberId, 300);
    const before = await ledgerState(server, memberId);
    const voided = await book(
      receipt([line(1, 2500)], { memberId, status: 'VOIDED', pointsTender: { points: 300, holdId: h.holdId } }),
    );
    expect(voided).toMatchObject({ status: 'VOIDED', pointsEarned: 0, pointsRedeemed: 0, tier: null });
    expect(voided.balance).toEqual({ points: 400, spendable: 400, pending: 0, held: 0 });
    const released = await server.database.prisma.pointsHold.findUniqueOrThrow({ where: { id: h.holdId } });
    expect(released).toMatchObject({ status: 'RELEASED', capturedPoints: 0, receiptId: voided.receiptId });
    const after = await ledgerState(server, memberId);
    expect(after.memberSum).toBe(before.memberSum);
    const stored = await server.database.prisma.receipt.findUniqueOrThrow({ where: { id: voided.receiptId } });
    expect(stored).toMatchObject({ status: 'VOIDED', pointsEarned: 0 });
  });

  it('keeps anonymous sales for basket analysis without points', async () => {
    const booked = await book(receipt([line(1, 999, { quantity: 3 })]));
    expect(booked).toMatchObject({ memberId: null, pointsEarned: 0, balance: null, tier: null, breakdown: [] });
    const stored = await server.database.prisma.receipt.findUniqueOrThrow({ where: { id: booked.receiptId }, include: { lines: true } });
    expect(stored.memberId).toBeNull();
    expect(stored.lines).toHaveLength(1);
    expect(await server.database.prisma.ledgerEntry.count({ where: { receiptId: booked.receiptId } })).toBe(0);
  });

  it("books an erased member's sale as anonymous; a member whose cards are blocked still earns", async () => {
    const erased = await newMember(agent);
    await admin.call('eraseMember', { params: { memberId: erased.memberId } });
    const anon = await book(receipt([line(1, 5000)], { memberId: erased.memberId }));
    expect(anon).toMatchObject({ memberId: null, pointsEarned: 0 });

    const blocked = await newMember(agent);
    await agent.call('blockCard', { params: { cardId: blocked.cardId }, body: { status: 'LOST', reason: 'lost at the market' } });
    const earned = await book(receipt([line(1, 5000)], { memberId: blocked.memberId }));
    expect(earned).toMatchObject({ memberId: blocked.memberId, pointsEarned: 50 });
  });

  it('simulates a receipt without writing anything', async () => {
    const { memberId } = await newMember(agent);
    await givePoints(pos, memberId, 700);
    const body = receipt([line(1, 1000, { quantity: 2 }), line(2, 1500, { category: 'produce' })], { memberId });
    const before = await counts(server);
    const sim = await promoPos.client.call('simulateReceipt', { body });
    expect(await counts(server)).toEqual(before);
    expect(sim).toMatchObject({ memberId, pointsEarned: 50, pointsRedeemed: 0, maxRedeemablePoints: 700, maxRedeemableKurus: 700 });
    expect(sim.breakdown.map((b) => [b.ruleName, b.points])).toEqual([
      ['Temel puan', 35],
      ['Manav 2x', 15],
    ]);
    // The basket caps what can be spent on it.
    const small = await pos.client.call('simulateReceipt', { body: receipt([line(1, 250)], { memberId }) });
    expect(small.maxRedeemablePoints).toBe(250);
    // What simulate said is what booking does.
    const booked = await book(body, promoPos);
    expect(booked.breakdown).toEqual(sim.breakdown);
    const anonymous = await pos.client.call('simulateReceipt', { body: receipt([line(1, 250)]) });
    expect(anonymous).toMatchObject({ memberId: null, pointsEarned: 0, maxRedeemablePoints: 0, balance: null });
  });

  it('replays the first response for the same key and body, refuses another body, and requires a key', async () => {
    const { memberId } = await newMember(agent);
    const body = receipt([line(1, 4200)], { memberId });
    const k = key();
    const send = (b: unknown, headers: Record<string, string> = { 'idempotency-key': k }) =>
      server.raw('/api/v1/terminal/receipts', {
        method: 'POST',
        token: pos.token,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(b),
      });
    const first = await send(body);
    expect(first.status).toBe(201);
    const before = await counts(server);
    const again = await server.raw('/api/v1/terminal/receipts', {
      method: 'POST',
      token: pos.token,
      headers: { 'content-type': 'application/json', 'idempotency-key': k },
      // Same content, other key order: still the same request.
      body: JSON.stringify(Object.fromEntries(Object.entries(body).reverse())),
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const replayed = await fetch(new URL('/api/v1/terminal/receipts', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${pos.token}`, 'content-type': 'application/json', 'idempotency-key': k },
      body: JSON.stringify(body),
    });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(await replayed.json()).toEqual(first.body);
    expect(await counts(server)).toEqual(before);
    expect(await server.database.prisma.receipt.count({ where: { externalRef: body.externalRef } })).toBe(1);

    const reused = await send({ ...body, cashierRef: 'K-99' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const missing = await send(receipt([line(1, 100)], { memberId }), {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('IDEMPOTENCY_KEY_MISSING');
    expect(await counts(server)).toEqual(before);
  });

  describe('refuses bad input with a clear 4xx and writes nothing', () => {
    let memberId: string;
    let otherMemberId: string;
    beforeAll(async () => {
      memberId = (await newMember(agent)).memberId;
      otherMemberId = (await newMember(agent)).memberId;
      await givePoints(pos, memberId, 1000);
      await givePoints(pos, otherMemberId, 1000);
    });

    const expectRefused = async (
      body: unknown,
      expected: { status: number; code: string; path?: string },
      terminal: Pos = pos,
    ) => {
      const before = await counts(server);
      const error = await rejected(terminal.client.call('bookReceipt', { body: body as TReceiptRequest, idempotencyKey: key() }));
      expect({ status: error.status, code: error.code }).toEqual({ status: expected.status, code: expected.code });
      if (expected.path) expect(error.fields.map((f) => f.path)).toContain(expected.path);
      expect(await counts(server)).toEqual(before);
      return error;
    };

    it('malformed values → 400 VALIDATION_FAILED with field paths', async () => {
      await expectRefused(receipt([line(1, 1000, { quantity: -2 })], { memberId }), { status: 400, code: 'VALIDATION_FAILED', path: 'lines.0.quantity' });
      await expectRefused(receipt([line(1, 1000, { quantity: 1.5 })], { memberId }), { status: 400, code: 'VALIDATION_FAILED', path: 'lines.0.quantity' });
      // Only reward/discount lines may have a negative price.
      const negative = receipt([line(1, 3000), line(2, -500)], { memberId });
      await expectRefused(negative, { status: 400, code: 'VALIDATION_FAILED', path: 'lines.1.unitPrice' });
      await expectRefused({ ...receipt([line(1, 1000)]), lines: [] }, { status: 400, code: 'VALIDATION_FAILED', path: 'lines' });
      await expectRefused({ ...receipt([line(1, 1000)]), surprise: 1 }, { status: 400, code: 'VALIDATION_FAILED', path: 'surprise' });
      const future = new Date(Date.now() + DAY_MS).toISOString();
      await expectRefused(receipt([line(1, 1000)], { occurredAt: future }), { status: 400, code: 'VALIDATION_FAILED', path: 'occurredAt' });
    });

    it('receipts that do not add up → 422 RECEIPT_INVALID naming the field', async () => {
      await expectRefused({ ...receipt([line(1, 1000, { quantity: 2 })], { memberId }), total: 1900, payments: [{ method: 'card', amount: 1900 }] }, {
        status: 422,
        code: 'RECEIPT_INVALID',
        path: 'total',
      });
      await expectRefused({ ...receipt([line(1, 1000)], { memberId }), payments: [{ method: 'cash', amount: 900 }] }, {
        status: 422,
        code: 'RECEIPT_INVALID',
        path: 'payments',
      });
      await expectRefused({ ...receipt([line(1, 1000)], { memberId }), lines: [line(1, 1000, { lineDiscount: 1200 })] }, {
        status: 422,
        code: 'RECEIPT_INVALID',
        path: 'lines.0.lineDiscount',
      });
      await expectRefused(receipt([line(1, 1000), line(1, 500)], { memberId }), { status: 422, code: 'RECEIPT_INVALID', path: 'lines.1.lineNo' });
    });

    it('unknown member → 422 UNKNOWN_REFERENCE at memberId', async () => {
      await expectRefused(receipt([line(1, 1000)], { memberId: '01900000-0000-7000-8000-000000000000' }), {
        status: 422,
        code: 'UNKNOWN_REFERENCE',
        path: 'memberId',
      });
    });

    it('points tenders: wrong rate, no member, another member’s or terminal’s hold, over the hold, expired, already captured', async () => {
      const h = await hold(memberId, 300);
      const foreign = await hold(otherMemberId, 300);
      const elsewhere = await hold(memberId, 100, otherPos);
      const tender = (points: number, holdId: string, amount = points) => ({
        ...receipt([line(1, 1000)], { memberId }),
        payments: [
          { method: 'points' as const, amount, points, holdId },
          ...(1000 - amount > 0 ? [{ method: 'card' as const, amount: 1000 - amount }] : []),
        ],
      });
      await expectRefused(tender(300, h.holdId, 600), { status: 422, code: 'RECEIPT_INVALID', path: 'payments.0.amount' });
      await expectRefused({ ...tender(300, h.holdId), memberId: undefined }, { status: 422, code: 'RECEIPT_INVALID', path: 'payments.0.holdId' });
      await expectRefused(tender(300, foreign.holdId), { status: 422, code: 'UNKNOWN_REFERENCE', path: 'payments.0.holdId' });
      await expectRefused(tender(100, elsewhere.holdId), { status: 422, code: 'UNKNOWN_REFERENCE', path: 'payments.0.holdId' });
      await expectRefused(tender(400, h.holdId), { status: 422, code: 'RECEIPT_INVALID', path: 'payments.0.points' });

      // Past its expiry the hold cannot be captured, even before the release job has run.
      await server.database.prisma.pointsHold.update({ where: { id: h.holdId }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await expectRefused(tender(300, h.holdId), { status: 410, code: 'HOLD_EXPIRED', path: 'payments.0.holdId' });
      const still = await server.database.prisma.pointsHold.findUniqueOrThrow({ where: { id: h.holdId } });
      expect(still.status).toBe('OPEN');

      const fresh = await hold(memberId, 200);
      await book(tender(200, fresh.holdId));
      await expectRefused(tender(200, fresh.holdId), { status: 409, code: 'HOLD_NOT_OPEN', path: 'payments.0.holdId' });
    });

    it('a receipt number this terminal already booked → 409 CONFLICT', async () => {
      const body = receipt([line(1, 1000)], { memberId });
      await book(body);
      await expectRefused(body, { status: 409, code: 'CONFLICT', path: 'externalRef' });
      // Receipt numbers are per terminal.
      await expect(book(body, otherPos)).resolves.toMatchObject({ externalRef: body.externalRef });
    });
  });

  it('shows receipts to staff only and answers RECEIPT_NOT_FOUND for unknown ids', async () => {
    const error = await rejected(admin.call('getReceipt', { params: { receiptId: '01900000-0000-7000-8000-000000000000' } }));
    expect([error.status, error.code]).toEqual([404, 'RECEIPT_NOT_FOUND']);
    const booked = await book(receipt([line(1, 100)]));
    const forbidden = await rejected(pos.client.call('getReceipt', { params: { receiptId: booked.receiptId } }));
    expect(forbidden.status).toBe(403);
    const kiosk = await server.terminal('KIOSK');
    const kioskBook = await rejected(kiosk.client.call('bookReceipt', { body: receipt([line(1, 100)]), idempotencyKey: key() }));
    expect(kioskBook.status).toBe(403);
  });

  if (kind === 'postgres') {
    it('20 concurrent replays of one key book one receipt and answer identical bodies (PostgreSQL)', async () => {
      const { memberId } = await newMember(agent);
      const body = receipt([line(1, 3300)], { memberId, occurredAt: daysAgo(0) });
      const k = key();
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          server.raw('/api/v1/terminal/receipts', {
            method: 'POST',
            token: pos.token,
            headers: { 'content-type': 'application/json', 'idempotency-key': k },
            body: JSON.stringify(body),
          }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const ok = results.filter((r) => r.status === 201);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect(await server.database.prisma.receipt.count({ where: { externalRef: body.externalRef } })).toBe(1);
      const state = await ledgerState(server, memberId);
      expect(state.balance).toBe(33);
      expect(state.memberSum).toBe(33);
      await expectLedgerConsistent(server);
    });
  }

  it('leaves every ledger invariant intact (balance = Σ entries, Σ all = 0, lots, holds)', async () => {
    await expectLedgerConsistent(server);
  });
});
