import { randomUUID } from 'node:crypto';

import type { KulupClient, TTier } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { evaluateAllTiers } from '../../packages/server/src/services/tiers/evaluate-all-tiers';
import { testDatabases } from '../support/databases';
import type { TestServer } from '../support/test-server';
import { baseRule, key, line, newMember, receipt, rejected, pointsWorld } from './receipts.fixtures';
import type { Pos } from './receipts.fixtures';

const DAY_MS = 86_400_000;

const LADDER: TTier[] = [
  { code: 'CLASSIC', name: 'Classic', rank: 0, minSpend: null, minPoints: null, multiplier: 1, benefits: [] },
  { code: 'GOLD', name: 'Altın', rank: 1, minSpend: 100_000, minPoints: null, multiplier: 1.5, benefits: [] },
  { code: 'PLATINUM', name: 'Platin', rank: 2, minSpend: 500_000, minPoints: null, multiplier: 2, benefits: [] },
];

describe.each(testDatabases())('member tier history API on %s', (kind) => {
  let server: TestServer;
  let admin: KulupClient;
  let marketer: KulupClient;
  let agent: KulupClient;
  let pos: Pos;

  beforeAll(async () => {
    ({ server, admin, marketer, agent, pos } = await pointsWorld(kind));
    await baseRule(marketer);
    await admin.call('replaceTiers', { body: { tiers: LADDER } });
  });
  afterAll(() => server?.close());

  const book = (memberId: string, kurus: number) =>
    pos.client.call('bookReceipt', { body: receipt([line(1, kurus)], { memberId, occurredAt: new Date().toISOString() }), idempotencyKey: key() });

  it('lists the tier changes newest first with tier names and reasons, capped by limit', async () => {
    const { memberId } = await newMember(agent);
    expect(await agent.call('memberTierHistory', { params: { memberId } })).toEqual({ memberId, items: [], more: false });

    await book(memberId, 150_000); // CLASSIC → GOLD
    await book(memberId, 400_000); // GOLD → PLATINUM
    // 13 months later the purchases have left the window: grace starts, and when it ends the member steps down.
    const lapsed = new Date(Date.now() + 395 * DAY_MS);
    await evaluateAllTiers(server.database.prisma, { at: lapsed });
    const afterGrace = new Date(lapsed.getTime() + 31 * DAY_MS);
    await evaluateAllTiers(server.database.prisma, { at: afterGrace });

    const history = await marketer.call('memberTierHistory', { params: { memberId } });
    expect(history.more).toBe(false);
    expect(history.items.map((h) => [h.fromCode, h.fromName, h.toCode, h.toName, h.reason])).toEqual([
      ['PLATINUM', 'Platin', 'GOLD', 'Altın', 'grace_expired'],
      ['GOLD', 'Altın', 'PLATINUM', 'Platin', 'qualified_higher'],
      ['CLASSIC', 'Classic', 'GOLD', 'Altın', 'qualified_higher'],
    ]);
    expect(history.items[0]!.at).toBe(afterGrace.toISOString());
    const times = history.items.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // The page is capped; `more` says older changes exist.
    const capped = await agent.call('memberTierHistory', { params: { memberId }, query: { limit: 2 } });
    expect(capped.items.map((h) => h.toCode)).toEqual(['GOLD', 'PLATINUM']);
    expect(capped.more).toBe(true);
  });

  it('names a tier that has left the ladder with null and keeps its code', async () => {
    const { memberId } = await newMember(agent);
    await server.database.prisma.tierHistory.create({ data: { memberId, fromCode: null, toCode: 'BRONZE_OLD', reason: 'import', at: new Date(Date.now() - DAY_MS) } });
    const history = await agent.call('memberTierHistory', { params: { memberId } });
    expect(history.items).toEqual([{ at: expect.any(String), fromCode: null, fromName: null, toCode: 'BRONZE_OLD', toName: null, reason: 'import' }]);
  });

  it('answers 404 for an unknown member and 400 with the field path for a bad limit', async () => {
    const missing = await rejected(agent.call('memberTierHistory', { params: { memberId: randomUUID() } }));
    expect([missing.status, missing.code]).toEqual([404, 'NOT_FOUND']);
    const { memberId } = await newMember(agent);
    for (const limit of [0, 101]) {
      const bad = await rejected(agent.call('memberTierHistory', { params: { memberId }, query: { limit } }));
      expect([bad.status, bad.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(bad.fields.map((f) => f.path)).toEqual(['query.limit']);
    }
  });
});
