import type { KulupClient, TTier } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { evaluateAllTiers } from '../../packages/server/src/services/tiers/evaluate-all-tiers';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import type { TestServer } from '../support/test-server';
import { baseRule, key, line, newMember, receipt, rejected, pointsWorld } from './receipts.fixtures';
import type { Pos } from './receipts.fixtures';

const DAY_MS = 86_400_000;

const LADDER: TTier[] = [
  { code: 'CLASSIC', name: 'Classic', rank: 0, minSpend: null, minPoints: null, multiplier: 1, benefits: [] },
  { code: 'GOLD', name: 'Gold', rank: 1, minSpend: 100_000, minPoints: 5_000, multiplier: 1.5, benefits: ['Ücretsiz poşet', 'Doğum günü hediyesi'] },
  { code: 'PLATINUM', name: 'Platinum', rank: 2, minSpend: 500_000, minPoints: 25_000, multiplier: 2, benefits: ['Özel kasa'] },
];

describe.each(testDatabases())('tiers on %s', (kind) => {
  let server: TestServer;
  let admin: KulupClient;
  let marketer: KulupClient;
  let agent: KulupClient;
  let pos: Pos;

  beforeAll(async () => {
    ({ server, admin, marketer, agent, pos } = await pointsWorld(kind));
    await baseRule(marketer);
  });
  afterAll(() => server?.close());

  const book = (memberId: string, kurus: number, occurredAt = new Date().toISOString()) =>
    pos.client.call('bookReceipt', { body: receipt([line(1, kurus)], { memberId, occurredAt }), idempotencyKey: key() });
  const member = (id: string) =>
    server.database.prisma.member.findUniqueOrThrow({ where: { id }, select: { tierCode: true, tierSince: true, tierGraceUntil: true } });

  it('without a ladder, receipts leave the tier alone', async () => {
    const { memberId } = await newMember(agent);
    const booked = await book(memberId, 10_000_000);
    expect(booked.tier).toBeNull();
    expect((await member(memberId)).tierCode).toBe('CLASSIC');
  });

  it('admins replace the ladder as a whole; the domain checks it', async () => {
    const bad = async (tiers: TTier[], path: string) => {
      const error = await rejected(admin.call('replaceTiers', { body: { tiers } }));
      expect([error.status, error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(error.fields.map((f) => f.path)).toContain(path);
    };
    await bad([LADDER[0]!, { ...LADDER[1]!, minSpend: null, minPoints: null }], 'tiers');
    await bad([LADDER[0]!, LADDER[1]!, { ...LADDER[2]!, minSpend: 50_000 }], 'tiers.2.minSpend');
    await bad([LADDER[0]!, { ...LADDER[1]!, multiplier: 1.23456 }], 'tiers.1.multiplier');
    await bad([LADDER[0]!, { ...LADDER[1]!, code: 'CLASSIC' }], 'tiers.1.code');
    await bad([LADDER[0]!, { ...LADDER[1]!, rank: 0 }], 'tiers.1.rank');
    expect(await server.database.prisma.tier.count()).toBe(0);
    const forbidden = await rejected(marketer.call('replaceTiers', { body: { tiers: LADDER } }));
    expect(forbidden.status).toBe(403);

    const saved = await admin.call('replaceTiers', { body: { tiers: [LADDER[2]!, LADDER[0]!, LADDER[1]!] } });
    expect(saved.tiers.map(({ updatedAt: _u, ...t }) => t)).toEqual(LADDER);
    const listed = await agent.call('listTiers', {});
    expect(listed.tiers.map((t) => [t.code, t.multiplier, t.benefits])).toEqual([
      ['CLASSIC', 1, []],
      ['GOLD', 1.5, ['Ücretsiz poşet', 'Doğum günü hediyesi']],
      ['PLATINUM', 2, ['Özel kasa']],
    ]);
    const audit = await admin.call('listAudit', { query: { entityType: 'tier' } });
    expect(audit.items[0]).toMatchObject({ action: 'tiers.replace', actorType: 'STAFF' });
  });

  it('upgrades on the receipt that crosses the threshold, writes tier history, and applies the multiplier from then on', async () => {
    const { memberId } = await newMember(agent);
    const first = await book(memberId, 60_000);
    expect(first.tier).toEqual({ code: 'CLASSIC', previousCode: null, change: 'unchanged', graceUntil: null });
    const crossing = await book(memberId, 50_000);
    // The receipt that qualifies earns at the old tier; the upgrade applies to the next one.
    expect(crossing.pointsEarned).toBe(500);
    expect(crossing.tier).toEqual({ code: 'GOLD', previousCode: 'CLASSIC', change: 'upgrade', graceUntil: null });
    const p = server.database.prisma;
    const history = await p.tierHistory.findMany({ where: { memberId } });
    expect(history.map((h) => [h.fromCode, h.toCode, h.reason])).toEqual([['CLASSIC', 'GOLD', 'qualified_higher']]);
    const events = await p.outboxEvent.findMany({ where: { type: 'tier.changed', aggregateId: memberId } });
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ from: 'CLASSIC', to: 'GOLD', change: 'upgrade', qualifyingSpend: 110_000 });
    expect((await member(memberId)).tierCode).toBe('GOLD');

    const next = await book(memberId, 10_000);
    expect(next.breakdown.map((b) => [b.ruleId, b.ruleName, b.points])).toEqual([
      [expect.any(String), 'Temel puan', 100],
      ['tier:GOLD', 'Gold multiplier', 50],
    ]);
    expect(next.tier).toMatchObject({ code: 'GOLD', change: 'unchanged' });
  });

  it('the nightly run starts grace when a member stops qualifying and steps down one level when it ends', async () => {
    const { memberId } = await newMember(agent);
    await book(memberId, 600_000);
    expect((await member(memberId)).tierCode).toBe('PLATINUM');
    const db = server.database.prisma;

    // Still inside the 12-month window: nothing changes.
    const now = Date.now();
    await evaluateAllTiers(db, { at: new Date(now + DAY_MS) });
    expect(await member(memberId)).toMatchObject({ tierCode: 'PLATINUM', tierGraceUntil: null });

    // 13 months on the purchase has left the window: 30 days of grace (program default) start.
    const lapsed = new Date(now + 395 * DAY_MS);
    const run = await evaluateAllTiers(db, { at: lapsed, batchSize: 2 });
    expect(run.evaluated).toBeGreaterThanOrEqual(3);
    expect(run.graceUpdated).toBeGreaterThanOrEqual(1);
    const inGrace = await member(memberId);
    expect(inGrace.tierCode).toBe('PLATINUM');
    expect(inGrace.tierGraceUntil!.getTime()).toBe(lapsed.getTime() + 30 * DAY_MS);

    const afterGrace = new Date(lapsed.getTime() + 31 * DAY_MS);
    await evaluateAllTiers(db, { at: afterGrace });
    expect(await member(memberId)).toMatchObject({ tierCode: 'GOLD', tierGraceUntil: null, tierSince: afterGrace });
    const history = await db.tierHistory.findMany({ where: { memberId }, orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.fromCode, h.toCode, h.reason])).toEqual([
      ['CLASSIC', 'PLATINUM', 'qualified_higher'],
      ['PLATINUM', 'GOLD', 'grace_expired'],
    ]);
  });

  it('a member whose tier left the ladder is re-placed at the next receipt', async () => {
    const { memberId } = await newMember(agent);
    await book(memberId, 150_000);
    expect((await member(memberId)).tierCode).toBe('GOLD');
    await admin.call('replaceTiers', {
      body: {
        tiers: [
          { code: 'STANDARD', name: 'Standart', rank: 0, minSpend: null, minPoints: null, multiplier: 1, benefits: [] },
          { code: 'PREMIUM', name: 'Premium', rank: 1, minSpend: 1_000_000, minPoints: null, multiplier: 1.25, benefits: [] },
        ],
      },
    });
    const booked = await book(memberId, 1_000);
    expect(booked.tier).toEqual({ code: 'STANDARD', previousCode: 'GOLD', change: 'reset', graceUntil: null });
  });

  it('leaves every ledger invariant intact (balance = Σ entries, Σ all = 0, lots, holds)', async () => {
    await expectLedgerConsistent(server);
  });
});
