import type { KulupClient } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { releaseExpiredHolds } from '../../packages/server/src/services/holds/release-expired-holds';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { baseRule, counts, givePoints, key, ledgerState, line, newMember, receipt, rejected } from './receipts.fixtures';
import type { Pos } from './receipts.fixtures';

const MINUTE_MS = 60_000;

describe.each(testDatabases())('POS redemption holds on %s', (kind) => {
  let server: TestServer;
  let admin: KulupClient;
  let agent: KulupClient;
  let pos: Pos;
  let otherPos: Pos;

  beforeAll(async () => {
    server = await startTestServer(kind);
    admin = (await server.staff('ADMIN')).client;
    agent = (await server.staff('AGENT')).client;
    pos = await server.terminal('POS');
    otherPos = await server.terminal('POS');
    await baseRule((await server.staff('MARKETER')).client);
    // Points are worth 5 kuruş each and holds last 10 minutes in this program.
    await admin.call('replaceProgramSettings', { body: { kurusPerPoint: 5, holdTtlMinutes: 10 } });
  });
  afterAll(() => server?.close());

  const hold = (memberId: string, points: number, terminal: Pos = pos, idempotencyKey = key()) =>
    terminal.client.call('createHold', { body: { memberId, points }, idempotencyKey });
  const release = (holdId: string, terminal: Pos = pos, idempotencyKey = key()) =>
    terminal.client.call('releaseHold', { params: { holdId }, idempotencyKey });

  it('holds spendable points FIFO, worth points × kurusPerPoint, until holdTtlMinutes', async () => {
    const { memberId } = await newMember(agent);
    await givePoints(pos, memberId, 300);
    const started = Date.now();
    const h = await hold(memberId, 120);
    expect(h).toMatchObject({ memberId, status: 'OPEN', points: 120, valueKurus: 600, capturedPoints: null, receiptId: null, spendableAfter: 180 });
    const expires = new Date(h.expiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(started + 10 * MINUTE_MS - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 10 * MINUTE_MS);
    const state = await ledgerState(server, memberId);
    // A hold moves no ledger entry: the balance stays, 120 are reserved on the lot and on the member.
    expect(state).toMatchObject({ balance: 300, memberSum: 300, held: 120, lotsHeld: 120, lotsOpen: 180 });
    const audit = await admin.call('listAudit', { query: { entityType: 'points_hold', entityId: h.holdId } });
    expect(audit.items[0]).toMatchObject({ action: 'hold.create', terminalId: pos.terminalId });
  });

  it('refuses more than the spendable points with INSUFFICIENT_POINTS naming what is available; pending points do not count', async () => {
    const { memberId } = await newMember(agent);
    await givePoints(pos, memberId, 100);
    // 50 more points earned today are still pending (14-day return window).
    await pos.client.call('bookReceipt', { body: receipt([line(1, 5000)], { memberId }), idempotencyKey: key() });
    await hold(memberId, 40);
    const before = await counts(server);
    const error = await rejected(hold(memberId, 61));
    expect([error.status, error.code]).toEqual([409, 'INSUFFICIENT_POINTS']);
    expect(error.message).toContain('60');
    expect(error.fields).toEqual([{ path: 'points', message: 'Only 60 points can be spent now' }]);
    expect(await counts(server)).toEqual(before);
    await expect(hold(memberId, 60)).resolves.toMatchObject({ spendableAfter: 0 });
  });

  it('gates spending on the member: unknown, erased, or without an active card', async () => {
    const before = await counts(server);
    const unknown = await rejected(hold('01900000-0000-7000-8000-000000000000', 10));
    expect([unknown.status, unknown.code, unknown.fields[0]?.path]).toEqual([422, 'UNKNOWN_REFERENCE', 'memberId']);

    const lost = await newMember(agent);
    await givePoints(pos, lost.memberId, 100);
    await agent.call('blockCard', { params: { cardId: lost.cardId }, body: { status: 'LOST', reason: 'stolen wallet' } });
    const blocked = await rejected(hold(lost.memberId, 10));
    expect([blocked.status, blocked.code]).toEqual([403, 'MEMBER_BLOCKED']);

    const gone = await newMember(agent);
    await givePoints(pos, gone.memberId, 100);
    await admin.call('eraseMember', { params: { memberId: gone.memberId } });
    const erased = await rejected(hold(gone.memberId, 10));
    expect([erased.status, erased.code]).toEqual([410, 'MEMBER_ERASED']);

    const after = await counts(server);
    expect(after.pointsHold).toBe(before.pointsHold);
    // Bad input is refused before anything is claimed.
    const zero = await rejected(hold(lost.memberId, 0));
    expect([zero.status, zero.code, zero.fields[0]?.path]).toEqual([400, 'VALIDATION_FAILED', 'points']);
  });

  it('releases a hold once: points come back, a replay answers the same, a second release is HOLD_NOT_OPEN', async () => {
    const { memberId } = await newMember(agent);
    await givePoints(pos, memberId, 200);
    const h = await hold(memberId, 150);
    const k = key();
    const released = await release(h.holdId, pos, k);
    expect(released).toMatchObject({ holdId: h.holdId, status: 'RELEASED', capturedPoints: 0, spendableAfter: 200 });
    expect(await release(h.holdId, pos, k)).toEqual(released);
    // The same key for another hold is a different request, not a replay.
    const other = await hold(memberId, 20);
    const reused = await rejected(release(other.holdId, pos, k));
    expect([reused.status, reused.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    await release(other.holdId);
    const again = await rejected(release(h.holdId));
    expect([again.status, again.code]).toEqual([409, 'HOLD_NOT_OPEN']);
    expect(await ledgerState(server, memberId)).toMatchObject({ balance: 200, held: 0, lotsHeld: 0, lotsOpen: 200 });

    // Another terminal cannot see, let alone release, this terminal's hold.
    const h2 = await hold(memberId, 10);
    const foreign = await rejected(release(h2.holdId, otherPos));
    expect([foreign.status, foreign.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('the release job gives back only holds past their expiry', async () => {
    const { memberId } = await newMember(agent);
    await givePoints(pos, memberId, 500);
    const expired = await hold(memberId, 100);
    const live = await hold(memberId, 100);
    const p = server.database.prisma;
    await p.pointsHold.update({ where: { id: expired.holdId }, data: { expiresAt: new Date(Date.now() - MINUTE_MS) } });
    const result = await releaseExpiredHolds(p);
    expect(result.released).toBeGreaterThanOrEqual(1);
    expect((await p.pointsHold.findUniqueOrThrow({ where: { id: expired.holdId } })).status).toBe('RELEASED');
    expect((await p.pointsHold.findUniqueOrThrow({ where: { id: live.holdId } })).status).toBe('OPEN');
    expect(await ledgerState(server, memberId)).toMatchObject({ balance: 500, held: 100, lotsHeld: 100, lotsOpen: 400 });
    // Running it again finds nothing of this member's left to release.
    await releaseExpiredHolds(p);
    expect((await p.pointsHold.findUniqueOrThrow({ where: { id: live.holdId } })).status).toBe('OPEN');
  });

  it('captures a hold with the receipt: balance = Σ member entries and Σ of all entries = 0', async () => {
    const { memberId } = await newMember(agent);
    await givePoints(pos, memberId, 1000);
    const h = await hold(memberId, 400);
    // 30 TRY basket: 300 points × 5 kuruş = 15 TRY in points, 15 TRY cash.
    const booked = await pos.client.call('bookReceipt', {
      body: {
        ...receipt([line(1, 3000)], { memberId }),
        payments: [
          { method: 'points', amount: 1500, points: 300, holdId: h.holdId },
          { method: 'cash', amount: 1500 },
        ],
      },
      idempotencyKey: key(),
    });
    expect(booked).toMatchObject({ pointsRedeemed: 300, redeemedKurus: 1500, pointsEarned: 15 });
    expect(booked.balance).toEqual({ points: 715, spendable: 700, pending: 15, held: 0 });
    const state = await ledgerState(server, memberId);
    expect(state.balance).toBe(715);
    expect(state.memberSum).toBe(state.balance);
    expect(state.allSum).toBe(0);
    expect(state).toMatchObject({ held: 0, lotsHeld: 0, lotsOpen: 715 });
    const detail = await admin.call('getReceipt', { params: { receiptId: booked.receiptId } });
    expect(detail.holds).toEqual([{ holdId: h.holdId, points: 400, capturedPoints: 300, status: 'CAPTURED' }]);
    expect(detail.payments).toContainEqual({ method: 'points', amount: 1500, points: 300 });
    await expectLedgerConsistent(server);
  });

  if (kind === 'postgres') {
    it('50 concurrent holds against one balance never overspend (PostgreSQL)', async () => {
      const { memberId } = await newMember(agent);
      await givePoints(pos, memberId, 1000);
      // 50 × 70 = 3500 points asked for, 1000 there: at most 14 can succeed.
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => hold(memberId, 70)));
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { status: number; code: string }] : []));
      expect(ok).toHaveLength(14);
      expect(failed.every((e) => e.status === 409 && e.code === 'INSUFFICIENT_POINTS')).toBe(true);
      const p = server.database.prisma;
      const open = await p.pointsHold.aggregate({ where: { memberId, status: 'OPEN' }, _sum: { points: true } });
      expect(open._sum.points).toBe(980);
      const state = await ledgerState(server, memberId);
      expect(state).toMatchObject({ balance: 1000, held: 980, lotsHeld: 980, lotsOpen: 20 });
      await expectLedgerConsistent(server);
    });
  }

  it('leaves every ledger invariant intact (balance = Σ entries, Σ all = 0, lots, holds)', async () => {
    await expectLedgerConsistent(server);
  });
});
