import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../kiosk/browser';
import { addMember, addReceipt, daysAgo, seedTiers } from '../segments/support';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { ensureConsoleBuilt, logIn, navLinks, openConsole, staffUser } from './support';

/** The cells of each body row of a table, as text. */
async function rows(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));
}

async function addCriterion(page: Page, kind: string): Promise<Locator> {
  await page.getByLabel('Eklenecek kriter').selectOption({ label: kind });
  await page.getByRole('button', { name: 'Kriter ekle' }).click();
  return page.getByRole('group', { name: kind, exact: true });
}

describe.each(testDatabases())('segment and analytics pages in the browser on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let agent: Awaited<ReturnType<typeof staffUser>>;
  let marketer: Awaited<ReturnType<typeof staffUser>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await ensureConsoleBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    const admin = (await server.staff('ADMIN')).client;
    agent = await staffUser(admin, 'AGENT', 'Deniz Temsilci');
    marketer = await staffUser(admin, 'MARKETER', 'Selin Pazarlama');
    await seedTiers(server);
    const pos = await server.terminal('POS');
    const at = { storeId: pos.storeId, terminalId: pos.terminalId };
    // GOLD and over ₺500 in the last 90 days: Ayla and Deniz. Not: a GOLD member who spent less (Berk), a big
    // CLASSIC spender (Cem), a GOLD member whose big spend is older than 90 days (Ece).
    ids.ayla = await addMember(server, { firstName: 'Ayla', tierCode: 'GOLD', city: 'İzmir' });
    ids.berk = await addMember(server, { firstName: 'Berk', tierCode: 'GOLD' });
    ids.cem = await addMember(server, { firstName: 'Cem' });
    ids.deniz = await addMember(server, { firstName: 'Deniz', tierCode: 'GOLD' });
    ids.ece = await addMember(server, { firstName: 'Ece', tierCode: 'GOLD' });
    const spend = [
      ['ayla', 10, 30_000],
      ['ayla', 40, 30_000],
      ['berk', 5, 10_000],
      ['cem', 5, 90_000],
      ['deniz', 80, 80_000],
      ['ece', 120, 90_000],
    ] as const;
    for (const [who, days, net] of spend) await addReceipt(server, { memberId: ids[who]!, ...at, at: daysAgo(days), lines: [{ category: 'grocery', net }] });

    // The known anonymous basket set of tests/segments/analytics.test.ts, an hour ago; the voided one must not count.
    const hourAgo = new Date(Date.now() - 3_600_000);
    const basket = (items: string[], voided = false) =>
      addReceipt(server, { memberId: null, ...at, at: hourAgo, voided, lines: items.map((category) => ({ category, net: 1_000 })) });
    await basket(['printer', 'paper']);
    await basket(['printer', 'paper', 'ink']);
    await basket(['printer', 'paper']);
    await basket(['printer']);
    await basket(['paper', 'milk']);
    await basket(['printer', 'milk'], true);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets a marketer build a segment with a live count, see field errors, save, refresh and find it listed', async () => {
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, marketer);
      expect(await navLinks(page)).toEqual(['Pazarlama', 'Segmentler', 'Kampanyalar', 'Anketler', 'Duyurular', 'Analizler', 'Üyeler']);
      await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Segmentler' }).click();
      await page.getByRole('heading', { name: 'Segmentler' }).waitFor();
      await page.getByRole('link', { name: 'Yeni segment' }).click();
      await page.getByRole('heading', { name: 'Yeni segment' }).waitFor();
      const live = page.getByTestId('live-count');
      expect(await live.innerText()).toBe('Saymak için bir kriter ekleyin.');

      await page.getByLabel('Ad', { exact: true }).fill('Harcayan altın üyeler');
      const tier = await addCriterion(page, 'Üyelik seviyesi');
      await tier.getByLabel('Gold (GOLD)').check();
      await expect.poll(() => live.innerText()).toBe('4 üye'); // every GOLD member
      const spend = await addCriterion(page, 'Harcama');
      expect(await spend.getByLabel('Son kaç gün').inputValue()).toBe('90');
      await spend.getByLabel('En az (₺)').fill('500');
      await expect.poll(() => live.innerText()).toBe('2 üye');
      const sample = page.getByRole('list', { name: 'Örnek üyeler' });
      expect((await sample.getByRole('link').allInnerTexts()).map((n) => n.split(' ')[0]).sort()).toEqual(['Ayla', 'Deniz']);

      // "Not" wraps the criterion: GOLD members without that spend.
      await spend.getByLabel('Değil (tersini al)').check();
      await expect.poll(async () => (await sample.getByRole('link').allInnerTexts()).map((n) => n.split(' ')[0]).sort()).toEqual(['Berk', 'Ece']);
      await spend.getByLabel('Değil (tersini al)').uncheck();
      await expect.poll(async () => (await sample.getByRole('link').allInnerTexts()).map((n) => n.split(' ')[0]).sort()).toEqual(['Ayla', 'Deniz']);

      // An invalid value: the server's message for that field path is shown under the field, nothing else changes.
      const windowDays = spend.getByLabel('Son kaç gün');
      await windowDays.fill('0');
      await spend.getByText('Whole days from 1 to 3650').waitFor();
      expect(await windowDays.getAttribute('aria-invalid')).toBe('true');
      expect(await tier.locator('.field-error').count()).toBe(0);
      await page.getByRole('button', { name: 'Kaydet' }).click();
      await page.getByRole('alert').getByText('Segment kuralları geçersiz; işaretli alanları düzeltin.').waitFor();
      expect(page.url()).toMatch(/\/segments\/new$/);
      await windowDays.fill('90');
      await expect.poll(() => live.innerText()).toBe('2 üye');
      await page.getByRole('button', { name: 'Kaydet' }).click();
      await page.getByRole('status').getByText('Segment kaydedildi.').waitFor();
      expect(await windowDays.getAttribute('aria-invalid')).toBeNull();
      await page.getByRole('heading', { name: /Harcayan altın üyeler/ }).waitFor();
      expect(page.url()).toMatch(/\/segments\/[0-9a-f-]{36}$/);
      expect(await page.getByRole('region', { name: 'Segmentteki üyeler (son yenileme)' }).innerText()).toContain('Segmentte üye yok');

      await page.getByRole('button', { name: 'Şimdi yenile' }).click();
      await page.getByText('Yenilendi: 2 üye (2 eklendi, 0 çıkarıldı).').waitFor();
      const history = page.getByRole('table', { name: 'Büyüklük geçmişi' });
      await history.waitFor();
      expect((await rows(history)).map((r) => r[1])).toEqual(['2']);
      const members = page.getByRole('table', { name: 'Segmentteki üyeler (son yenileme)' });
      await members.waitFor();
      expect((await rows(members)).map((r) => r[0]!.split(' ')[0]).sort()).toEqual(['Ayla', 'Deniz']);
      // A member links to the 360° page.
      await members.getByRole('link', { name: /^Ayla / }).click();
      await page.getByTestId('member-balance').waitFor();
      expect(page.url()).toContain(`/console/members/${ids.ayla}`);

      await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Segmentler' }).click();
      const list = page.getByRole('table', { name: 'Segmentler' });
      await list.waitFor();
      const [row] = await rows(list);
      expect(row![0]).toBe('Harcayan altın üyeler');
      expect(row![1]).toBe('2');
      expect(row![3]).toBe('Etkin');

      // Archiving keeps the segment, out of the default list.
      await list.getByRole('link', { name: 'Harcayan altın üyeler' }).click();
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Arşivle' }).click();
      await page.getByText('Segment arşivlendi.').waitFor();
      await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Segmentler' }).click();
      await page.getByText('Henüz segment yok.').waitFor();
      await page.getByLabel('Arşivlenenleri göster').check();
      await expect.poll(async () => (await rows(list)).map((r) => [r[0], r[3]])).toEqual([['Harcayan altın üyeler', 'Arşivde']]);
    } finally {
      await context.close();
    }
  });

  it('keeps the segment and analytics pages from agents', async () => {
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, agent);
      expect(await navLinks(page)).toEqual(['Talepler', 'Hizmet panosu', 'Üyeler']);
      for (const path of ['/console/segments', '/console/segments/new', '/console/analytics']) {
        await page.goto(new URL(path, server.url).href);
        await page.getByRole('heading', { name: 'Bu sayfaya erişiminiz yok' }).waitFor();
        expect(await page.getByRole('table').count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Kriter ekle' }).count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  });

  it('shows the association rules of a known basket set and the other analytics', async () => {
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, marketer);
      await page.getByRole('link', { name: 'Analizler' }).click();
      await page.getByRole('heading', { name: 'Analizler', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Metrikleri şimdi hesapla' }).click();
      await page.getByText('5 üye için hesaplandı (5 puanlı).').waitFor();

      const basket = page.getByRole('region', { name: 'Birliktelik kuralları' });
      await basket.getByLabel('Son kaç gün').fill('1');
      await basket.getByLabel('En az destek').fill('0.5');
      await basket.getByLabel('En az güven').fill('0.5');
      await basket.getByRole('button', { name: 'Göster' }).click();
      await basket.getByText('5 sepet incelendi.').waitFor();
      const table = basket.getByRole('table', { name: 'Birliktelik kuralları' });
      await expect.poll(() => rows(table)).toEqual([
        ['paper', 'printer', '3', '60 %', '75 %', '0,938'],
        ['printer', 'paper', '3', '60 %', '75 %', '0,938'],
      ]);
      // Stricter lift: the rules into paper and printer from ink and milk.
      await basket.getByLabel('En az güven').fill('0.9');
      await basket.getByLabel('En az destek').fill('0.2');
      await basket.getByLabel('En az kaldıraç').fill('1');
      await basket.getByRole('button', { name: 'Göster' }).click();
      await expect.poll(async () => (await rows(table)).map((r) => `${r[0]}→${r[1]} ${r[5]}`)).toEqual(['ink→paper 1,25', 'ink→printer 1,25', 'milk→paper 1,25']);

      // Revenue share: members' ₺3.300 of ₺3.400 (the baskets are anonymous).
      const revenue = page.getByRole('table', { name: 'Ciro payı' });
      expect(await rows(revenue)).toContainEqual(['Üye payı', '97,1 %']);
      // RFM groups: a chart with its table; five scored members.
      const rfm = page.getByRole('table', { name: 'RFM grupları' });
      const counts = (await rows(rfm)).map((r) => Number(r[1]));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
      // Lifecycle: four new members (first purchase within 90 days), one lapsed (Ece, last bought 120 days ago).
      const stages = Object.fromEntries((await rows(page.getByRole('table', { name: 'Yaşam döngüsü' }))).map((r) => [r[0], r[1]]));
      expect(stages).toMatchObject({ Yeni: '4', Aktif: '0', Uzaklaşan: '1' });
      await page.getByRole('table', { name: 'Memnuniyet × sadakat' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
