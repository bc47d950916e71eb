import { computeEarning, validateEarningRules, validateTiers } from '@kulup/domain';
import { loadConfig, openDatabase, seedDemo } from '@kulup/server';
import type { Database } from '@kulup/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { toDomainRule, toEarningRule } from '../../packages/server/src/services/earning/earning-rule.mapper';
import { checkLedger } from '../../packages/server/src/services/invariants/check-ledger';
import { toTierDefinition } from '../../packages/server/src/services/tiers/tier.mapper';
import { freshDatabase, testDatabases } from '../support/databases';
import type { TestDatabase } from '../support/databases';

describe.each(testDatabases())('demo seed keeps the ledger consistent on %s', (kind) => {
  let target: TestDatabase;
  let database: Database;
  let seedMs = 0;

  beforeAll(async () => {
    target = await freshDatabase(kind);
    database = await openDatabase({ url: target.url, dataDir: 'memory://', migrate: true });
    const started = performance.now();
    await seedDemo(database.prisma, loadConfig({}), { members: 1000, seed: 7 });
    seedMs = performance.now() - started;
    // A figure for the report, not an assertion (DESIGN §8: speed is measured, never asserted in tests).
    console.info(`[seed-ledger] ${kind}: seeded 1,000 members in ${Math.round(seedMs)} ms`);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('posts every opening balance through the ledger: Σ of all entries is 0 and each balance is Σ of its entries', async () => {
    const db = database.prisma;
    const [{ total }] = await db.$queryRaw<[{ total: bigint }]>`SELECT COALESCE(SUM(points), 0)::bigint AS total FROM ledger_entry`;
    expect(Number(total)).toBe(0);
    const mismatched = await db.$queryRaw<{ id: string }[]>`
      SELECT m.id FROM member m
      LEFT JOIN (SELECT member_id, SUM(points) AS s FROM ledger_entry WHERE account = 'member' GROUP BY member_id) e ON e.member_id = m.id
      WHERE m.points_balance <> COALESCE(e.s, 0)`;
    expect(mismatched).toEqual([]);
    // Not vacuous: most members carry points.
    expect(await db.member.count({ where: { pointsBalance: { gt: 0 } } })).toBeGreaterThan(500);
    expect(await checkLedger(db)).toEqual([]);
  });

  it('gives each member with points one IMPORT lot and one import:<externalRef> event against system:imported', async () => {
    const db = database.prisma;
    const members = await db.member.findMany({ where: { pointsBalance: { gt: 0 } }, include: { lots: true, ledger: true } });
    for (const m of members) {
      expect(m.externalRef).toMatch(/^DEMO-\d{6}$/);
      expect(m.lots).toHaveLength(1);
      expect(m.lots[0]).toMatchObject({ source: 'IMPORT', earned: m.pointsBalance, consumed: 0, expired: 0, held: 0 });
      expect(m.lots[0]!.availableAt.getTime()).toBeLessThanOrEqual(Date.now());
      expect(m.lots[0]!.expiresAt!.getTime()).toBeGreaterThan(Date.now());
      expect(m.ledger.map((e) => [e.kind, e.eventKey, e.points, e.lotId])).toEqual([['IMPORT', `import:${m.externalRef}`, m.pointsBalance, m.lots[0]!.id]]);
    }
    const counter = await db.ledgerEntry.aggregate({ where: { account: 'system:imported' }, _sum: { points: true }, _count: true });
    expect(counter._count).toBe(members.length);
    expect(counter._sum.points).toBe(-members.reduce((s, m) => s + m.pointsBalance, 0));
  });

  it('spreads the lots’ dates, so some points expire within 30 days (the expiry warning has members)', async () => {
    const soon = await database.prisma.pointsLot.count({ where: { expiresAt: { lt: new Date(Date.now() + 30 * 86_400_000) } } });
    expect(soon).toBeGreaterThan(0);
  });

  it('seeds a tier ladder and earning rules the domain accepts: 1 point per TL, fruit and vegetables ×2, GOLD ×1.5', async () => {
    const db = database.prisma;
    const tiers = (await db.tier.findMany({ orderBy: { rank: 'asc' } })).map(toTierDefinition);
    expect(tiers.map((t) => [t.code, t.rank, t.minSpend, t.multiplier])).toEqual([
      ['CLASSIC', 0, undefined, 1],
      ['GOLD', 1, 1_500_000, 1.5],
      ['PLATINUM', 2, 4_000_000, 2],
    ]);
    expect(validateTiers(tiers)).toEqual([]);
    for (const t of tiers) expect(t.benefits.length).toBeGreaterThanOrEqual(3);

    const rules = (await db.earningRule.findMany()).map((row) => toDomainRule(row.id, toEarningRule(row)));
    expect(validateEarningRules(rules)).toEqual([]);
    const receipt = {
      lines: [
        { lineNo: 1, sku: 'x', category: 'Meyve-Sebze', quantity: 1, unitPrice: 10_000, lineDiscount: 0 },
        { lineNo: 2, sku: 'y', category: 'Temel Gıda', quantity: 1, unitPrice: 10_000, lineDiscount: 0 },
      ],
      total: 20_000,
      payments: [{ method: 'card' as const, amount: 20_000 }],
    };
    const earned = computeEarning({ receipt, rules, tierCode: 'CLASSIC', earnedTodayBefore: 0, at: new Date(), storeId: 'any' });
    expect(earned.lines).toEqual([{ lineNo: 1, points: 200 }, { lineNo: 2, points: 100 }]);
  });

  it('seeds about 150 products in the supermarket categories, with the printer → paper and phone → case pairs', async () => {
    const db = database.prisma;
    const products = await db.product.findMany();
    expect(products.length).toBeGreaterThanOrEqual(140);
    const categories = new Set(products.map((p) => p.category));
    for (const c of ['Meyve-Sebze', 'Süt Ürünleri', 'Et-Tavuk', 'Fırın', 'Temel Gıda', 'İçecek', 'Atıştırmalık', 'Temizlik', 'Kişisel Bakım', 'Bebek', 'Elektronik Aksesuar', 'Kırtasiye']) {
      expect(categories).toContain(c);
    }
    const find = (re: RegExp) => products.filter((p) => re.test(p.name));
    expect(find(/Yazıcı/).length).toBeGreaterThan(0);
    expect(find(/A4 Fotokopi Kağıdı/).every((p) => p.category === 'Kırtasiye')).toBe(true);
    expect(find(/Cep Telefonu/).length).toBeGreaterThan(0);
    expect(find(/Telefon Kılıfı/).every((p) => p.category === 'Elektronik Aksesuar')).toBe(true);
    for (const brand of ['Sütaş', 'Pınar', 'Ülker', 'Eti', 'Torku', 'Banvit', 'Uludağ', 'Erikli', 'Fairy', 'Omo', 'Solo', 'Selpak', 'Nivea', 'Prima']) {
      expect(products.some((p) => p.brand === brand)).toBe(true);
    }
    for (const p of products) {
      expect(p.priceKurus).toBeGreaterThan(0);
      expect(p.sku).toMatch(/^\d{13}$/);
    }
  });
});
