import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { BasketLine, Campaign, CampaignParams, MemberFacts } from './campaign-types';
import { awardCost, basketAmount, controlBucket, evaluateCampaigns, isInControlGroup } from './evaluate-campaigns';
import { forecastCampaign } from './forecast';

const AT = new Date('2026-06-15T10:00:00Z');
const STORE = 'store-1';

let n = 0;
function campaign(def: CampaignParams, extra: Partial<Campaign> = {}): Campaign {
  return {
    id: `c${++n}`,
    name: `Campaign ${n}`,
    priority: 0,
    startsAt: new Date('2026-06-01T00:00:00Z'),
    endsAt: new Date('2026-07-01T00:00:00Z'),
    storeIds: [],
    channels: ['POS'],
    controlPct: 0,
    requiresActivation: false,
    ...def,
    ...extra,
  } as Campaign;
}

function member(extra: Partial<MemberFacts> = {}): MemberFacts {
  return {
    memberId: 'm-1',
    tierCode: 'CLASSIC',
    birthDate: null,
    daysSinceLastVisit: 3,
    audienceCampaignIds: new Set(),
    activatedCampaignIds: new Set(),
    previousAwards: {},
    recentPurchases: { skus: new Set(), categories: new Set(), brands: new Set() },
    ...extra,
  };
}

const line = (lineNo: number, net: number, extra: Partial<BasketLine> = {}): BasketLine => ({
  lineNo,
  sku: `SKU-${lineNo}`,
  category: 'grocery',
  quantity: 1,
  net,
  isReward: false,
  points: Math.floor(net / 100),
  ...extra,
});

const BASKET = [line(1, 6000, { category: 'dairy', brand: 'Sütaş', sku: 'MILK' }), line(2, 4000, { category: 'snacks', quantity: 2 })];

function run(campaigns: Campaign[], m = member(), lines = BASKET, segmented?: Set<string>) {
  return evaluateCampaigns({ campaigns, lines, member: m, at: AT, storeId: STORE, ...(segmented ? { segmented } : {}) });
}

