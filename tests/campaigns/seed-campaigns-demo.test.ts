import { ZCampaignRequest } from '@kulup/contracts';
import type { KulupClient } from '@kulup/contracts';
import { isInControlGroup } from '@kulup/domain';
import { loadConfig } from '@kulup/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CROSS_SELL_RULE_DAYS, seedCampaignsDemo } from '../../packages/server/src/seed/seed-campaigns-demo';
import { seedDemo } from '../../packages/server/src/seed/seed-demo';
import { DEMO_SEGMENTS, seedSegmentsDemo } from '../../packages/server/src/seed/seed-segments-demo';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

describe.each(testDatabases())('demo campaigns on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  beforeAll(async () => {
    server = await startTestServer(kind);
    marketer = (await server.staff('MARKETER')).client;
    await seedDemo(server.database.prisma, loadConfig({}), { members: 400, seed: 11 });
    await seedSegmentsDemo(server.database.prisma, { seed: 7 });
  }, 180_000);
  afterAll(async () => {
    if (server) await expectLedgerConsistent(server);
    await server?.close();
  });

  it('does nothing without the demo segments', async () => {
    const db = server.database.prisma;
    const renamed = await db.segment.update({ where: { id: (await db.segment.findFirstOrThrow({ where: { name: DEMO_SEGMENTS[0]!.name } })).id }, data: { name: 'Başka' } });
    expect(await seedCampaignsDemo(db)).toEqual({ campaigns: 0, receipts: 0, awards: 0, offers: 0, messages: 0 });
    expect(await db.campaign.count()).toBe(0);
    await db.segment.update({ where: { id: renamed.id }, data: { name: DEMO_SEGMENTS[0]!.name } });
  });

  it('adds valid campaigns in every starting state, over the demo segments, with awards, offers and a birthday SMS', async () => {
    const db = server.database.prisma;
    const result = await seedCampaignsDemo(db, { seed: 3 });
    // The seed kept the event loop busy: let the server's overdue keep-alive timers close idle sockets first.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result.campaigns).toBe(6);
    expect(result.receipts).toBeGreaterThan(50);
    expect(result.awards).toBeGreaterThan(0);
    expect(result.offers).toBeGreaterThan(0);

    const { items } = await marketer.call('listCampaigns', { query: {} });
    const byType = Object.fromEntries(items.map((c) => [c.type, c]));
    expect(Object.fromEntries(items.map((c) => [c.type, c.status]))).toEqual({
      POINTS_MULTIPLIER: 'ACTIVE',
      BONUS_POINTS: 'ACTIVE',
      BASKET_THRESHOLD: 'SCHEDULED',
      BIRTHDAY: 'ACTIVE',
      WIN_BACK: 'DRAFT',
      CROSS_SELL: 'ACTIVE',
    });
    const segments = new Map((await db.segment.findMany()).map((s) => [s.id, s.name]));
    expect(segments.get(byType.POINTS_MULTIPLIER!.segmentId!)).toBe(DEMO_SEGMENTS[0]!.name);
    expect(segments.get(byType.BIRTHDAY!.segmentId!)).toBe(DEMO_SEGMENTS[2]!.name);
    expect(segments.get(byType.CROSS_SELL!.segmentId!)).toBe(DEMO_SEGMENTS[3]!.name);
    expect(segments.get(byType.WIN_BACK!.segmentId!)).toBe(DEMO_SEGMENTS[4]!.name);
    for (const c of items) {
      // Each stored definition still passes the contract the console saves with, with TR+EN offer texts.
      const { id, status, nextStatuses, budgetUsed, createdAt, updatedAt, maxAwardsPerMember, offer, ...rest } = c;
      expect(ZCampaignRequest.safeParse({ ...rest, description: rest.description ?? undefined, ...(maxAwardsPerMember ? { maxAwardsPerMember } : {}), offer }).success).toBe(true);
      expect(offer).toMatchObject({ titleTr: expect.any(String), titleEn: expect.any(String), descriptionTr: expect.any(String), descriptionEn: expect.any(String) });
      expect(c.controlPct).toBeGreaterThan(0);
      expect(c.budgetCap).toBeGreaterThan(0);
      expect(c.budgetUsed).toBeLessThanOrEqual(c.budgetCap!);
    }
    // The cross-sell pair comes from the basket analysis of the demo receipts.
    const rules = await marketer.call('basketRules', { query: { level: 'category', days: CROSS_SELL_RULE_DAYS } });
    const cross = byType.CROSS_SELL!.params as { trigger: { categories: string[] }; target: { categories: string[] } };
    expect(rules.rules.some((r) => r.antecedent === cross.trigger.categories[0] && r.consequent === cross.target.categories[0])).toBe(true);

    // The performance page has numbers: awards within budget, never to the control group.
    const double = await marketer.call('evaluateCampaign', { params: { campaignId: byType.POINTS_MULTIPLIER!.id } });
    expect(double.reach).toBeGreaterThan(0);
    expect(double.points).toBe(byType.POINTS_MULTIPLIER!.budgetUsed);
    expect(double.uplift.treatmentMembers).toBeGreaterThan(0);
    expect(double.uplift.controlMembers).toBeGreaterThan(0);
    const awards = await db.campaignAward.findMany({ select: { campaignId: true, memberId: true } });
    expect(awards.length).toBe(result.awards);
    const control = new Map(items.map((c) => [c.id, c.controlPct]));
    expect(awards.filter((a) => isInControlGroup(a.campaignId, a.memberId, control.get(a.campaignId)!))).toEqual([]);
    const produce = await marketer.call('evaluateCampaign', { params: { campaignId: byType.BONUS_POINTS!.id } });
    expect(produce.offers.redeemed).toBeGreaterThan(0);
    expect(produce.offers.redeemed).toBe(produce.awards);

    // The birthday SMS: queued only for members with SMS permission and a phone, outside the control group.
    const stats = await marketer.call('campaignMessageStats', { params: { campaignId: byType.BIRTHDAY!.id } });
    const queued = stats.items.find((s) => s.status === 'QUEUED')?.count ?? 0;
    expect(queued).toBe(result.messages);
    expect(queued).toBeGreaterThan(0);
    const messages = await db.campaignMessage.findMany({ where: { campaignId: byType.BIRTHDAY!.id, status: 'QUEUED' }, select: { memberId: true } });
    for (const m of messages) {
      expect(isInControlGroup(byType.BIRTHDAY!.id, m.memberId, byType.BIRTHDAY!.controlPct)).toBe(false);
      const consent = await db.consent.findFirst({ where: { memberId: m.memberId, kind: 'SMS' }, orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }] });
      expect(consent?.status).toBe('GRANTED');
    }
    await expectLedgerConsistent(server);
  }, 120_000);

  it('does nothing the second time', async () => {
    const db = server.database.prisma;
    const before = [await db.campaign.count(), await db.receipt.count(), await db.personalOffer.count(), await db.campaignMessage.count()];
    expect(await seedCampaignsDemo(db)).toEqual({ campaigns: 0, receipts: 0, awards: 0, offers: 0, messages: 0 });
    expect([await db.campaign.count(), await db.receipt.count(), await db.personalOffer.count(), await db.campaignMessage.count()]).toEqual(before);
  });
});
