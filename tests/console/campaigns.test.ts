import type { KulupClient } from '@kulup/contracts';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../kiosk/browser';
import { baseRule, daysAgo, key, line, newMember, receipt } from '../points/receipts.fixtures';
import type { Pos } from '../points/receipts.fixtures';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { activeCampaign, definition } from '../campaigns/campaigns.fixtures';
import { ensureConsoleBuilt, logIn, navLinks, openConsole, staffUser } from './support';

/** The cells of each body row of a table, as text. */
async function rows(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));
}

describe.each(testDatabases())('campaign pages in the browser on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let api: KulupClient;
  let pos: Pos;
  let storeName: string;
  let memberId: string;
  let segmentId: string;
  let agent: Awaited<ReturnType<typeof staffUser>>;
  let marketer: Awaited<ReturnType<typeof staffUser>>;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    const admin = (await server.staff('ADMIN')).client;
    api = (await server.staff('MARKETER')).client;
    agent = await staffUser(admin, 'AGENT', 'Deniz Temsilci');
    marketer = await staffUser(admin, 'MARKETER', 'Selin Pazarlama');
    await baseRule(api); // 1 point per TRY
    pos = await server.terminal('POS');
    storeName = (await admin.call('listStores', {})).items.find((s) => s.id === pos.storeId)!.name;
    // The audience: one member in a segment, who shopped (₺50 of grocery) three days ago: the forecast's last period.
    ({ memberId } = await newMember((await server.staff('AGENT')).client));
    await pos.client.call('bookReceipt', { body: receipt([line(1, 5000)], { memberId, occurredAt: daysAgo(3) }), idempotencyKey: key() });
    segmentId = (await api.call('createSegment', { body: { name: 'Kampanya kitlesi', rules: { kind: 'spend', windowDays: 30, min: 1 } } })).id;
    expect((await api.call('refreshSegment', { params: { segmentId } })).segment.memberCount).toBe(1);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets a marketer define a bonus campaign for a segment, see its forecast, activate it and follow its performance', async () => {
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, marketer);
      expect(await navLinks(page)).toEqual(['Pazarlama', 'Segmentler', 'Kampanyalar', 'Anketler', 'Duyurular', 'Analizler', 'Üyeler']);
      await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Kampanyalar' }).click();
      await page.getByText('Henüz kampanya yok.').waitFor();
      await page.getByRole('link', { name: 'Yeni kampanya' }).click();
      await page.getByRole('heading', { name: 'Yeni kampanya' }).waitFor();

      await page.getByLabel('Ad', { exact: true }).fill('Süt haftası');
      await page.getByLabel('Tür').selectOption({ label: 'Ek puan' });
      const params = page.getByRole('region', { name: 'Kurallar: Ek puan' });
      await params.getByLabel('Ne için').selectOption({ label: 'Fiş başına bir kez' });
      await params.getByRole('group', { name: 'Eşleşen ürünler' }).getByLabel('Kategoriler').fill('grocery');
      const points = params.getByLabel('Puan', { exact: true });
      await points.fill('0'); // invalid: at least 1
      await page.getByLabel('Segment').selectOption({ label: 'Kampanya kitlesi' });
      await page.getByText('1 üye', { exact: true }).waitFor();
      await page.getByRole('group', { name: 'Mağazalar' }).getByLabel(storeName).check();
      await page.getByLabel('Bütçe üst sınırı (puan)').fill('1000');

      // The server's message for params.points appears under that field; nothing is stored.
      await page.getByRole('button', { name: 'Taslak olarak kaydet' }).click();
      await page.getByRole('alert').getByText('Girilen bilgiler geçersiz.').waitFor();
      expect(await points.getAttribute('aria-invalid')).toBe('true');
      const pointsError = params.locator('.field-error');
      expect(await pointsError.count()).toBe(1);
      expect(await pointsError.innerText()).toMatch(/1/);
      expect(page.url()).toMatch(/\/campaigns\/new$/);
      expect((await api.call('listCampaigns', { query: {} })).items).toHaveLength(0);

      await points.fill('30');
      await page.getByRole('button', { name: 'Taslak olarak kaydet' }).click();
      await page.getByRole('status').getByText('Kampanya kaydedildi.').waitFor();
      await page.getByRole('heading', { name: /Süt haftası/ }).waitFor();
      expect(page.url()).toMatch(/\/campaigns\/[0-9a-f-]{36}$/);
      const campaignId = page.url().split('/').pop()!;
      const stored = await api.call('getCampaign', { params: { campaignId } });
      expect(stored).toMatchObject({ status: 'DRAFT', type: 'BONUS_POINTS', params: { points: 30, per: 'receipt', match: { categories: ['grocery'] } }, segmentId, storeIds: [pos.storeId], budgetCap: 1000 });

      // The forecast from the last 30 days' receipts: the one member, 30 points.
      const forecast = page.getByRole('region', { name: 'Tahmin (geçen dönemin fişleri)' });
      await expect.poll(() => forecast.getByTestId('forecast-reach').innerText()).toBe('1 üyeye ulaşırdı');
      const f = Object.fromEntries((await rows(forecast.getByRole('table'))).map((r) => [r[0], r[1]]));
      expect(f).toMatchObject({ 'Erişim / hedef kitle': '1 / 1', Puan: '30', 'Maliyet (bütçe biriminde)': '30 puan', 'Bütçe üst sınırı': '1.000 puan' });

      // Only the allowed transitions are offered.
      const lifecycle = page.getByRole('group', { name: 'Kampanya durumu' });
      expect(await lifecycle.getByRole('button').allInnerTexts()).toEqual(['Planla', 'Bitir']);
      await lifecycle.getByRole('button', { name: 'Planla' }).click();
      await page.getByRole('status').getByText('Kampanyanın durumu: Planlandı.').waitFor();
      expect((await lifecycle.getByRole('button').allInnerTexts()).sort()).toEqual(['Bitir', 'Etkinleştir', 'Taslağa geri al']);
      await lifecycle.getByRole('button', { name: 'Etkinleştir' }).click();
      await page.getByRole('status').getByText('Kampanyanın durumu: Etkin.').waitFor();
      expect(await lifecycle.getByRole('button').allInnerTexts()).toEqual(['Duraklat', 'Bitir']);
      expect(await page.getByRole('button', { name: 'Kaydet' }).isDisabled()).toBe(true);

      // A receipt booked at the till earns the campaign's points on top of the base points.
      const booked = await pos.client.call('bookReceipt', { body: receipt([line(1, 5000)], { memberId }), idempotencyKey: key() });
      expect(booked.campaigns).toEqual([expect.objectContaining({ campaignId, points: 30 })]);
      expect(booked.pointsEarned).toBe(80);
      await expectLedgerConsistent(server);

      // The list shows the budget used against the cap; the performance page one award and its cost.
      await page.getByRole('link', { name: '← Kampanyalar' }).click();
      const list = page.getByRole('table', { name: 'Kampanyalar' });
      await list.waitFor();
      const [row] = await rows(list);
      expect(row!.slice(0, 3)).toEqual(['Süt haftası', 'Ek puan', 'Etkin']);
      expect(row![4]).toBe('30 puan / 1.000 puan');
      await list.getByRole('link', { name: 'Süt haftası performansı' }).click();
      await page.getByRole('heading', { name: /Süt haftası: performans/ }).waitFor();
      expect(await page.getByTestId('perf-awards').innerText()).toBe('1');
      expect(await page.getByTestId('perf-reach').innerText()).toBe('1');
      expect(await page.getByTestId('perf-cost').innerText()).toBe('30 puan');
      const cost = Object.fromEntries((await rows(page.getByRole('table', { name: 'Maliyet dökümü' }))).map((r) => [r[0], r[1]]));
      expect(cost).toMatchObject({ 'Verilen puan': '30', 'Kullanılan bütçe / üst sınır': '30 puan / 1.000 puan' });
      const funnel = await rows(page.getByRole('table', { name: 'Teklif hunisi' }));
      expect(funnel.map((r) => r[0])).toEqual(['Verildi', 'Görüldü', 'Etkinleştirildi', 'Kullanıldı']);
      const uplift = Object.fromEntries((await rows(page.getByRole('table', { name: 'Kontrol grubuna göre artış' }))).map((r) => [r[0], r[1]]));
      expect(uplift['Üye sayısı (kampanya / kontrol)']).toBe('1 / 0');
      expect(uplift['%95 güven aralığı']).toBe('Hesaplanamadı (grup çok küçük)');
      await page.getByText('Bu kampanya için mesaj gönderilmedi.').waitFor();
    } finally {
      await context.close();
    }
  });

  it('keeps the campaign pages from agents', async () => {
    const other = await activeCampaign(api, definition('POINTS_MULTIPLIER', { multiplier: 2 }, { storeIds: [pos.storeId] }));
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, agent);
      expect(await navLinks(page)).toEqual(['Talepler', 'Hizmet panosu', 'Üyeler']);
      for (const path of ['/console/campaigns', '/console/campaigns/new', `/console/campaigns/${other.id}`, `/console/campaigns/${other.id}/performance`]) {
        await page.goto(new URL(path, server.url).href);
        await page.getByRole('heading', { name: 'Bu sayfaya erişiminiz yok' }).waitFor();
        expect(await page.getByRole('table').count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Taslak olarak kaydet' }).count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  });
});