describe('campaign types', () => {
  it('POINTS_MULTIPLIER adds (m − 1) × the earned points of matching lines', () => {
    const c = campaign({ type: 'POINTS_MULTIPLIER', params: { multiplier: 3, match: { categories: ['dairy'] } } });
    const [award] = run([c]).awards;
    expect(award).toMatchObject({ campaignId: c.id, points: 120, lines: [{ lineNo: 1, points: 120 }] });
  });

  it('BONUS_POINTS per receipt and per unit on a category/brand/SKU', () => {
    const perReceipt = campaign({ type: 'BONUS_POINTS', params: { points: 50, per: 'receipt', match: { brands: ['Sütaş'] } } });
    const perUnit = campaign({ type: 'BONUS_POINTS', params: { points: 10, per: 'unit', match: { categories: ['snacks'] } } });
    const bySku = campaign({ type: 'BONUS_POINTS', params: { points: 7, per: 'receipt', match: { skus: ['NOPE'] } } });
    const awards = run([perReceipt, perUnit, bySku]).awards;
    expect(awards.map((a) => [a.campaignId, a.points])).toEqual([
      [perReceipt.id, 50],
      [perUnit.id, 20],
    ]);
  });

  it('BONUS_POINTS honours minQuantity', () => {
    const c = campaign({ type: 'BONUS_POINTS', params: { points: 10, per: 'receipt', match: { categories: ['snacks'] }, minQuantity: 3 } });
    expect(run([c]).awards).toEqual([]);
  });

  it('BASKET_THRESHOLD gives points from the threshold on, spread over lines by net', () => {
    const c = campaign({ type: 'BASKET_THRESHOLD', params: { minBasketKurus: 10_000, points: 100 } });
    expect(run([c]).awards[0]).toMatchObject({ points: 100, lines: [{ lineNo: 1, points: 60 }, { lineNo: 2, points: 40 }] });
    const high = campaign({ type: 'BASKET_THRESHOLD', params: { minBasketKurus: 10_001, points: 100 } });
    expect(run([high]).awards).toEqual([]);
  });

  it('DISCOUNT_COUPON: percent with a cap, or a fixed amount no larger than the matching lines', () => {
    const pct = campaign({ type: 'DISCOUNT_COUPON', params: { percent: 10, maxDiscountKurus: 500 } });
    expect(run([pct]).awards[0]).toMatchObject({ discountKurus: 500, points: 0 });
    const amount = campaign({ type: 'DISCOUNT_COUPON', params: { amountKurus: 9000, match: { categories: ['snacks'] } } });
    expect(run([amount]).awards[0]).toMatchObject({ discountKurus: 4000 });
    const min = campaign({ type: 'DISCOUNT_COUPON', params: { amountKurus: 100, minBasketKurus: 20_000 } });
    expect(run([min]).awards).toEqual([]);
  });

  it('FREE_GIFT when the basket qualifies', () => {
    const c = campaign({ type: 'FREE_GIFT', params: { giftSku: 'BAG', giftName: 'Bez çanta', giftValueKurus: 1500, match: { categories: ['dairy'] } } });
    expect(run([c]).awards[0]).toMatchObject({ gift: { sku: 'BAG', valueKurus: 1500 }, points: 0 });
    const other = campaign({ type: 'FREE_GIFT', params: { giftSku: 'BAG', giftName: 'Bez çanta', giftValueKurus: 1500, match: { categories: ['toys'] } } });
    expect(run([other]).awards).toEqual([]);
  });

  it('CROSS_SELL needs the trigger (in the basket or recent history) and a different target line', () => {
    const c = campaign({ type: 'CROSS_SELL', params: { trigger: { categories: ['dairy'] }, target: { categories: ['snacks'] }, points: 30 } });
    expect(run([c]).awards[0]).toMatchObject({ points: 30, lines: [{ lineNo: 2, points: 30 }] });
    expect(run([c], member(), [BASKET[1]!]).awards).toEqual([]);
    const history = member({ recentPurchases: { skus: new Set(), categories: new Set(['dairy']), brands: new Set() } });
    expect(run([c], history, [BASKET[1]!]).awards[0]).toMatchObject({ points: 30 });
    const self = campaign({ type: 'CROSS_SELL', params: { trigger: { categories: ['dairy'] }, target: { categories: ['dairy'] }, points: 30 } });
    expect(run([self], member(), [BASKET[0]!]).awards).toEqual([]);
  });

  it('BIRTHDAY inside the window after the birthday, once per birthday', () => {
    const c = campaign({ type: 'BIRTHDAY', params: { points: 200, windowDays: 7 } });
    const born = (iso: string) => member({ birthDate: new Date(iso) });
    expect(run([c], born('1990-06-10')).awards[0]).toMatchObject({ points: 200 });
    expect(run([c], born('1990-06-16')).awards).toEqual([]);
    expect(run([c], born('1990-06-01')).awards).toEqual([]);
    const already = member({ birthDate: new Date('1990-06-10'), previousAwards: { [c.id]: { count: 1, lastAt: new Date('2026-06-11T09:00:00Z') } } });
    expect(run([c], already).awards).toEqual([]);
    const lastYear = member({ birthDate: new Date('1990-06-10'), previousAwards: { [c.id]: { count: 1, lastAt: new Date('2025-06-11T09:00:00Z') } } });
    expect(run([c], lastYear).awards).toHaveLength(1);
  });

  it('BIRTHDAY windows cross the year end', () => {
    const c = campaign({ type: 'BIRTHDAY', params: { points: 200, windowDays: 10 } }, { startsAt: new Date('2026-01-01T00:00:00Z'), endsAt: new Date('2027-01-01T00:00:00Z') });
    const r = evaluateCampaigns({ campaigns: [c], lines: BASKET, member: member({ birthDate: new Date('1990-12-28') }), at: new Date('2026-01-03T10:00:00Z'), storeId: STORE });
    expect(r.awards).toHaveLength(1);
  });

  it('WIN_BACK for members away at least N days; not on a first visit', () => {
    const c = campaign({ type: 'WIN_BACK', params: { minDaysSinceLastVisit: 60, points: 150 } });
    expect(run([c], member({ daysSinceLastVisit: 90 })).awards[0]).toMatchObject({ points: 150 });
    expect(run([c], member({ daysSinceLastVisit: 59 })).awards).toEqual([]);
    expect(run([c], member({ daysSinceLastVisit: null })).awards).toEqual([]);
  });

  it('TIER_UPGRADE only for the named tiers', () => {
    const c = campaign({ type: 'TIER_UPGRADE', params: { tierCodes: ['CLASSIC'], points: 80, minBasketKurus: 5000 } });
    expect(run([c]).awards[0]).toMatchObject({ points: 80 });
    expect(run([c], member({ tierCode: 'GOLD' })).awards).toEqual([]);
  });

  it('DRAW_ENTRIES: one per step of basket, capped', () => {
    const c = campaign({ type: 'DRAW_ENTRIES', params: { drawName: 'Yaz çekilişi', kurusPerEntry: 2500, maxEntries: 3 } });
    expect(run([c]).awards[0]).toMatchObject({ drawEntries: 3, points: 0 });
    const small = campaign({ type: 'DRAW_ENTRIES', params: { drawName: 'Yaz çekilişi', kurusPerEntry: 20_000 } });
    expect(run([small]).awards).toEqual([]);
  });
});

