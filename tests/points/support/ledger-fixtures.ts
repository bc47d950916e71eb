// Ledger fixtures for the lifecycle tests: members, receipts, lots and spending written straight through
// Prisma and the shared ledger primitives, so tests can place lots at any point in time (pending, available,
// past expiry) — something the POS API, which books at "now", cannot do. Every fixture keeps the ledger
// invariants (the test files assert them in afterAll).
import { randomUUID } from 'node:crypto';

import type { TProgramSettings } from '@kulup/contracts';
import { consumeFifo } from '@kulup/domain';
import { systemActor } from '@kulup/server';

import { SYSTEM_ACCOUNT, loadOpenLots, lockMember, postLedgerEvent, saveLots } from '../../../packages/server/src/services/points/ledger';
import { loadProgramSettings, saveProgramSettings } from '../../../packages/server/src/services/program/program-settings';
import { settleMemberDebt } from '../../../packages/server/src/services/returns/settle-member-debt';
import type { TestServer } from '../../support/test-server';

const DAY = 86_400_000;
export const days = (n: number, from = Date.now()): Date => new Date(from + n * DAY);

let seq = 0;

/** A member with no points. */
export async function createMember(server: TestServer, firstName = 'Ayşe'): Promise<string> {
  const m = await server.database.prisma.member.create({ data: { firstName, lastName: `Test${++seq}` } });
  return m.id;
}

/** Merges program settings (e.g. the return policy) into those in force. */
export async function setProgram(server: TestServer, patch: Partial<TProgramSettings>): Promise<void> {
  const db = server.database.prisma;
  await saveProgramSettings(db, { ...(await loadProgramSettings(db)), ...patch });
}

export type FixtureLine = { quantity: number; unitPrice: number; points: number; lineDiscount?: number };

export type FixtureReceipt = {
  memberId: string | null;
  terminalId: string;
  storeId: string;
  lines: FixtureLine[];
  /** Points paid as tender (already spent from the member's available lots). */
  pointsTender?: { points: number; amount: number };
  at?: Date;
  /** When the earned lot becomes spendable; default: pending for 14 days. */
  availableAt?: Date;
  expiresAt?: Date | null;
};

/** A FINAL receipt whose lines earned the given points, as one EARN lot and ledger event (like the POS booking). */
export async function seedReceipt(server: TestServer, r: FixtureReceipt): Promise<{ receiptId: string; lotId: string | null; total: number }> {
  const db = server.database.prisma;
  const at = r.at ?? new Date();
  const nets = r.lines.map((l) => l.quantity * l.unitPrice - (l.lineDiscount ?? 0));
  const total = nets.reduce((s, n) => s + n, 0);
  const earned = r.lines.reduce((s, l) => s + l.points, 0);
  return db.$transaction(async (tx) => {
    if (r.memberId) await lockMember(tx, r.memberId);
    if (r.memberId && r.pointsTender) await spendInTx(tx, r.memberId, r.pointsTender.points, at);
    const receipt = await tx.receipt.create({
      data: {
        storeId: r.storeId,
        terminalId: r.terminalId,
        externalRef: `R-${randomUUID()}`,
        memberId: r.memberId,
        occurredAt: at,
        businessDate: new Date(`${at.toISOString().slice(0, 10)}T00:00:00Z`),
        totalKurus: total,
        pointsEarned: r.memberId ? earned : 0,
        pointsRedeemed: r.pointsTender?.points ?? 0,
        lines: {
          create: r.lines.map((l, i) => ({
            lineNo: i + 1,
            sku: `SKU-${i + 1}`,
            category: 'grocery',
            quantity: l.quantity,
            unitPriceKurus: l.unitPrice,
            lineDiscountKurus: l.lineDiscount ?? 0,
            netKurus: nets[i]!,
            pointsEarned: r.memberId ? l.points : 0,
          })),
        },
        payments: {
          create: [
            ...(r.pointsTender ? [{ method: 'points', amountKurus: r.pointsTender.amount, points: r.pointsTender.points }] : []),
            ...(total - (r.pointsTender?.amount ?? 0) > 0 ? [{ method: 'card', amountKurus: total - (r.pointsTender?.amount ?? 0) }] : []),
          ],
        },
      },
    });
    let lotId: string | null = null;
    if (r.memberId && earned > 0) {
      const lot = await tx.pointsLot.create({
        data: {
          memberId: r.memberId,
          source: 'EARN',
          receiptId: receipt.id,
          earned,
          earnedAt: at,
          availableAt: r.availableAt ?? new Date(at.getTime() + 14 * DAY),
          expiresAt: r.expiresAt === undefined ? new Date(at.getTime() + 730 * DAY) : r.expiresAt,
        },
      });
      lotId = lot.id;
      await postLedgerEvent(tx, systemActor, {
        eventKey: `receipt:${receipt.id}:earn`,
        kind: 'EARN',
        memberId: r.memberId,
        points: earned,
        counterAccount: SYSTEM_ACCOUNT.issued,
        receiptId: receipt.id,
        lotId,
      });
      await settleMemberDebt(tx, r.memberId);
    }
    return { receiptId: receipt.id, lotId, total };
  });
}

/** A lot of points without a receipt (e.g. imported), spendable from `availableAt`. */
export async function seedLot(
  server: TestServer,
  l: { memberId: string; points: number; availableAt?: Date; expiresAt?: Date | null; earnedAt?: Date },
): Promise<string> {
  const db = server.database.prisma;
  return db.$transaction(async (tx) => {
    await lockMember(tx, l.memberId);
    const earnedAt = l.earnedAt ?? days(-30);
    const lot = await tx.pointsLot.create({
      data: {
        memberId: l.memberId,
        source: 'IMPORT',
        earned: l.points,
        earnedAt,
        availableAt: l.availableAt ?? earnedAt,
        expiresAt: l.expiresAt === undefined ? days(700) : l.expiresAt,
      },
    });
    await postLedgerEvent(tx, systemActor, {
      eventKey: `fixture:lot:${lot.id}`,
      kind: 'IMPORT',
      memberId: l.memberId,
      points: l.points,
      counterAccount: SYSTEM_ACCOUNT.imported,
      lotId: lot.id,
    });
    await settleMemberDebt(tx, l.memberId);
    return lot.id;
  });
}

async function spendInTx(tx: Parameters<typeof lockMember>[0], memberId: string, points: number, at: Date): Promise<void> {
  const lots = await loadOpenLots(tx, memberId);
  const taken = consumeFifo(lots, points, at);
  if (!taken.ok) throw new Error(`fixture: only ${taken.available} points available to spend`);
  await saveLots(tx, lots, taken.lots);
  await postLedgerEvent(tx, systemActor, {
    eventKey: `fixture:redeem:${randomUUID()}`,
    kind: 'REDEEM',
    memberId,
    points: -points,
    counterAccount: SYSTEM_ACCOUNT.redeemed,
  });
}

/** Redeems available points FIFO (as a captured POS hold would). */
export async function spendPoints(server: TestServer, memberId: string, points: number, at = new Date()): Promise<void> {
  await server.database.prisma.$transaction(async (tx) => {
    await lockMember(tx, memberId);
    await spendInTx(tx, memberId, points, at);
  });
}

/** The member's cached balance and held points. */
export async function memberPoints(server: TestServer, memberId: string): Promise<{ balance: number; held: number }> {
  const m = await server.database.prisma.member.findUniqueOrThrow({ where: { id: memberId } });
  return { balance: m.pointsBalance, held: m.pointsHeld };
}
