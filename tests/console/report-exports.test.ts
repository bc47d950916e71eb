import type { KulupClient } from '@kulup/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { activeCampaign, definition } from '../campaigns/campaigns.fixtures';
import { launchChromium } from '../kiosk/browser';
import { baseRule, key, line, newMember, receipt } from '../points/receipts.fixtures';
import { testDatabases } from '../support/databases';
import { csvRows, xlsxRows } from '../support/export-files';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { download, ensureConsoleBuilt, logIn, openConsole, staffUser } from './support';

describe.each(testDatabases())('report exports in the browser on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let api: KulupClient;
  let marketer: Awaited<ReturnType<typeof staffUser>>;
  let campaignId: string;
  let segmentId: string;
  let memberId: string;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    const admin = (await server.staff('ADMIN')).client;
    api = (await server.staff('MARKETER')).client;
    marketer = await staffUser(admin, 'MARKETER', 'Selin Pazarlama');
    await baseRule(api);
    const pos = await server.terminal('POS');
    ({ memberId } = await newMember((await server.staff('AGENT')).client));
    // A first purchase puts the member in the segment; the second, with the campaign active, earns its award.
    await pos.client.call('bookReceipt', { body: receipt([line(1, 2000)], { memberId }), idempotencyKey: key() });
    segmentId = (await api.call('createSegment', { body: { name: 'Herkes', rules: { kind: 'spend', windowDays: 30, min: 1 } } })).id;
    expect((await api.call('refreshSegment', { params: { segmentId } })).segment.memberCount).toBe(1);
    campaignId = (await activeCampaign(api, definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 25 }, { name: 'Hafta sonu', storeIds: [pos.storeId] }))).id;
    await pos.client.call('bookReceipt', { body: receipt([line(1, 4000)], { memberId }), idempotencyKey: key() });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('downloads the campaign evaluation, a segment member list and an analytics report from their pages', async () => {
    const { context, page } = await openConsole(browser, server, `/console/campaigns/${campaignId}/performance`);
    try {
      await logIn(page, marketer);
      await expect.poll(() => page.getByTestId('perf-reach').innerText()).toBe('1');
      const evaluation = page.getByRole('group', { name: 'Hafta sonu performansı: dışa aktar' });
      const csv = await download(page, evaluation.getByRole('button', { name: 'CSV indir' }));
      expect(csv.download.suggestedFilename()).toMatch(/^kampanya-hafta-sonu-\d{4}-\d{2}-\d{2}\.csv$/);
      const rows = csvRows(csv.bytes);
      expect(rows[0]).toEqual(['Bölüm', 'Ölçü', 'Değer', 'Birim']);
      expect(rows).toContainEqual(['Kampanya', 'Ad', 'Hafta sonu', '']);
      expect(rows).toContainEqual(['Erişim', 'Ödül alan üye', '1', 'üye']);
      expect(rows).toContainEqual(['Maliyet', 'Verilen puan', '25', 'puan']);
      await evaluation.getByRole('status').getByText(`${csv.download.suggestedFilename()} indirildi.`).waitFor();

      await page.goto(new URL(`/console/segments/${segmentId}`, server.url).href);
      const members = page.getByRole('group', { name: 'Segmentteki üyeler (son yenileme): dışa aktar' });
      const xlsx = await download(page, members.getByRole('button', { name: 'Excel (XLSX) indir' }));
      expect(xlsx.download.suggestedFilename()).toMatch(/^segment-herkes-[\d-]+\.xlsx$/);
      const sheet = (await xlsxRows(xlsx.bytes)).rows;
      expect(sheet.map((r) => r.slice(0, 3))).toEqual([['Üye no', 'Ad', 'Soyad'], [memberId, 'Ayşe', 'Yılmaz']]);

      // The basket section exports with the filters applied on the page (here: by product).
      await page.goto(new URL('/console/analytics', server.url).href);
      const basket = page.getByRole('region', { name: 'Birliktelik kuralları' });
      await basket.getByLabel('Düzey').selectOption('product');
      await basket.getByRole('button', { name: 'Göster' }).click();
      const basketExport = basket.getByRole('group', { name: 'Birliktelik kuralları: dışa aktar' });
      const rules = await download(page, basketExport.getByRole('button', { name: 'CSV indir' }));
      expect(rules.download.suggestedFilename()).toMatch(/^sepet-kurallari-urun-[\d-]+\.csv$/);
      expect(csvRows(rules.bytes)[0]![0]).toBe('Öncül kodu');
    } finally {
      await context.close();
    }
  });
});