describe('eligibility', () => {
  const bonus = () => campaign({ type: 'BASKET_THRESHOLD', params: { minBasketKurus: 1, points: 10 } });

  it('window is half-open and stores filter', () => {
    expect(run([bonus()].map((c) => ({ ...c, endsAt: AT }))).awards).toEqual([]);
    expect(run([bonus()].map((c) => ({ ...c, startsAt: AT }))).awards).toHaveLength(1);
    expect(run([{ ...bonus(), storeIds: ['other'] }]).awards).toEqual([]);
  });

  it('segment audience, activation and per-member limits', () => {
    const c = bonus();
    expect(run([c], member(), BASKET, new Set([c.id])).awards).toEqual([]);
    expect(run([c], member({ audienceCampaignIds: new Set([c.id]) }), BASKET, new Set([c.id])).awards).toHaveLength(1);
    const act = { ...bonus(), requiresActivation: true };
    expect(run([act]).awards).toEqual([]);
    expect(run([act], member({ activatedCampaignIds: new Set([act.id]) })).awards).toHaveLength(1);
    const once = { ...bonus(), maxAwardsPerMember: 1 };
    expect(run([once], member({ previousAwards: { [once.id]: { count: 1, lastAt: AT } } })).awards).toEqual([]);
  });

  it('reward lines never count', () => {
    const c = campaign({ type: 'BASKET_THRESHOLD', params: { minBasketKurus: 10_000, points: 10 } });
    expect(run([c], member(), [line(1, 9000), line(2, 2000, { isReward: true })]).awards).toEqual([]);
    expect(basketAmount([line(1, 9000), line(2, -500, { isReward: true })])).toBe(9000);
  });
});

describe('stacking', () => {
  it('multipliers do not compound: each line takes its highest multiplier', () => {
    const all2 = campaign({ type: 'POINTS_MULTIPLIER', params: { multiplier: 2 } });
    const dairy3 = campaign({ type: 'POINTS_MULTIPLIER', params: { multiplier: 3, match: { categories: ['dairy'] } } });
    const awards = run([all2, dairy3]).awards;
    // line 1 (60 pts): 3× → +120 to dairy3; line 2 (40 pts): 2× → +40 to all2. Not 2 × 3 = 6×.
    expect(awards.find((a) => a.campaignId === dairy3.id)).toMatchObject({ points: 120, lines: [{ lineNo: 1, points: 120 }] });
    expect(awards.find((a) => a.campaignId === all2.id)).toMatchObject({ points: 40, lines: [{ lineNo: 2, points: 40 }] });
  });

  it('equal multipliers: priority breaks the tie', () => {
    const low = campaign({ type: 'POINTS_MULTIPLIER', params: { multiplier: 2 } }, { priority: 1 });
    const high = campaign({ type: 'POINTS_MULTIPLIER', params: { multiplier: 2 } }, { priority: 5 });
    expect(run([low, high]).awards.map((a) => a.campaignId)).toEqual([high.id]);
  });

  it('fixed bonuses add up with a multiplier', () => {
    const mult = campaign({ type: 'POINTS_MULTIPLIER', params: { multiplier: 2 } });
    const threshold = campaign({ type: 'BASKET_THRESHOLD', params: { minBasketKurus: 5000, points: 100 } });
    const bonus = campaign({ type: 'BONUS_POINTS', params: { points: 25, per: 'receipt', match: { categories: ['dairy'] } } });
    const awards = run([mult, threshold, bonus]).awards;
    expect(awards.reduce((s, a) => s + a.points, 0)).toBe(100 + 100 + 25);
  });

  it('at most one discount coupon: highest priority, then the larger discount', () => {
    const small = campaign({ type: 'DISCOUNT_COUPON', params: { amountKurus: 500 } }, { priority: 9 });
    const big = campaign({ type: 'DISCOUNT_COUPON', params: { amountKurus: 2000 } }, { priority: 1 });
    expect(run([small, big]).awards.map((a) => a.campaignId)).toEqual([small.id]);
    const equalA = campaign({ type: 'DISCOUNT_COUPON', params: { amountKurus: 500 } });
    const equalB = campaign({ type: 'DISCOUNT_COUPON', params: { amountKurus: 700 } });
    expect(run([equalA, equalB]).awards.map((a) => a.campaignId)).toEqual([equalB.id]);
  });
});

