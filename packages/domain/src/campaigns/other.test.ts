import { describe, expect, it } from 'vitest';

import type { Campaign } from './campaign-types';
import { canTransitionCampaign, isCampaignEditable, scheduledTransition } from './lifecycle';
import { propensity, rankOffers } from './offer-ranking';
import { welchInterval } from './uplift';

describe('lifecycle', () => {
  it('allows only the documented transitions', () => {
    expect(canTransitionCampaign('DRAFT', 'SCHEDULED')).toBe(true);
    expect(canTransitionCampaign('DRAFT', 'ACTIVE')).toBe(false);
    expect(canTransitionCampaign('ACTIVE', 'PAUSED')).toBe(true);
    expect(canTransitionCampaign('PAUSED', 'ACTIVE')).toBe(true);
    expect(canTransitionCampaign('ACTIVE', 'DRAFT')).toBe(false);
    expect(canTransitionCampaign('ENDED', 'ACTIVE')).toBe(false);
    expect(isCampaignEditable('SCHEDULED')).toBe(true);
    expect(isCampaignEditable('ACTIVE')).toBe(false);
  });

  it('the scheduler activates and ends by the window', () => {
    const s = new Date('2026-01-01T00:00:00Z');
    const e = new Date('2026-02-01T00:00:00Z');
    expect(scheduledTransition('SCHEDULED', s, e, new Date('2025-12-31T23:59:59Z'))).toBeNull();
    expect(scheduledTransition('SCHEDULED', s, e, s)).toBe('ACTIVE');
    expect(scheduledTransition('SCHEDULED', s, e, e)).toBe('ENDED');
    expect(scheduledTransition('PAUSED', s, e, e)).toBe('ENDED');
    expect(scheduledTransition('DRAFT', s, e, e)).toBeNull();
  });
});

describe('welchInterval', () => {
  it('matches a hand-computed Welch interval', () => {
    // means 20 and 12, variances 10 and 5 (n = 5 and 4): se² = 2 + 1.25, df = 3.25² / (4/4 + 1.5625/3) ≈ 6.94
    const r = welchInterval([16, 18, 20, 22, 24].map((x) => x), [10, 11, 13, 14].map((x) => x));
    expect(r.difference).toBe(8);
    const t = welchInterval([16, 18, 20, 22, 24], [10, 11, 13, 14]);
    expect(t.degreesOfFreedom).toBeGreaterThan(6);
    expect(t.degreesOfFreedom).toBeLessThan(7.5);
    expect(t.low!).toBeLessThan(8);
    expect(t.high!).toBeGreaterThan(8);
    expect(t.high! - 8).toBeCloseTo(8 - t.low!, 9);
  });

  it('has no interval for groups smaller than two', () => {
    expect(welchInterval([1], [1, 2])).toMatchObject({ low: null, high: null });
  });
});

describe('rankOffers', () => {
  const base = { priority: 0, startsAt: new Date(0), endsAt: new Date(1), storeIds: [], channels: ['KIOSK'], controlPct: 0, requiresActivation: true } as const;
  const dairy: Campaign = { ...base, id: 'dairy', name: 'd', type: 'BONUS_POINTS', params: { points: 10, per: 'receipt', match: { categories: ['dairy'] } } };
  const toys: Campaign = { ...base, id: 'toys', name: 't', type: 'BONUS_POINTS', params: { points: 10, per: 'receipt', match: { categories: ['toys'] } } };
  const winBack: Campaign = { ...base, id: 'wb', name: 'w', type: 'WIN_BACK', params: { minDaysSinceLastVisit: 30, points: 10 } };
  const history = { byCategory: { dairy: 8000, toys: 2000 }, byBrand: {}, bySku: {}, totalKurus: 10_000, daysSinceLastVisit: 2 };

  it('ranks by category propensity first', () => {
    expect(propensity({ categories: ['dairy'] }, history)).toBeCloseTo(0.8);
    expect(rankOffers([toys, dairy], history).map((o) => o.campaignId)).toEqual(['dairy', 'toys']);
  });

  it('priority lifts an offer and win-back favours lapsed members', () => {
    const close = { ...history, byCategory: { dairy: 6000, toys: 4000 } };
    expect(rankOffers([dairy, toys], close)[0]!.campaignId).toBe('dairy');
    expect(rankOffers([dairy, { ...toys, priority: 100 }], close)[0]!.campaignId).toBe('toys');
    const lapsed = { ...history, daysSinceLastVisit: 120 };
    const fresh = rankOffers([winBack], history)[0]!.score;
    expect(rankOffers([winBack], lapsed)[0]!.score).toBeGreaterThan(fresh);
  });
});
