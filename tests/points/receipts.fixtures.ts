import { randomUUID } from 'node:crypto';

import { ApiError } from '@kulup/contracts';
import type { KulupClient, TReceiptLineInput, TReceiptPaymentInput, TReceiptRequest } from '@kulup/contracts';
import { expect } from 'vitest';

import type { DatabaseKind } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

export type Pos = Awaited<ReturnType<TestServer['terminal']>>;

export type PointsWorld = { server: TestServer; admin: KulupClient; marketer: KulupClient; agent: KulupClient; pos: Pos };

/** A server with one staff user per role and a POS terminal: what every points test file starts from. */
export async function pointsWorld(kind: DatabaseKind): Promise<PointsWorld> {
  const server = await startTestServer(kind);
  return {
    server,
    admin: (await server.staff('ADMIN')).client,
    marketer: (await server.staff('MARKETER')).client,
    agent: (await server.staff('AGENT')).client,
    pos: await server.terminal('POS'),
  };
}

/** The ApiError a call failed with (fails the test if it succeeded). */
export async function rejected(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

export const key = () => `test-${randomUUID()}`;

let phoneCounter = Math.floor(Math.random() * 1_000_000);

/** Registers a member with one active printed card. */
export async function newMember(agent: KulupClient): Promise<{ memberId: string; cardId: string }> {
  const phone = `+90532${String(++phoneCounter % 10_000_000).padStart(7, '0')}`;
  const member = await agent.call('createMember', { body: { firstName: 'Ayşe', lastName: 'Yılmaz', phone } });
  const card = await agent.call('issueCard', { params: { memberId: member.id }, body: { kind: 'PRINTED' } });
  return { memberId: member.id, cardId: card.id };
}

/** A receipt line: `quantity` × `unitPrice` kuruş of grocery. */
export const line = (lineNo: number, unitPrice: number, extra: Partial<TReceiptLineInput> = {}): TReceiptLineInput => ({
  lineNo,
  sku: `SKU-${lineNo}`,
  category: 'grocery',
  quantity: 1,
  unitPrice,
  lineDiscount: 0,
  ...extra,
});

const net = (l: TReceiptLineInput) => l.quantity * l.unitPrice - (l.lineDiscount ?? 0);

/**
 * A FINAL receipt whose total adds up; the rest is paid by card unless payments are given. `pointsTender`
 * pays that many points (1 kuruş each by default) against a hold.
 */
export function receipt(
  lines: TReceiptLineInput[],
  extra: Partial<TReceiptRequest> & { pointsTender?: { points: number; holdId: string; kurusPerPoint?: number } } = {},
): TReceiptRequest {
  const { pointsTender, ...rest } = extra;
  const total = lines.reduce((s, l) => s + net(l), 0);
  const payments: TReceiptPaymentInput[] = [];
  if (pointsTender) {
    const amount = pointsTender.points * (pointsTender.kurusPerPoint ?? 1);
    payments.push({ method: 'points', amount, points: pointsTender.points, holdId: pointsTender.holdId });
    if (total - amount > 0) payments.push({ method: 'card', amount: total - amount });
  } else if (total > 0) {
    payments.push({ method: 'card', amount: total });
  }
  return {
    externalRef: `R-${randomUUID().slice(0, 12)}`,
    occurredAt: new Date().toISOString(),
    lines,
    total,
    payments,
    status: 'FINAL',
    ...rest,
  };
}

const DAY_MS = 86_400_000;

/** An ISO time `days` days ago. */
export const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

/** Row counts of every table a points write touches. */
export async function counts(server: TestServer) {
  const p = server.database.prisma;
  const [receipt, receiptLine, ledgerEntry, pointsLot, pointsHold, idempotencyRecord, outboxEvent, tierHistory] = await Promise.all([
    p.receipt.count(),
    p.receiptLine.count(),
    p.ledgerEntry.count(),
    p.pointsLot.count(),
    p.pointsHold.count(),
    p.idempotencyRecord.count(),
    p.outboxEvent.count(),
    p.tierHistory.count(),
  ]);
  return { receipt, receiptLine, ledgerEntry, pointsLot, pointsHold, idempotencyRecord, outboxEvent, tierHistory };
}

/** Creates the standard base rule: 1 point per TRY (100 kuruş), the only active base rule in these tests. */
export async function baseRule(marketer: KulupClient, pointsPerTry = 1) {
  return marketer.call('createEarningRule', {
    body: { name: 'Temel puan', priority: 10, effect: { kind: 'base', pointsPerTry } },
  });
}

/**
 * Gives a member `points` spendable points: books a receipt of `points` TRY dated past the default 14-day
 * return window, so its lot is already available (requires the 1 point/TRY base rule).
 */
export async function givePoints(pos: Pos, memberId: string, points: number) {
  const booked = await pos.client.call('bookReceipt', {
    body: receipt([line(1, points * 100)], { memberId, occurredAt: daysAgo(20) }),
    idempotencyKey: key(),
  });
  expect(booked.pointsEarned).toBe(points);
  return booked;
}

/** Σ of the member's ledger entries and their cached balance/held. */
export async function ledgerState(server: TestServer, memberId: string) {
  const p = server.database.prisma;
  const [mine, all, member, lots] = await Promise.all([
    p.ledgerEntry.aggregate({ where: { memberId, account: 'member' }, _sum: { points: true } }),
    p.ledgerEntry.aggregate({ _sum: { points: true } }),
    p.member.findUniqueOrThrow({ where: { id: memberId }, select: { pointsBalance: true, pointsHeld: true } }),
    p.pointsLot.findMany({ where: { memberId } }),
  ]);
  return {
    memberSum: mine._sum.points ?? 0,
    allSum: all._sum.points ?? 0,
    balance: member.pointsBalance,
    held: member.pointsHeld,
    lotsHeld: lots.reduce((s, l) => s + l.held, 0),
    lotsOpen: lots.reduce((s, l) => s + l.earned - l.consumed - l.expired - l.held, 0),
  };
}