describe('control group', () => {
  it('is stable, about the configured share, and gets nothing', () => {
    const c = campaign({ type: 'BASKET_THRESHOLD', params: { minBasketKurus: 1, points: 10 } }, { controlPct: 20 });
    let inControl = 0;
    for (let i = 0; i < 2000; i++) {
      const id = `member-${i}`;
      const r = run([c], member({ memberId: id }));
      const control = isInControlGroup(c.id, id, 20);
      expect(controlBucket(c.id, id)).toBe(controlBucket(c.id, id));
      if (control) {
        inControl++;
        expect(r.awards).toEqual([]);
        expect(r.controlled).toEqual([c.id]);
      } else expect(r.awards).toHaveLength(1);
    }
    expect(inControl / 2000).toBeGreaterThan(0.16);
    expect(inControl / 2000).toBeLessThan(0.24);
  });

  it('0% holds nobody out', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (c, m) => !isInControlGroup(c, m, 0)));
  });
});

describe('properties', () => {
  const lineArb = fc.record({ net: fc.integer({ min: 1, max: 100_000 }), qty: fc.integer({ min: 1, max: 5 }), cat: fc.constantFrom('a', 'b') });
  it('per-line points always sum to the award and are non-negative', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 101, max: 500 }), (ls, pts, m) => {
        const lines = ls.map((l, i) => line(i + 1, l.net, { category: l.cat, quantity: l.qty }));
        const cs = [
          campaign({ type: 'POINTS_MULTIPLIER', params: { multiplier: m / 100 } }),
          campaign({ type: 'BONUS_POINTS', params: { points: pts, per: 'unit', match: { categories: ['a'] } } }),
          campaign({ type: 'BASKET_THRESHOLD', params: { minBasketKurus: 1, points: pts } }),
        ];
        for (const a of run(cs, member(), lines).awards) {
          expect(a.lines.reduce((s, l) => s + l.points, 0)).toBe(a.points);
          expect(a.lines.every((l) => l.points > 0)).toBe(true);
        }
      }),
    );
  });
});

describe('cost and forecast', () => {
  it('costs points or kuruş', () => {
    const award = { points: 100, discountKurus: 250, gift: { sku: 'X', name: 'X', valueKurus: 1000 } };
    expect(awardCost(award, 'POINTS', 1)).toBe(100);
    expect(awardCost(award, 'KURUS', 2)).toBe(250 + 1000 + 200);
  });

  it('forecast counts reach and cost over past receipts, without the control group', () => {
    const c = campaign({ type: 'BASKET_THRESHOLD', params: { minBasketKurus: 5000, points: 100 } }, { requiresActivation: true, startsAt: new Date('2030-01-01'), endsAt: new Date('2030-02-01') });
    const receipts = [
      { at: AT, storeId: STORE, member: member({ memberId: 'a' }), lines: BASKET },
      { at: AT, storeId: STORE, member: member({ memberId: 'a' }), lines: BASKET },
      { at: AT, storeId: STORE, member: member({ memberId: 'b' }), lines: [line(1, 100)] },
    ];
    expect(forecastCampaign(c, receipts, 'POINTS', 1)).toMatchObject({ receipts: 3, matchedReceipts: 2, reach: 1, points: 200, cost: 200, costKurus: 200 });
  });
});
