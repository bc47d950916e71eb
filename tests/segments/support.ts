// Fixtures for segment and analytics tests: members, receipts (with lines, returns, voids), consents and
// survey answers written straight to the database, so tests can place history at any point in time.
// No receipt earns points here, so the points ledger is untouched.
import { randomUUID } from 'node:crypto';

import type { TestServer } from '../support/test-server';

const DAY = 86_400_000;
export const daysAgo = (n: number, from = Date.now()): Date => new Date(from - n * DAY);

let seq = 0;

export async function seedTiers(server: TestServer): Promise<void> {
  await server.database.prisma.tier.createMany({
    data: [
      { code: 'CLASSIC', name: 'Classic', rank: 0 },
      { code: 'GOLD', name: 'Gold', rank: 1, minSpendKurus: 1_000_000 },
    ],
    skipDuplicates: true,
  });
}

export type MemberFixture = {
  firstName: string;
  tierCode?: string;
  city?: string | null;
  birthDate?: string | null;
  createdAt?: Date;
  erased?: boolean;
};

export async function addMember(server: TestServer, m: MemberFixture): Promise<string> {
  const row = await server.database.prisma.member.create({
    data: {
      firstName: m.firstName,
      lastName: `Seg${++seq}`,
      tierCode: m.tierCode ?? 'CLASSIC',
      city: m.city ?? null,
      birthDate: m.birthDate ? new Date(`${m.birthDate}T00:00:00Z`) : null,
      createdAt: m.createdAt ?? daysAgo(400),
      erasedAt: m.erased ? new Date() : null,
    },
  });
  return row.id;
}

export type LineFixture = { category: string; brand?: string | null; sku?: string; net: number; reward?: boolean };

export type ReceiptFixture = {
  memberId: string | null;
  storeId: string;
  terminalId: string;
  at: Date;
  lines: LineFixture[];
  voided?: boolean;
  refundKurus?: number;
};

/** A receipt whose total is Σ line nets; optionally voided, or partly refunded by a return. */
export async function addReceipt(server: TestServer, r: ReceiptFixture): Promise<string> {
  const db = server.database.prisma;
  const total = r.lines.reduce((s, l) => s + l.net, 0);
  const receipt = await db.receipt.create({
    data: {
      storeId: r.storeId,
      terminalId: r.terminalId,
      externalRef: `SEG-${randomUUID()}`,
      memberId: r.memberId,
      status: r.voided ? 'VOIDED' : 'FINAL',
      occurredAt: r.at,
      businessDate: new Date(`${r.at.toISOString().slice(0, 10)}T00:00:00Z`),
      totalKurus: total,
      lines: {
        create: r.lines.map((l, i) => ({
          lineNo: i + 1,
          sku: l.sku ?? `${l.category}-sku`,
          category: l.category,
          brand: l.brand ?? null,
          quantity: 1,
          unitPriceKurus: Math.max(0, l.net),
          netKurus: l.net,
          isReward: l.reward ?? false,
        })),
      },
    },
  });
  if (r.refundKurus) {
    await db.receiptReturn.create({
      data: {
        receiptId: receipt.id,
        terminalId: r.terminalId,
        externalRef: `RET-${randomUUID()}`,
        lines: [],
        refundKurus: r.refundKurus,
        pointsReversed: 0,
        pointsRefunded: 0,
        pointsWaived: 0,
      },
    });
  }
  return receipt.id;
}

export async function addConsent(
  server: TestServer,
  memberId: string,
  kind: 'SMS' | 'CALL' | 'EMAIL' | 'PUSH' | 'PROFILING',
  status: 'GRANTED' | 'REFUSED',
  at = new Date(),
): Promise<void> {
  await server.database.prisma.consent.create({
    data: { memberId, kind, status, source: 'CONSOLE', textVersion: 'v1', recordedAt: at, actorType: 'SYSTEM' },
  });
}

/** One answered one-question NPS or CSAT survey. */
export async function addScoreAnswer(server: TestServer, memberId: string, type: 'NPS' | 'CSAT', value: number, at = new Date()): Promise<void> {
  const db = server.database.prisma;
  const survey = await db.survey.create({
    data: {
      titleTr: 'Memnuniyet',
      titleEn: 'Satisfaction',
      targeting: 'MEMBER',
      status: 'ACTIVE',
      questions: { create: [{ key: 'score', position: 0, type, textTr: 'Puan', textEn: 'Score' }] },
    },
  });
  await db.surveyResponse.create({ data: { surveyId: survey.id, memberId, answers: { score: value }, submittedAt: at, periodKey: 'once' } });
}
