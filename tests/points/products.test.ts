import { ApiError } from '@kulup/contracts';
import type { KulupClient, TProductCreateRequest } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

const PRODUCTS: TProductCreateRequest[] = [
  { sku: '8690000000011', name: 'Sütaş Yarım Yağlı Süt 1 L', category: 'Süt Ürünleri', brand: 'Sütaş', priceKurus: 4450 },
  { sku: '8690000000028', name: 'Pınar Labne 400 g', category: 'Süt Ürünleri', brand: 'Pınar', priceKurus: 9490 },
  { sku: '8690000000035', name: 'Ülker Çikolatalı Gofret 36 g', category: 'Atıştırmalık', brand: 'Ülker', priceKurus: 1250 },
  { sku: '2701000000008', name: 'Ispanak (kg)', category: 'Meyve-Sebze', priceKurus: 4490 },
  { sku: '8690000000042', name: 'HP DeskJet 2820 Çok Fonksiyonlu Yazıcı', category: 'Elektronik', brand: 'HP', priceKurus: 299_900 },
  { sku: '8690000000059', name: 'Copier Bond A4 Fotokopi Kağıdı 80 g 500’lü', category: 'Kırtasiye', brand: 'Copier Bond', priceKurus: 21_990 },
];

const rejected = async (p: Promise<unknown>) => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
};

describe.each(testDatabases())('product catalogue on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let agent: KulupClient;

  beforeAll(async () => {
    server = await startTestServer(kind);
    marketer = (await server.staff('MARKETER')).client;
    agent = (await server.staff('AGENT')).client;
    for (const body of PRODUCTS) await marketer.call('createProduct', { body });
  });
  afterAll(async () => {
    await server?.close();
  });

  const search = async (query: { q?: string; category?: string }) =>
    (await agent.call('listProducts', { query })).items.map((p) => p.sku).sort();

  it('creates a product (marketers and admins) and records it in the audit log', async () => {
    const created = await marketer.call('createProduct', {
      body: { sku: 'MS-ELMA-1', name: 'Amasya Elması (kg)', category: 'Meyve-Sebze', priceKurus: 4490 },
    });
    expect(created).toMatchObject({ sku: 'MS-ELMA-1', brand: null, priceKurus: 4490 });
    const audit = await server.database.prisma.auditLog.findMany({ where: { entityType: 'product', entityId: 'MS-ELMA-1' } });
    expect(audit.map((a) => a.action)).toEqual(['product.create']);
    expect((await rejected(agent.call('createProduct', { body: { ...PRODUCTS[0]!, sku: 'X-1' } }))).status).toBe(403);
  });

  it('refuses a second product with the same SKU and malformed products, writing nothing', async () => {
    const before = await server.database.prisma.product.count();
    const dup = await rejected(marketer.call('createProduct', { body: PRODUCTS[0]! }));
    expect([dup.status, dup.code, dup.fields.map((f) => f.path)]).toEqual([409, 'CONFLICT', ['sku']]);
    const bad = await rejected(
      marketer.call('createProduct', { body: { sku: 'bad sku', name: '', category: 'Fırın', priceKurus: -5 } as TProductCreateRequest }),
    );
    expect(bad.status).toBe(400);
    expect(bad.fields.map((f) => f.path).sort()).toEqual(['name', 'priceKurus', 'sku']);
    expect(await server.database.prisma.product.count()).toBe(before);
  });

  it('finds products by name, brand or SKU prefix, whatever the Turkish letter case', async () => {
    expect(await search({ q: 'labne' })).toEqual(['8690000000028']);
    expect(await search({ q: 'SÜTAŞ' })).toEqual(['8690000000011']);
    expect(await search({ q: 'ülker' })).toEqual(['8690000000035']);
    expect(await search({ q: 'çikolatalı' })).toEqual(['8690000000035']);
    expect(await search({ q: 'ıspanak' })).toEqual(['2701000000008']);
    expect(await search({ q: 'yazıcı' })).toEqual(['8690000000042']);
    expect(await search({ q: '869000000005' })).toEqual(['8690000000059']);
    expect(await search({ q: 'kahve' })).toEqual([]);
  });

  it('filters by category, also combined with a search term', async () => {
    expect(await search({ category: 'Süt Ürünleri' })).toEqual(['8690000000011', '8690000000028']);
    expect(await search({ category: 'Süt Ürünleri', q: 'pınar' })).toEqual(['8690000000028']);
    expect(await search({ category: 'Bebek' })).toEqual([]);
  });

  it('pages through the catalogue by SKU without gaps or repeats', async () => {
    const all = (await agent.call('listProducts', { query: { limit: 200 } })).items.map((p) => p.sku);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await agent.call('listProducts', { query: { limit: 2, ...(cursor ? { cursor } : {}) } });
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((p) => p.sku));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all.length).toBe(PRODUCTS.length + 1);
  });

  it('lists the categories with their product counts in Turkish alphabetical order', async () => {
    const { items } = await agent.call('listProductCategories', {});
    expect(items).toEqual([
      { category: 'Atıştırmalık', products: 1 },
      { category: 'Elektronik', products: 1 },
      { category: 'Kırtasiye', products: 1 },
      { category: 'Meyve-Sebze', products: 2 },
      { category: 'Süt Ürünleri', products: 2 },
    ]);
  });
});
