// Property: for random rule trees over random members, the compiled SQL (run on PGlite / PostgreSQL) selects
// exactly the members the in-memory evaluator selects.
import { evaluateSegmentRule } from '@kulup/domain';
import type { ChurnLevel, LoyaltyQuadrant, RfmGroup, SatisfactionGroup, SegmentMemberFacts, SegmentReceiptFacts } from '@kulup/domain';
import { systemActor } from '@kulup/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { arbitraryRule } from '../../packages/domain/src/segments/rule-arbitrary';
import { refreshMemberMetrics } from '../../packages/server/src/services/analytics/refresh-member-metrics';
import { matchingMembers } from '../../packages/server/src/services/segments/segment-sql';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { addConsent, addMember, addReceipt, addScoreAnswer, seedTiers } from './support';

const DAY = 86_400_000;

/** A small seeded generator, so a failure reproduces. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

describe.each(testDatabases())('segment SQL agrees with the evaluator on %s', (kind) => {
  let server: TestServer;
  const now = new Date();
  const facts = new Map<string, SegmentMemberFacts>();
  const stores: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedTiers(server);
    const terminals = [await server.terminal('POS'), await server.terminal('POS')];
    stores.push(...terminals.map((t) => t.storeId));
    const rnd = random(20261123);
    const month = now.getUTCMonth() + 1;
    const pad = (n: number) => String(n).padStart(2, '0');

    for (let i = 0; i < 14; i++) {
      const birthDate = rnd.chance(0.2)
        ? null
        : `${rnd.int(1950, 2010)}-${pad(rnd.chance(0.3) ? month : rnd.int(1, 12))}-${pad(rnd.int(1, 28))}`;
      const profile = { tierCode: rnd.pick(['CLASSIC', 'GOLD']), city: rnd.pick(['Ankara', 'İzmir', null]), birthDate };
      const id = await addMember(server, { firstName: `P${i}`, ...profile, createdAt: new Date(now.getTime() - rnd.int(1, 500) * DAY) });
      const consents: SegmentMemberFacts['consents'] = {};
      for (const channel of ['SMS', 'EMAIL', 'PROFILING'] as const) {
        const history = rnd.pick([[], ['GRANTED'], ['REFUSED'], ['REFUSED', 'GRANTED'], ['GRANTED', 'REFUSED']] as const);
        for (const [k, status] of history.entries()) await addConsent(server, id, channel, status, new Date(now.getTime() - (10 - k) * DAY));
        if (history.length) consents[channel] = history[history.length - 1] === 'GRANTED';
      }
      const receipts: SegmentReceiptFacts[] = [];
      for (let r = rnd.int(0, 4); r > 0; r--) {
        const t = rnd.pick(terminals);
        const at = new Date(now.getTime() - rnd.int(0, 150 * 24) * 3_600_000 - rnd.int(0, 3_599_999));
        const lines = Array.from({ length: rnd.int(1, 2) }, () => ({
          category: rnd.pick(['dairy', 'toys', 'bread']),
          brand: rnd.pick(['A', 'B', null]),
          net: rnd.int(100, 30_000),
        }));
        const reward = rnd.chance(0.3) ? [{ category: rnd.pick(['dairy', 'toys']), brand: 'B', net: -50, reward: true }] : [];
        const voided = rnd.chance(0.15);
        const total = [...lines, ...reward].reduce((s, l) => s + l.net, 0);
        const refundKurus = !voided && rnd.chance(0.25) ? rnd.int(1, total) : 0;
        await addReceipt(server, { memberId: id, storeId: t.storeId, terminalId: t.terminalId, at, lines: [...lines, ...reward], voided, refundKurus });
        if (!voided) {
          receipts.push({
            at,
            storeId: t.storeId,
            totalKurus: total - refundKurus,
            categories: lines.map((l) => l.category),
            brands: lines.flatMap((l) => (l.brand ? [l.brand] : [])),
          });
        }
      }
      if (rnd.chance(0.5)) {
        const type = rnd.pick(['NPS', 'CSAT'] as const);
        await addScoreAnswer(server, id, type, type === 'NPS' ? rnd.int(0, 10) : rnd.int(1, 5), new Date(now.getTime() - rnd.int(1, 100) * DAY));
      }
      facts.set(id, { ...profile, lifecycleStage: 'NEW', consents, metrics: null, receipts });
    }

    await refreshMemberMetrics(server.database.prisma, systemActor, now);
    const members = await server.database.prisma.member.findMany({ include: { metrics: true } });
    for (const m of members) {
      const f = facts.get(m.id)!;
      f.lifecycleStage = m.lifecycleStage;
      const x = m.metrics!;
      f.metrics = {
        recencyScore: x.recencyScore,
        frequencyScore: x.frequencyScore,
        monetaryScore: x.monetaryScore,
        rfmGroup: x.rfmGroup as RfmGroup | null,
        churnLevel: x.churnLevel as ChurnLevel | null,
        clvKurus: x.clvKurus,
        satisfaction: x.satisfaction as SatisfactionGroup,
        loyaltyQuadrant: x.loyaltyQuadrant as LoyaltyQuadrant | null,
      };
    }
  });
  afterAll(() => server?.close());

  it('selects the same members for random rule trees', async () => {
    const rules = arbitraryRule({ tiers: ['CLASSIC', 'GOLD'], stores, cities: ['Ankara', 'İzmir'], categories: ['dairy', 'toys', 'bread'], brands: ['A', 'B'] });
    let nonTrivial = 0;
    await fc.assert(
      fc.asyncProperty(rules, async (rule) => {
        const { from, params } = matchingMembers(rule, now);
        const rows = await server.database.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT m.id ${from}`, ...params);
        const fromSql = rows.map((r) => r.id).sort();
        const expected = [...facts].filter(([, f]) => evaluateSegmentRule(rule, f, now)).map(([id]) => id).sort();
        if (expected.length > 0 && expected.length < facts.size) nonTrivial++;
        expect(fromSql).toEqual(expected);
      }),
      { numRuns: 150, seed: 42 },
    );
    // The generated trees must split the members, or agreement would prove little.
    expect(nonTrivial).toBeGreaterThan(50);
  });
});
