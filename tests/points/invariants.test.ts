import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { openDatabase } from '@kulup/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkLedger } from '../../packages/server/src/services/invariants/check-ledger';
import { runCli } from '../support/cli';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { createMember, seedLot, seedReceipt, spendPoints } from './support/ledger-fixtures';

describe.each(testDatabases())('ledger invariant checker on %s', (kind) => {
  let server: TestServer;
  // A second database that the tests below corrupt on purpose.
  let broken: TestServer;

  beforeAll(async () => {
    [server, broken] = await Promise.all([startTestServer(kind), startTestServer(kind)]);
  });
  afterAll(async () => {
    if (server) await expectLedgerConsistent(server);
    await Promise.all([server?.close(), broken?.close()]);
  });

  it('finds nothing wrong with a sound ledger', async () => {
    const pos = await server.terminal('POS');
    const memberId = await createMember(server);
    await seedLot(server, { memberId, points: 500 });
    await spendPoints(server, memberId, 120);
    await seedReceipt(server, { memberId, terminalId: pos.terminalId, storeId: pos.storeId, lines: [{ quantity: 1, unitPrice: 1000, points: 10 }] });
    expect(await checkLedger(server.database.prisma)).toEqual([]);
  });

  it('refuses to update or delete ledger entries (append-only)', async () => {
    const db = server.database.prisma;
    const entry = await db.ledgerEntry.findFirstOrThrow();
    await expect(db.$executeRaw`UPDATE ledger_entry SET points = points + 1 WHERE id = ${entry.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM ledger_entry WHERE id = ${entry.id}`).rejects.toThrow(/append-only/);
    expect(await db.ledgerEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });

  it('catches a cached balance changed behind the ledger’s back', async () => {
    const memberId = await createMember(broken);
    await seedLot(broken, { memberId, points: 300 });
    await broken.database.prisma.$executeRaw`UPDATE member SET points_balance = points_balance + 7 WHERE id = ${memberId}::uuid`;
    const violations = (await checkLedger(broken.database.prisma)).filter((v) => v.subject === `member ${memberId}`);
    expect(violations.map((v) => v.invariant).sort()).toEqual(['balance_mismatch', 'lot_sum_mismatch']);
    expect(violations.find((v) => v.invariant === 'balance_mismatch')?.message).toBe('cached balance 307, entries sum to 300');
  });

  it('catches an unbalanced entry and an event written twice', async () => {
    const db = broken.database.prisma;
    const memberId = await createMember(broken);
    await db.ledgerEntry.create({ data: { memberId, account: 'member', kind: 'ADJUST', points: 40, eventKey: 'rogue:1', actorType: 'SYSTEM' } });
    const violations = await checkLedger(db);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ invariant: 'ledger_not_zero' }),
        { invariant: 'event_not_balanced', subject: 'rogue:1', message: "the event's entries sum to 40" },
        expect.objectContaining({ invariant: 'balance_mismatch', subject: `member ${memberId}` }),
      ]),
    );
  });

  it('catches held points no open hold explains and a hold in an impossible state', async () => {
    const db = broken.database.prisma;
    const memberId = await createMember(broken);
    const lotId = await seedLot(broken, { memberId, points: 100 });
    await db.pointsLot.update({ where: { id: lotId }, data: { held: 10 } });
    const hold = await db.pointsHold.create({
      data: { memberId, terminalId: memberId, points: 30, status: 'CAPTURED', capturedPoints: 40, allocations: [], expiresAt: new Date(), resolvedAt: new Date() },
    }).catch(() => null);
    // The CHECK refuses a capture above the hold; a capture without resolution time is what the checker sees.
    expect(hold).toBeNull();
    const halfDone = await db.pointsHold.create({
      data: { memberId, terminalId: memberId, points: 30, status: 'CAPTURED', capturedPoints: 30, allocations: [{ lotId, points: 30 }], expiresAt: new Date() },
    });
    const invariants = (await checkLedger(db)).filter((v) => v.subject === `member ${memberId}` || v.subject === `hold ${halfDone.id}`);
    expect(invariants.map((v) => v.invariant).sort()).toEqual(['held_mismatch', 'hold_inconsistent']);
  });

  it('relies on the database to refuse reversing more than a line earned', async () => {
    const pos = await broken.terminal('POS');
    const memberId = await createMember(broken);
    const { receiptId } = await seedReceipt(broken, {
      memberId,
      terminalId: pos.terminalId,
      storeId: pos.storeId,
      lines: [{ quantity: 1, unitPrice: 1000, points: 10 }],
    });
    await expect(
      broken.database.prisma.$executeRaw`UPDATE receipt_line SET points_reversed = 11 WHERE receipt_id = ${receiptId}::uuid`,
    ).rejects.toThrow(/receipt_line_return_check/);
  });
});

describe('kulup check and kulup jobs run (CLI)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kulup-check-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 0 on a sound ledger, 1 with the violations listed on a broken one', async () => {
    const env = { KULUP_DATA_DIR: path.join(dir, 'db'), LOG_LEVEL: 'silent' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const ok = await runCli(['check'], env);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('Ledger consistent');

    const ran = await runCli(['jobs', 'run', 'purge-idempotency-records'], env);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout.trim())).toMatchObject({ status: 'ran', result: { deleted: 0 } });
    const unknown = await runCli(['jobs', 'run', 'no-such-job'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('expire-points');

    const database = await openDatabase({ dataDir: env.KULUP_DATA_DIR, migrate: false });
    try {
      await database.prisma.member.create({ data: { firstName: 'Kırık', lastName: 'Bakiye', pointsBalance: 12 } });
    } finally {
      await database.close();
    }
    const bad = await runCli(['check'], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/balance_mismatch\tmember [0-9a-f-]+\tcached balance 12, entries sum to 0/);
  }, 180_000);
});
