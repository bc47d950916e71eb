import { randomUUID } from 'node:crypto';

import type { KulupClient, TReceiptRequest } from '@kulup/contracts';
import { isInControlGroup } from '@kulup/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCampaignSchedule } from '../../packages/server/src/services/campaigns/run-campaign-schedule';
import { baseRule, daysAgo, key, line, newMember, pointsWorld, receipt, rejected } from '../points/receipts.fixtures';
import type { Pos } from '../points/receipts.fixtures';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import type { TestServer } from '../support/test-server';
import { activeCampaign, birthdayToday, definition, inDays } from './campaigns.fixtures';

describe.each(testDatabases())('campaigns on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let agent: KulupClient;

  beforeAll(async () => {
    ({ server, marketer, agent } = await pointsWorld(kind));
    await baseRule(marketer); // 1 point per TRY
  });
  afterAll(() => server?.close());

  const book = (pos: Pos, body: TReceiptRequest, idempotencyKey = key()) => pos.client.call('bookReceipt', { body, idempotencyKey });
  const db = () => server.database.prisma;

  describe('every campaign type through a real receipt', () => {
    type Case = {
      type: Parameters<typeof definition>[0];
      params: Record<string, unknown>;
      lines: TReceiptRequest['lines'];
      expected: Record<string, unknown>;
      base: number;
      setup?: (memberId: string, pos: Pos) => Promise<void>;
      member?: () => Promise<string>;
    };
    const cases: Case[] = [
      { type: 'POINTS_MULTIPLIER', params: { multiplier: 2 }, lines: [line(1, 5000)], base: 50, expected: { points: 50 } },
      {
        type: 'BONUS_POINTS',
        params: { points: 30, per: 'unit', match: { categories: ['dairy'] } },
        lines: [line(1, 1000, { category: 'dairy', quantity: 2 }), line(2, 3000)],
        base: 50,
        expected: { points: 60 },
      },
      { type: 'BASKET_THRESHOLD', params: { minBasketKurus: 4000, points: 40 }, lines: [line(1, 5000)], base: 50, expected: { points: 40 } },
      { type: 'DISCOUNT_COUPON', params: { percent: 10 }, lines: [line(1, 5000)], base: 50, expected: { points: 0, discountKurus: 500 } },
      {
        type: 'FREE_GIFT',
        params: { giftSku: 'BAG', giftName: 'Bez çanta', giftValueKurus: 1500 },
        lines: [line(1, 5000)],
        base: 50,
        expected: { points: 0, gift: { sku: 'BAG', name: 'Bez çanta', valueKurus: 1500 } },
      },
      {
        type: 'CROSS_SELL',
        params: { trigger: { categories: ['printer'] }, target: { categories: ['paper'] }, points: 25 },
        lines: [line(1, 5000, { category: 'printer' }), line(2, 1000, { category: 'paper' })],
        base: 60,
        expected: { points: 25 },
      },
      {
        type: 'BIRTHDAY',
        params: { points: 100, windowDays: 3 },
        lines: [line(1, 5000)],
        base: 50,
        expected: { points: 100 },
        member: async () => (await agent.call('createMember', { body: { firstName: 'Deniz', lastName: 'Kaya', birthDate: birthdayToday() } })).id,
      },
      {
        type: 'WIN_BACK',
        params: { minDaysSinceLastVisit: 10, points: 70 },
        lines: [line(1, 5000)],
        base: 50,
        expected: { points: 70 },
        setup: async (memberId, pos) => {
          await book(pos, receipt([line(1, 100)], { memberId, occurredAt: daysAgo(20) }));
        },
      },
      { type: 'TIER_UPGRADE', params: { tierCodes: ['__TIER__'], points: 15 }, lines: [line(1, 5000)], base: 50, expected: { points: 15 } },
      { type: 'DRAW_ENTRIES', params: { drawName: 'Yaz çekilişi', kurusPerEntry: 1000, maxEntries: 3 }, lines: [line(1, 5000)], base: 50, expected: { points: 0, drawEntries: 3 } },
    ];

    it.each(cases.map((c) => [c.type, c] as const))('%s', async (_type, c) => {
      const pos = await server.terminal('POS');
      const memberId = c.member ? await c.member() : (await newMember(agent)).memberId;
      await c.setup?.(memberId, pos);
      const { tierCode } = await db().member.findUniqueOrThrow({ where: { id: memberId }, select: { tierCode: true } });
      const params = JSON.parse(JSON.stringify(c.params).replace('__TIER__', tierCode));
      const campaign = await activeCampaign(marketer, definition(c.type, params, { storeIds: [pos.storeId] }));

      const sim = await pos.client.call('simulateReceipt', { body: receipt(c.lines, { memberId }) });
      const booked = await book(pos, receipt(c.lines, { memberId }));
      expect(booked.campaigns).toHaveLength(1);
      expect(booked.campaigns[0]).toMatchObject({ campaignId: campaign.id, type: c.type, ...c.expected });
      expect(booked.campaigns[0]!.explanation.length).toBeGreaterThan(0);
      const points = (c.expected.points as number) ?? 0;
      expect(booked.pointsEarned).toBe(c.base + points);
      // The breakdown and the lines add up to pointsEarned, campaign points included.
      expect(booked.breakdown.reduce((s, b) => s + b.points, 0)).toBe(booked.pointsEarned);
      expect(booked.lines.reduce((s, l) => s + l.points, 0)).toBe(booked.pointsEarned);
      if (points > 0) expect(booked.breakdown).toContainEqual(expect.objectContaining({ ruleId: `campaign:${campaign.id}`, kind: 'campaign', points }));
      // The quote showed the same, without booking anything.
      expect(sim.campaigns).toEqual(booked.campaigns);
      expect(sim.pointsEarned).toBe(booked.pointsEarned);

      const awards = await db().campaignAward.findMany({ where: { campaignId: campaign.id } });
      expect(awards).toHaveLength(1);
      const stored = await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } });
      expect(stored.budgetUsed).toBe(awards[0]!.cost);
      if (points > 0) {
        const lots = await db().pointsLot.findMany({ where: { receiptId: booked.receiptId }, orderBy: { earned: 'asc' } });
        expect(lots.reduce((s, l) => s + l.earned, 0)).toBe(booked.pointsEarned);
        expect(lots.every((l) => l.availableAt.toISOString() === booked.pointsAvailableAt)).toBe(true);
      }
      await expectLedgerConsistent(server);
    });
  });

  it('a receipt matching several campaigns gets the documented stacking result', async () => {
    const pos = await server.terminal('POS');
    const { memberId } = await newMember(agent);
    const s = { storeIds: [pos.storeId] };
    const all2 = await activeCampaign(marketer, definition('POINTS_MULTIPLIER', { multiplier: 2 }, { ...s, priority: 1 }));
    const dairy3 = await activeCampaign(marketer, definition('POINTS_MULTIPLIER', { multiplier: 3, match: { categories: ['dairy'] } }, { ...s, priority: 1 }));
    const threshold = await activeCampaign(marketer, definition('BASKET_THRESHOLD', { minBasketKurus: 1000, points: 20 }, s));
    const bonus = await activeCampaign(marketer, definition('BONUS_POINTS', { points: 10, per: 'receipt', match: { categories: ['dairy'] } }, s));
    const couponA = await activeCampaign(marketer, definition('DISCOUNT_COUPON', { amountKurus: 500 }, { ...s, priority: 5 }));
    const couponB = await activeCampaign(marketer, definition('DISCOUNT_COUPON', { percent: 50 }, { ...s, priority: 1 }));

    const booked = await book(pos, receipt([line(1, 4000, { category: 'dairy' }), line(2, 6000)], { memberId }));
    const byId = new Map(booked.campaigns.map((c) => [c.campaignId, c]));
    // Multipliers do not compound: dairy takes 3× (+80), the rest 2× (+60); bonuses add; one coupon, by priority.
    expect(byId.get(dairy3.id)).toMatchObject({ points: 80 });
    expect(byId.get(all2.id)).toMatchObject({ points: 60 });
    expect(byId.get(threshold.id)).toMatchObject({ points: 20 });
    expect(byId.get(bonus.id)).toMatchObject({ points: 10 });
    expect(byId.get(couponA.id)).toMatchObject({ discountKurus: 500 });
    expect(byId.has(couponB.id)).toBe(false);
    expect(booked.pointsEarned).toBe(100 + 80 + 60 + 20 + 10);
    expect(booked.lines).toEqual([
      { lineNo: 1, points: 40 + 80 + 8 + 10 },
      { lineNo: 2, points: 60 + 60 + 12 },
    ]);
    await expectLedgerConsistent(server);
  });

  it('control-group members are never awarded nor offered, and are recorded', async () => {
    const pos = await server.terminal('POS');
    const applied = await activeCampaign(marketer, definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 10 }, { storeIds: [pos.storeId], controlPct: 50 }));
    const offered = await activeCampaign(
      marketer,
      definition('BONUS_POINTS', { points: 5, per: 'receipt', match: { categories: ['nothing-here'] } }, {
        storeIds: [pos.storeId],
        controlPct: 50,
        requiresActivation: true,
        offer: { titleTr: 'Kontrol testi' },
      }),
    );
    let control = 0;
    for (let i = 0; i < 14; i++) {
      const { memberId } = await newMember(agent);
      const booked = await book(pos, receipt([line(1, 2000)], { memberId }));
      const issued = await marketer.call('issueCampaignOffers', { params: { memberId } });
      const offeredHere = issued.issued.filter((o) => o.campaignId === offered.id);
      if (isInControlGroup(applied.id, memberId, 50)) {
        control++;
        expect(booked.campaigns).toEqual([]);
        expect(await db().campaignControl.count({ where: { campaignId: applied.id, memberId } })).toBe(1);
      } else {
        expect(booked.campaigns.map((c) => c.campaignId)).toEqual([applied.id]);
      }
      expect(offeredHere).toHaveLength(isInControlGroup(offered.id, memberId, 50) ? 0 : 1);
    }
    expect(await db().campaignAward.count({ where: { campaignId: applied.id } })).toBe(14 - control);
    const offers = await db().personalOffer.findMany({ where: { campaignId: offered.id }, select: { memberId: true } });
    expect(offers.some((o) => isInControlGroup(offered.id, o.memberId, 50))).toBe(false);
  });

  it('the budget cap holds under 50 concurrent receipts', async () => {
    const pos = await server.terminal('POS');
    const campaign = await activeCampaign(
      marketer,
      definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 10 }, { storeIds: [pos.storeId], budgetUnit: 'POINTS', budgetCap: 95 }),
    );
    const members = await Promise.all(Array.from({ length: 25 }, () => newMember(agent)));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book(pos, receipt([line(1, 1000 + i)], { memberId: members[i % 25]!.memberId }))),
    );
    const awarded = results.filter((r) => r.campaigns.some((c) => c.campaignId === campaign.id));
    const awards = await db().campaignAward.findMany({ where: { campaignId: campaign.id } });
    const stored = await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    const used = awards.reduce((s, a) => s + a.cost, 0);
    expect(used).toBeLessThanOrEqual(95);
    expect(stored.budgetUsed).toBe(used);
    // An award that does not fit whole is dropped whole: 9 × 10 points fit in 95.
    expect(awards).toHaveLength(9);
    expect(awarded).toHaveLength(9);
    const ledger = await db().ledgerEntry.aggregate({ where: { account: 'member', eventKey: { endsWith: `:campaign:${campaign.id}` } }, _sum: { points: true } });
    expect(ledger._sum.points).toBe(90);
    await expectLedgerConsistent(server);
  });

  it('an idempotent receipt retry does not award twice', async () => {
    const pos = await server.terminal('POS');
    const campaign = await activeCampaign(marketer, definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 10 }, { storeIds: [pos.storeId] }));
    const { memberId } = await newMember(agent);
    const body = receipt([line(1, 1000)], { memberId });
    const k = key();
    const first = await book(pos, body, k);
    const again = await book(pos, body, k);
    expect(again).toEqual(first);
    expect(await db().campaignAward.count({ where: { campaignId: campaign.id } })).toBe(1);
    expect((await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).budgetUsed).toBe(10);
    // The member's data export (KVKK access) lists the award.
    const exported = await agent.call('exportMember', { params: { memberId } });
    expect(exported.campaigns.awards).toEqual([expect.objectContaining({ campaignId: campaign.id, receiptId: first.receiptId, points: 10 })]);
    await expectLedgerConsistent(server);
  });

  it('a return reverses campaign points proportionally with the earned points', async () => {
    const pos = await server.terminal('POS');
    await activeCampaign(marketer, definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 40 }, { storeIds: [pos.storeId] }));
    const { memberId } = await newMember(agent);
    const booked = await book(pos, receipt([line(1, 3000, { quantity: 2 }), line(2, 1000)], { memberId }));
    // base 60 + 10; campaign 40 spread by net: 34 on line 1 (6000 of 7000), 6 on line 2.
    expect(booked.lines).toEqual([
      { lineNo: 1, points: 60 + 34 },
      { lineNo: 2, points: 10 + 6 },
    ]);
    const ret = await pos.client.call('bookReturn', {
      body: { originalReceiptId: booked.receiptId, externalRef: `RT-${randomUUID().slice(0, 8)}`, lines: [{ lineNo: 1, quantity: 1 }] },
      idempotencyKey: key(),
    });
    expect(ret.pointsReversed + ret.pointsWaived).toBe(47);
    await expectLedgerConsistent(server);
  });

  it('an activation campaign applies only after the member activates its offer at the kiosk', async () => {
    const pos = await server.terminal('POS');
    const kiosk = await server.terminal('KIOSK');
    const campaign = await activeCampaign(
      marketer,
      definition('DISCOUNT_COUPON', { amountKurus: 300 }, { storeIds: [pos.storeId], requiresActivation: true, offer: { titleTr: '3 TL indirim', titleEn: '3 TL off' } }),
    );
    const member = await agent.call('createMember', { body: { firstName: 'Elif', lastName: 'Demir', phone: `+90533${String(Date.now()).slice(-7)}` } });
    const card = await agent.call('issueCard', { params: { memberId: member.id }, body: { kind: 'PRINTED' } });
    await agent.call('setMemberPin', { params: { memberId: member.id }, body: { pin: '7305' } });

    expect((await book(pos, receipt([line(1, 2000)], { memberId: member.id }))).campaigns).toEqual([]);

    const session = await kiosk.client.call('createKioskSession', { body: { cardNumber: card.number, pin: '7305' } });
    const me = server.client(session.memberSession!.token);
    const listed = await me.call('listMyOffers', {});
    const offer = await db().personalOffer.findFirstOrThrow({ where: { memberId: member.id, campaignId: campaign.id } });
    expect(listed.items.map((o) => o.id)).toContain(offer.id);
    await me.call('activateMyOffer', { params: { offerId: offer.id } });

    const booked = await book(pos, receipt([line(1, 2000)], { memberId: member.id }));
    expect(booked.campaigns).toEqual([expect.objectContaining({ campaignId: campaign.id, discountKurus: 300 })]);
    expect(await db().personalOffer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({ status: 'REDEEMED' });
    // Redeemed: the next receipt gets nothing until a new offer is activated.
    expect((await book(pos, receipt([line(1, 2000)], { memberId: member.id }))).campaigns).toEqual([]);
  });

  it('a segment audience: only its members are awarded', async () => {
    const pos = await server.terminal('POS');
    const inside = await newMember(agent);
    const outside = await newMember(agent);
    const segment = await db().segment.create({ data: { name: 'Test segment', rules: {} } });
    await db().segmentMember.create({ data: { segmentId: segment.id, memberId: inside.memberId } });
    const campaign = await activeCampaign(marketer, definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 10 }, { storeIds: [pos.storeId], segmentId: segment.id }));
    expect((await book(pos, receipt([line(1, 1000)], { memberId: inside.memberId }))).campaigns.map((c) => c.campaignId)).toEqual([campaign.id]);
    expect((await book(pos, receipt([line(1, 1000)], { memberId: outside.memberId }))).campaigns).toEqual([]);
  });

  it('refuses bad definitions with field paths and stores nothing', async () => {
    const before = await db().campaign.count();
    const bad = await rejected(marketer.call('createCampaign', { body: definition('POINTS_MULTIPLIER', { multiplier: 0.5 }) }));
    expect(bad.status).toBe(400);
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.fields.map((f) => f.path)).toContain('params.multiplier');
    const both = await rejected(marketer.call('createCampaign', { body: definition('DISCOUNT_COUPON', { percent: 10, amountKurus: 100 }) }));
    expect(both.fields.map((f) => f.path)).toEqual(['params.percent']);
    const window = await rejected(marketer.call('createCampaign', { body: definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 1 }, { endsAt: inDays(-2) }) }));
    expect(window.fields.map((f) => f.path)).toEqual(['endsAt']);
    const unknownType = await rejected(marketer.call('createCampaign', { body: definition('NOPE' as never, {}) }));
    expect(unknownType.fields.map((f) => f.path)).toContain('type');
    const segment = await rejected(
      marketer.call('createCampaign', { body: definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 1 }, { segmentId: randomUUID() }) }),
    );
    expect(segment.status).toBe(422);
    expect(segment.code).toBe('UNKNOWN_REFERENCE');
    expect(segment.fields.map((f) => f.path)).toEqual(['segmentId']);
    expect(await db().campaign.count()).toBe(before);
    const agentTry = await rejected(agent.call('createCampaign', { body: definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 1 }) }));
    expect(agentTry.status).toBe(403);
  });

  it('allows only the lifecycle transitions, edits only before activation, and audits them', async () => {
    const pos = await server.terminal('POS');
    const def = definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 10 }, { storeIds: [pos.storeId] });
    const c = await marketer.call('createCampaign', { body: def });
    expect(c).toMatchObject({ status: 'DRAFT', nextStatuses: ['SCHEDULED', 'ENDED'] });
    const move = (to: 'DRAFT' | 'SCHEDULED' | 'ACTIVE' | 'PAUSED' | 'ENDED') => marketer.call('transitionCampaign', { params: { campaignId: c.id }, body: { to } });
    const early = await rejected(move('ACTIVE'));
    expect([early.status, early.code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
    await move('SCHEDULED');
    const edited = await marketer.call('updateCampaign', { params: { campaignId: c.id }, body: { ...def, name: 'Yeni ad' } });
    expect(edited).toMatchObject({ name: 'Yeni ad', status: 'SCHEDULED' });
    await move('ACTIVE');
    const locked = await rejected(marketer.call('updateCampaign', { params: { campaignId: c.id }, body: def }));
    expect(locked.code).toBe('TRANSITION_NOT_ALLOWED');
    await move('PAUSED');
    const { memberId } = await newMember(agent);
    expect((await book(pos, receipt([line(1, 1000)], { memberId }))).campaigns).toEqual([]);
    await move('ACTIVE');
    expect((await book(pos, receipt([line(1, 1000)], { memberId }))).campaigns).toHaveLength(1);
    await move('ENDED');
    const after = await rejected(move('ACTIVE'));
    expect(after.code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await book(pos, receipt([line(1, 1000)], { memberId }))).campaigns).toEqual([]);
    const audit = await db().auditLog.findMany({ where: { entityType: 'campaign', entityId: c.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['campaign.create', 'campaign.transition', 'campaign.update', ...Array(4).fill('campaign.transition')]);
  });

  it('the scheduler job activates scheduled campaigns and ends expired ones', async () => {
    const soon = await marketer.call('createCampaign', { body: definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 1 }, { startsAt: inDays(1), endsAt: inDays(2) }) });
    await marketer.call('transitionCampaign', { params: { campaignId: soon.id }, body: { to: 'SCHEDULED' } });
    const now = new Date();
    await runCampaignSchedule(server.database.prisma, now);
    expect((await marketer.call('getCampaign', { params: { campaignId: soon.id } })).status).toBe('SCHEDULED');
    await runCampaignSchedule(server.database.prisma, new Date(Date.parse(inDays(1)) + 1000));
    expect((await marketer.call('getCampaign', { params: { campaignId: soon.id } })).status).toBe('ACTIVE');
    const { memberId } = await newMember(agent);
    const offer = await db().personalOffer.create({ data: { memberId, titleTr: 'Bitecek', validFrom: new Date(), validTo: new Date(Date.parse(inDays(10))), campaignId: soon.id } });
    const staffOffer = await db().personalOffer.create({ data: { memberId, titleTr: 'Personel', validFrom: new Date(), validTo: new Date(Date.parse(inDays(10))) } });
    const result = await runCampaignSchedule(server.database.prisma, new Date(Date.parse(inDays(2)) + 1000));
    expect(result.ended).toBeGreaterThanOrEqual(1);
    expect((await marketer.call('getCampaign', { params: { campaignId: soon.id } })).status).toBe('ENDED');
    // An ended campaign's open offers expire; offers staff issued by hand are not the scheduler's business.
    expect((await db().personalOffer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe('EXPIRED');
    expect((await db().personalOffer.findUniqueOrThrow({ where: { id: staffOffer.id } })).status).toBe('ISSUED');
  });

  it('forecasts reach and cost from past receipts, and evaluates uplift against the control group', async () => {
    const pos = await server.terminal('POS');
    const members = await Promise.all(Array.from({ length: 6 }, () => newMember(agent)));
    for (const [i, m] of members.entries()) await book(pos, receipt([line(1, i % 2 === 0 ? 5000 : 1000)], { memberId: m.memberId, occurredAt: daysAgo(3) }));

    const draft = await marketer.call('createCampaign', {
      body: definition('BASKET_THRESHOLD', { minBasketKurus: 4000, points: 25 }, { storeIds: [pos.storeId], budgetUnit: 'KURUS' }),
    });
    const forecast = await marketer.call('forecastCampaign', { params: { campaignId: draft.id }, query: { days: 7 } });
    expect(forecast).toMatchObject({ matchedReceipts: 3, reach: 3, points: 75, cost: 75, costKurus: 75, budgetUnit: 'KURUS' });

    const live = await activeCampaign(marketer, definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 10 }, { storeIds: [pos.storeId], controlPct: 50 }));
    for (const m of members) await book(pos, receipt([line(1, 3000)], { memberId: m.memberId }));
    const evaluation = await marketer.call('evaluateCampaign', { params: { campaignId: live.id } });
    const awarded = members.filter((m) => !isInControlGroup(live.id, m.memberId, 50)).length;
    expect(evaluation).toMatchObject({ awards: awarded, reach: awarded, points: 10 * awarded, costKurus: 10 * awarded });
    const audience = await db().member.count({ where: { erasedAt: null } });
    expect(evaluation.uplift.treatmentMembers + evaluation.uplift.controlMembers).toBe(audience);
    if (evaluation.uplift.ciLowKurus !== null) {
      expect(evaluation.uplift.ciLowKurus).toBeLessThanOrEqual(evaluation.uplift.incrementalSpendPerMemberKurus);
      expect(evaluation.uplift.ciHighKurus!).toBeGreaterThanOrEqual(evaluation.uplift.incrementalSpendPerMemberKurus);
    }
  });
});
