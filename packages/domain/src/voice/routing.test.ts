import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { routeTicket } from './routing';
import type { RoutingRule } from './routing';

const rule = (id: string, over: Partial<RoutingRule>): RoutingRule => ({ id, categoryCode: null, storeId: null, teamId: `team-${id}`, agentId: null, priority: 100, ...over });

describe('routeTicket', () => {
  const rules = [
    rule('fallback', { priority: 1000 }),
    rule('cashier', { categoryCode: 'KASA', teamId: 'store-ops' }),
    rule('cashier-kadikoy', { categoryCode: 'KASA', storeId: 'kadikoy', teamId: 'kadikoy-ops', agentId: 'ayse' }),
    rule('card', { categoryCode: 'KART', teamId: 'customer-service' }),
    rule('urgent-store', { storeId: 'besiktas', teamId: 'besiktas-ops', priority: 10 }),
  ];

  it.each([
    ['a category rule', { categoryCode: 'KART', storeId: 'kadikoy' }, 'card'],
    ['the more specific rule on equal priority', { categoryCode: 'KASA', storeId: 'kadikoy' }, 'cashier-kadikoy'],
    ['the category rule in another store', { categoryCode: 'KASA', storeId: 'umraniye' }, 'cashier'],
    ['a lower priority number before specificity', { categoryCode: 'KASA', storeId: 'besiktas' }, 'urgent-store'],
    ['the catch-all when nothing else matches', { categoryCode: 'TEMIZLIK', storeId: null }, 'fallback'],
  ])('picks %s', (_what, ticket, expected) => {
    expect(routeTicket(rules, ticket)?.id).toBe(expected);
  });

  it('returns null without a matching rule', () => {
    expect(routeTicket([rule('card', { categoryCode: 'KART' })], { categoryCode: 'KASA', storeId: null })).toBeNull();
  });

  it('does not depend on the order rules are listed in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(rules, { minLength: rules.length }), fc.constantFrom('KASA', 'KART', 'TEMIZLIK'), fc.constantFrom('kadikoy', 'besiktas', null), (shuffled, categoryCode, storeId) =>
        routeTicket(shuffled, { categoryCode, storeId })?.id === routeTicket(rules, { categoryCode, storeId })?.id,
      ),
    );
  });
});
