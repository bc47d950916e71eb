// The marketer's home in the browser: KPI tiles with Turkish formatting for a known data set, the trend charts
// with their tables, the trend-length and store choices.
import type { KulupClient } from '@kulup/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../kiosk/browser';
import { baseRule, daysAgo, key, line, newMember, receipt } from '../points/receipts.fixtures';
import { addReceipt, addScoreAnswer } from '../segments/support';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { ensureConsoleBuilt, logIn, openConsole, staffUser } from './support';

/** The value and hint of the KPI tile with this exact label. */
async function tile(page: Page, label: string): Promise<{ value: string; hint: string }> {
  const kpi = page.getByRole('group', { name: 'Temel göstergeler' }).locator('.kpi').filter({ has: page.getByText(label, { exact: true }) });
  return { value: await kpi.locator('.kpi-value').innerText(), hint: await kpi.locator('.kpi-hint').innerText() };
}

/** The body rows of a table found by its caption, as cell texts. */
async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const rows = page.getByRole('table', { name: caption }).locator('tbody tr');
  return rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c as HTMLElement).innerText.trim())));
}

const lira = (text: string) => Number(text.replace(/\./g, '').replace(',', '.'));

describe.each(testDatabases())('marketing dashboard in the browser on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let marketer: Awaited<ReturnType<typeof staffUser>>;
  let store2: string;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    const admin: KulupClient = (await server.staff('ADMIN')).client;
    const agent = (await server.staff('AGENT')).client;
    await baseRule((await server.staff('MARKETER')).client);
    await admin.call('replaceProgramSettings', { body: { kurusPerPoint: 5 } });
    marketer = await staffUser(admin, 'MARKETER', 'Selin Pazarlama');
    const pos1 = await server.terminal('POS');
    const pos2 = await server.terminal('POS');
    store2 = pos2.storeId;

    // Three members: M1 buys for 1.234 lira at store 2 two days ago (pending points); M2 buys for 500 lira 20 days
    // ago, then spends 100 points (5 lira) on a 200-lira basket yesterday; M3 has not bought yet.
    const m1 = await newMember(agent);
    const m2 = await newMember(agent);
    await newMember(agent);
    await pos2.client.call('bookReceipt', { body: receipt([line(1, 123_400)], { memberId: m1.memberId, occurredAt: daysAgo(2) }), idempotencyKey: key() });
    await pos1.client.call('bookReceipt', { body: receipt([line(1, 50_000)], { memberId: m2.memberId, occurredAt: daysAgo(20) }), idempotencyKey: key() });
    const hold = await pos1.client.call('createHold', { body: { memberId: m2.memberId, points: 100 }, idempotencyKey: key() });
    const spent = await pos1.client.call('bookReceipt', {
      body: receipt([line(1, 20_000)], { memberId: m2.memberId, occurredAt: daysAgo(1), pointsTender: { points: 100, holdId: hold.holdId, kurusPerPoint: 5 } }),
      idempotencyKey: key(),
    });
    expect(spent.pointsEarned).toBe(195); // on the 195 lira not paid with points
    // 1.000 lira without a card.
    await addReceipt(server, { memberId: null, storeId: pos1.storeId, terminalId: pos1.terminalId, at: new Date(Date.now() - 3_600_000), lines: [{ category: 'grocery', net: 100_000 }] });
    // NPS answers 10, 10 and 6: two promoters, one detractor.
    for (const [member, score] of [[m1, 10], [m2, 10], [m1, 6]] as const) await addScoreAnswer(server, member.memberId, 'NPS', score, new Date(Date.now() - 3_600_000));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the key figures, the trend charts and their tables, and follows the trend-length and store choices', async () => {
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, marketer);
      await page.getByRole('heading', { name: 'Pazarlama özeti' }).waitFor();
      await page.getByRole('group', { name: 'Temel göstergeler' }).waitFor();

      expect(await tile(page, 'Aktif üye')).toEqual({ value: '2', hint: 'son 90 günde alışveriş; toplam 3 üye' });
      expect(await tile(page, 'Yeni üye')).toEqual({ value: '3', hint: 'son 30 gün' });
      // 1.934 of 2.934 lira came on members' cards.
      expect(await tile(page, 'Üye ciro payı')).toEqual({ value: '65,9 %', hint: 'üye cirosu ₺1.934,00, son 30 gün' });
      // 1.234 + (500 − 100) + 195 points outstanding, 5 kuruş each; 1.234 + 195 still in the 14-day pending period.
      expect(await tile(page, 'Puan yükümlülüğü')).toEqual({ value: '1.829', hint: '₺91,45 karşılığı; 1.429 puan beklemede' });
      expect(await tile(page, 'Puan kullanım oranı')).toEqual({ value: '5,2 %', hint: '1.929 kazanıldı, 100 kullanıldı; son 30 gün' });
      expect(await tile(page, 'NPS')).toEqual({ value: '33', hint: '3 yanıt, son 30 gün' });
      // The earlier figures stay: three live surveys.
      expect(await page.locator('.kpi').filter({ has: page.getByText('Yayındaki anket', { exact: true }) }).locator('.kpi-value').innerText()).toBe('3');

      // Four charts, each with its table of twelve months; the last row is this month.
      const chart = (title: string) => page.getByRole('region', { name: title, exact: true }).locator('.chart');
      for (const title of ['Aktif ve yeni üyeler', 'Üye ciro payı', 'Puan hareketleri', 'Aylık NPS']) {
        await chart(title).locator('svg.recharts-surface').first().waitFor();
      }
      expect(await chart('Puan hareketleri').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
      expect(await chart('Aktif ve yeni üyeler').locator('.recharts-line').count()).toBe(2);
      const thisMonth = new Intl.DateTimeFormat('tr-TR', { month: 'short', year: 'numeric', timeZone: 'Europe/Istanbul' }).format(new Date());
      const points = await tableRows(page, 'Puan hareketleri');
      expect(points).toHaveLength(12);
      expect(points.at(-1)![0]).toBe(thisMonth);
      // Earned, redeemed and expired summed over the months (the receipts may straddle a month boundary).
      expect([1, 2, 3].map((c) => points.reduce((s, r) => s + lira(r[c]!), 0))).toEqual([1_929, 100, 0]);
      const members = await tableRows(page, 'Aktif ve yeni üyeler');
      expect(members.at(-1)!.slice(1)).toEqual(['2', '3', '3']);
      const revenue = await tableRows(page, 'Üye ciro payı');
      expect(revenue.reduce((s, r) => s + lira(r[1]!.replace('₺', '')), 0)).toBe(2_934);
      expect((await tableRows(page, 'Aylık NPS')).at(-1)!.slice(1)).toEqual(['33', '3']);

      // Six months of trend.
      await page.getByLabel('Eğilim süresi').selectOption({ label: 'Son 6 ay' });
      await expect.poll(async () => (await tableRows(page, 'Puan hareketleri')).length).toBe(6);

      // Store 2: only M1's receipt; no NPS answers there, so no NPS tile; the liability is the program's.
      await page.getByLabel('Mağaza').selectOption({ value: store2 });
      await expect.poll(async () => (await tile(page, 'Üye ciro payı')).value).toBe('100 %');
      expect(await tile(page, 'Aktif üye')).toEqual({ value: '1', hint: 'son 90 günde alışveriş; toplam 3 üye' });
      expect((await tile(page, 'Puan yükümlülüğü')).value).toBe('1.829');
      expect(await page.locator('.kpi').filter({ has: page.getByText('NPS', { exact: true }) }).count()).toBe(0);
      expect(await page.getByRole('table', { name: 'Aylık NPS' }).count()).toBe(0);
      await page.getByText('Mağaza seçiliyken ciro').waitFor();
    } finally {
      await context.close();
    }
  });
});
