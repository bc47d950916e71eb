import type { KulupClient } from '@kulup/contracts';
import { churnLevel, churnRisk, clvEstimate, meanGapDays, rfmGroup } from '@kulup/domain';
import { systemActor } from '@kulup/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { refreshMemberMetrics } from '../../packages/server/src/services/analytics/refresh-member-metrics';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { addMember, addReceipt, addScoreAnswer, daysAgo, seedTiers } from './support';

const DAY = 86_400_000;

describe.each(testDatabases())('analytics on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let pos: { storeId: string; terminalId: string };
  const members: string[] = [];
  const visits: Date[][] = [];
  const spend: number[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    marketer = (await server.staff('MARKETER')).client;
    await seedTiers(server);
    const t = await server.terminal('POS');
    pos = { storeId: t.storeId, terminalId: t.terminalId };
    // Ten members: member i visits i + 1 times a week apart, the last one 20 − i days ago, so recency and frequency
    // rise with i; spend falls with i (most of it on the first receipt).
    for (let i = 0; i < 10; i++) {
      const id = await addMember(server, { firstName: `M${i}` });
      members.push(id);
      visits.push([]);
      spend.push((10 - i) * 10_000 + 100 * i);
      for (let k = 0; k <= i; k++) {
        const at = daysAgo(20 - i + 7 * k);
        visits[i]!.push(at);
        await addReceipt(server, { memberId: id, ...pos, at, lines: [{ category: 'grocery', net: k === 0 ? (10 - i) * 10_000 : 100 }] });
      }
    }
    // Known baskets an hour ago (anonymous): printer → paper and friends; a voided one must not count.
    const hourAgo = new Date(Date.now() - 3_600_000);
    const products = { printer: 'PRN-1', paper: 'PAP-1', ink: 'INK-1', milk: 'MLK-1' } as const;
    await server.database.prisma.product.createMany({
      data: Object.entries(products).map(([category, sku]) => ({ sku, name: `${category} product`, category, priceKurus: 1_000 })),
    });
    const basket = (items: (keyof typeof products)[], voided = false) =>
      addReceipt(server, { memberId: null, ...pos, at: hourAgo, voided, lines: items.map((c) => ({ category: c, sku: products[c], net: 1_000 })) });
    await basket(['printer', 'paper']);
    await basket(['printer', 'paper', 'ink']);
    await basket(['printer', 'paper']);
    await basket(['printer']);
    await basket(['paper', 'milk']);
    await basket(['printer', 'milk'], true);
    // Survey answers for the satisfaction × loyalty matrix.
    await addScoreAnswer(server, members[9]!, 'NPS', 10);
    await addScoreAnswer(server, members[0]!, 'NPS', 9);
    await addScoreAnswer(server, members[8]!, 'NPS', 5);
    await addScoreAnswer(server, members[1]!, 'CSAT', 1);
    await addScoreAnswer(server, members[2]!, 'CSAT', 3);
    // An older answer is superseded by the latest one.
    await addScoreAnswer(server, members[2]!, 'NPS', 10, daysAgo(40));

    expect(await marketer.call('refreshAnalytics', {})).toMatchObject({ members: 10, scoredMembers: 10 });
  });
  afterAll(() => server?.close());

  it('scores RFM in quintiles on a known set and names the groups', async () => {
    const rows = await server.database.prisma.memberMetrics.findMany({ where: { memberId: { in: members } } });
    const byMember = members.map((id) => rows.find((r) => r.memberId === id)!);
    expect(byMember.map((r) => r.recencyScore)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(byMember.map((r) => r.frequencyScore)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(byMember.map((r) => r.monetaryScore)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(byMember.map((r) => r.rfmGroup)).toEqual(
      byMember.map((r) => rfmGroup({ recency: r.recencyScore!, frequency: r.frequencyScore!, monetary: r.monetaryScore! })),
    );
    expect([byMember[0]!.rfmGroup, byMember[5]!.rfmGroup, byMember[9]!.rfmGroup]).toEqual(['AT_RISK', 'NEED_ATTENTION', 'POTENTIAL_LOYALIST']);
    expect(byMember.map((r) => r.spend12mKurus)).toEqual(spend);
    expect(byMember.map((r) => r.visits12m)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    const rfm = await marketer.call('rfmAnalytics', {});
    expect(rfm.scoredMembers).toBe(10);
    expect(rfm.recency.map((s) => s.members)).toEqual([2, 2, 2, 2, 2]);
    expect(rfm.groups.find((g) => g.group === 'AT_RISK')).toEqual({
      group: 'AT_RISK',
      members: byMember.filter((r) => r.rfmGroup === 'AT_RISK').length,
      spend12mKurus: byMember.filter((r) => r.rfmGroup === 'AT_RISK').reduce((s, r) => s + r.spend12mKurus, 0),
    });
  });

  it('computes churn risk from each member’s own cadence and CLV by the documented formulas', async () => {
    for (const i of [0, 4, 9]) {
      const value = await marketer.call('memberValue', { params: { memberId: members[i]! } });
      const gap = meanGapDays(visits[i]!);
      const last = Math.max(...visits[i]!.map((d) => d.getTime()));
      const risk = churnRisk((Date.parse(value.computedAt!) - last) / DAY, gap);
      expect(value.avgGapDays).toEqual(gap === null ? null : expect.closeTo(gap, 6));
      expect(value.churnRisk).toBeCloseTo(risk, 6);
      expect(value.churnLevel).toBe(churnLevel(risk));
      expect(Math.abs(value.clvKurus! - clvEstimate(spend[i]!, risk))).toBeLessThanOrEqual(1);
      expect(value.daysSinceLastVisit).toBe(20 - i);
    }
    // Member 9 comes every 7 days and was last seen 11 days ago: (11/7 − 1) / 2 ≈ 0.29, MEDIUM.
    expect((await marketer.call('memberValue', { params: { memberId: members[9]! } })).churnLevel).toBe('MEDIUM');
    // Member 0 came once, 20 days ago: within the default 30-day rhythm.
    expect((await marketer.call('memberValue', { params: { memberId: members[0]! } })).churnRisk).toBe(0);
  });

  it('gives exact support, confidence and lift for a known basket set, by category and by product', async () => {
    const strong = await marketer.call('basketRules', { query: { days: 1, minSupport: 0.5, minConfidence: 0.5 } });
    expect(strong.baskets).toBe(5);
    expect(strong.rules).toEqual([
      { antecedent: 'paper', consequent: 'printer', antecedentName: 'paper', consequentName: 'printer', together: 3, support: 0.6, confidence: 0.75, lift: 0.9375 },
      { antecedent: 'printer', consequent: 'paper', antecedentName: 'printer', consequentName: 'paper', together: 3, support: 0.6, confidence: 0.75, lift: 0.9375 },
    ]);
    const lifted = await marketer.call('basketRules', { query: { days: 1, minSupport: 0.2, minConfidence: 0.9, minLift: 1 } });
    expect(lifted.rules.map((r) => [r.antecedent, r.consequent, r.support, r.confidence, r.lift])).toEqual([
      ['ink', 'paper', 0.2, 1, 1.25],
      ['ink', 'printer', 0.2, 1, 1.25],
      ['milk', 'paper', 0.2, 1, 1.25],
    ]);
    const products = await marketer.call('basketRules', { query: { level: 'product', days: 1, minSupport: 0.2, minConfidence: 0.9, minLift: 1, limit: 1 } });
    expect(products.rules).toEqual([
      { antecedent: 'INK-1', consequent: 'PAP-1', antecedentName: 'ink product', consequentName: 'paper product', together: 1, support: 0.2, confidence: 1, lift: 1.25 },
    ]);
  });

  it("reports members' share of revenue and that of the top 10 % and 20 %", async () => {
    const share = await marketer.call('revenueShare', { query: { days: 365 } });
    const memberTotal = spend.reduce((s, x) => s + x, 0);
    expect(share).toMatchObject({ totalKurus: memberTotal + 10_000, memberKurus: memberTotal, buyingMembers: 10 });
    expect(share.memberShare).toBeCloseTo(memberTotal / (memberTotal + 10_000), 10);
    expect(share.top10Share).toBeCloseTo(spend[0]! / memberTotal, 10);
    expect(share.top20Share).toBeCloseTo((spend[0]! + spend[1]!) / memberTotal, 10);
  });

  it('counts the satisfaction × loyalty matrix from survey answers and behaviour', async () => {
    const matrix = await marketer.call('satisfactionLoyaltyMatrix', {});
    expect(matrix.quadrants).toEqual([
      { quadrant: 'APOSTLE', members: 1 },
      { quadrant: 'MERCENARY', members: 1 },
      { quadrant: 'HOSTAGE', members: 1 },
      { quadrant: 'DEFECTOR', members: 2 },
    ]);
    expect(matrix.satisfaction).toEqual([
      { group: 'SATISFIED', members: 2 },
      { group: 'NEUTRAL', members: 1 },
      { group: 'DISSATISFIED', members: 2 },
      { group: 'UNKNOWN', members: 5 },
    ]);
  });

  it('moves members along the lifecycle and records each transition', async () => {
    const veteran = await addMember(server, { firstName: 'Veteran', createdAt: daysAgo(400) });
    await addReceipt(server, { memberId: veteran, ...pos, at: daysAgo(300), lines: [{ category: 'grocery', net: 1_000 }] });
    await addReceipt(server, { memberId: veteran, ...pos, at: daysAgo(5), lines: [{ category: 'grocery', net: 1_000 }] });
    const lapser = await addMember(server, { firstName: 'Lapser', createdAt: daysAgo(400) });
    await addReceipt(server, { memberId: lapser, ...pos, at: daysAgo(200), lines: [{ category: 'grocery', net: 1_000 }] });
    await addReceipt(server, { memberId: lapser, ...pos, at: daysAgo(100), lines: [{ category: 'grocery', net: 1_000 }] });
    const prospect = await addMember(server, { firstName: 'Prospect', createdAt: daysAgo(400) });
    const newcomer = await addMember(server, { firstName: 'Newcomer', createdAt: daysAgo(3) });

    const now = new Date();
    expect((await refreshMemberMetrics(server.database.prisma, systemActor, now)).transitions).toBe(3);
    const stage = async (id: string) => (await server.database.prisma.member.findUniqueOrThrow({ where: { id } })).lifecycleStage;
    expect([await stage(veteran), await stage(lapser), await stage(prospect), await stage(newcomer), await stage(members[0]!)]).toEqual([
      'ACTIVE', 'LAPSED', 'PROSPECT', 'NEW', 'NEW',
    ]);
    // Running again changes nothing.
    expect((await refreshMemberMetrics(server.database.prisma, systemActor, now)).transitions).toBe(0);

    // 300 days later without purchases: active → lapsed, lapsed → former, new → lapsed, the newcomer → prospect.
    const later = new Date(now.getTime() + 300 * DAY);
    expect((await refreshMemberMetrics(server.database.prisma, systemActor, later)).transitions).toBe(13);
    expect([await stage(veteran), await stage(lapser), await stage(newcomer)]).toEqual(['LAPSED', 'FORMER', 'PROSPECT']);
    const history = await server.database.prisma.lifecycleTransition.findMany({ where: { memberId: lapser }, orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.fromStage, h.toStage])).toEqual([['NEW', 'LAPSED'], ['LAPSED', 'FORMER']]);

    const report = await marketer.call('lifecycleReport', { query: { days: 30 } });
    expect(report.stages).toEqual([
      { stage: 'PROSPECT', members: 2 },
      { stage: 'NEW', members: 0 },
      { stage: 'ACTIVE', members: 0 },
      { stage: 'LAPSED', members: 11 },
      { stage: 'FORMER', members: 1 },
    ]);
    expect(report.transitions).toEqual([
      { from: 'NEW', to: 'PROSPECT', members: 2 },
      { from: 'NEW', to: 'ACTIVE', members: 1 },
      { from: 'NEW', to: 'LAPSED', members: 11 },
      { from: 'ACTIVE', to: 'LAPSED', members: 1 },
      { from: 'LAPSED', to: 'FORMER', members: 1 },
    ]);
  });
});
