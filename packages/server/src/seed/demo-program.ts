// The demo loyalty program: a three-rung tier ladder and the earning rules a Turkish chain would start with.

import type { Prisma } from '../generated/prisma/client';

/** Tier rows: rolling 12-month spend thresholds in kuruş, multipliers in basis points, one benefit per line. */
export const DEMO_TIERS: Prisma.TierCreateManyInput[] = [
  {
    code: 'CLASSIC',
    name: 'Klasik',
    rank: 0,
    minSpendKurus: null,
    minPoints: null,
    multiplierBp: 10_000,
    benefits: ['Her 1 TL alışverişe 1 puan', 'Doğum gününde kişiye özel indirim', 'Kioskta kişisel kampanyalar'].join('\n'),
  },
  {
    code: 'GOLD',
    name: 'Altın',
    rank: 1,
    minSpendKurus: 1_500_000,
    minPoints: null,
    multiplierBp: 15_000,
    benefits: [
      'Tüm alışverişlerde 1,5 kat puan',
      'Ayda bir ücretsiz eve teslimat',
      'Kampanyalara 24 saat önce erişim',
      'Doğum gününde kişiye özel indirim',
    ].join('\n'),
  },
  {
    code: 'PLATINUM',
    name: 'Platin',
    rank: 2,
    minSpendKurus: 4_000_000,
    minPoints: null,
    multiplierBp: 20_000,
    benefits: [
      'Tüm alışverişlerde 2 kat puan',
      'Sınırsız ücretsiz eve teslimat',
      'Öncelikli kasa ve müşteri hizmetleri hattı',
      'Yılda iki kez sürpriz hediye çeki',
      'Kampanyalara 48 saat önce erişim',
    ].join('\n'),
  },
];

/** One base rule (1 point per TL paid) and a fresh-produce multiplier, as the domain's EarningEffect. */
export const DEMO_EARNING_RULES: Prisma.EarningRuleCreateManyInput[] = [
  {
    name: 'Her 1 TL’ye 1 puan',
    priority: 0,
    effect: { kind: 'base', pointsPerTry: 1 },
    storeIds: [],
    tierCodes: [],
    active: true,
  },
  {
    name: 'Meyve-sebzede 2 kat puan',
    priority: 10,
    effect: { kind: 'multiplier', multiplier: 2, match: { categories: ['Meyve-Sebze'] } },
    storeIds: [],
    tierCodes: [],
    active: true,
  },
];
