import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ZCampaignType } from '@kulup/contracts';
import type { KulupClient, TCampaignType } from '@kulup/contracts';
import { OPT_OUT_FOOTER } from '@kulup/domain';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deliverCampaignMessages } from '../../packages/server/src/services/campaigns/deliver-campaign-messages';
import { createFileMessageSender } from '../../packages/server/src/services/campaigns/message-sender';
import { activeCampaign, definition } from '../campaigns/campaigns.fixtures';
import { launchChromium } from '../kiosk/browser';
import { seedTiers } from '../segments/support';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { ensureConsoleBuilt, logIn, openConsole, staffUser } from './support';

/** The server's message under a form control (tied by aria-describedby), or null when it has none. */
async function fieldError(control: Locator): Promise<string | null> {
  if ((await control.getAttribute('aria-invalid')) !== 'true') return null;
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.length === 0 ? null : control.page().locator(`[id="${ids[0]}"]`).innerText();
}

type Case = { type: TCampaignType; label: string; fill: (params: Locator) => Promise<void>; expected: Record<string, unknown> };

const group = (params: Locator, name: string) => params.getByRole('group', { name, exact: true });

/** Every campaign type, its editor fields as a marketer fills them, and the params the API must then hold. */
const CASES: Case[] = [
  {
    type: 'POINTS_MULTIPLIER',
    label: 'Puan çarpanı',
    fill: async (p) => {
      await p.getByLabel('Çarpan').fill('1.5');
      await group(p, 'Yalnızca bu ürünler (isteğe bağlı)').getByLabel('Kategoriler').fill('Süt Ürünleri, Fırın');
    },
    expected: { multiplier: 1.5, match: { categories: ['Süt Ürünleri', 'Fırın'] } },
  },
  {
    type: 'BONUS_POINTS',
    label: 'Ek puan',
    fill: async (p) => {
      await p.getByLabel('Puan', { exact: true }).fill('40');
      await p.getByLabel('Ne için').selectOption({ label: 'Eşleşen her adet için' });
      const match = group(p, 'Eşleşen ürünler');
      await match.getByLabel('Markalar').fill('Pınar');
      await match.getByLabel('SKU’lar').fill('8690001000011, 8690001000028');
      await p.getByLabel('En az adet').fill('2');
    },
    expected: { points: 40, per: 'unit', match: { brands: ['Pınar'], skus: ['8690001000011', '8690001000028'] }, minQuantity: 2 },
  },
  {
    type: 'BASKET_THRESHOLD',
    label: 'Sepet tutarı ödülü',
    fill: async (p) => {
      await p.getByLabel('En az sepet tutarı (₺)').fill('750');
      await p.getByLabel('Puan', { exact: true }).fill('300');
    },
    expected: { minBasketKurus: 75_000, points: 300 },
  },
  {
    type: 'DISCOUNT_COUPON',
    label: 'İndirim kuponu',
    fill: async (p) => {
      await p.getByLabel('İndirim (%)').fill('15');
      await p.getByLabel('En çok indirim (₺)').fill('50');
      await p.getByLabel('En az sepet tutarı (₺)').fill('200.50');
      await group(p, 'Yalnızca bu ürünler (isteğe bağlı)').getByLabel('Kategoriler').fill('Temizlik');
    },
    expected: { percent: 15, maxDiscountKurus: 5_000, minBasketKurus: 20_050, match: { categories: ['Temizlik'] } },
  },
  {
    type: 'FREE_GIFT',
    label: 'Hediye ürün',
    fill: async (p) => {
      await p.getByLabel('Hediye SKU').fill('GIFT-BEZ-CANTA');
      await p.getByLabel('Hediye adı').fill('Bez çanta');
      await p.getByLabel('Hediye değeri (₺)').fill('29.90');
      await p.getByLabel('En az sepet tutarı (₺)').fill('400');
      await group(p, 'Yalnızca bu ürünler (isteğe bağlı)').getByLabel('Markalar').fill('Ülker');
    },
    expected: { giftSku: 'GIFT-BEZ-CANTA', giftName: 'Bez çanta', giftValueKurus: 2_990, minBasketKurus: 40_000, match: { brands: ['Ülker'] } },
  },
  {
    type: 'CROSS_SELL',
    label: 'Çapraz satış',
    fill: async (p) => {
      const trigger = group(p, 'Tetikleyen ürünler');
      await trigger.getByLabel('Kategoriler').fill('Elektronik');
      await trigger.getByLabel('SKU’lar').fill('PRN-1');
      await group(p, 'Ödüllenen ürünler').getByLabel('Kategoriler').fill('Kırtasiye');
      await p.getByLabel('Puan', { exact: true }).fill('150');
    },
    expected: { trigger: { categories: ['Elektronik'], skus: ['PRN-1'] }, target: { categories: ['Kırtasiye'] }, points: 150 },
  },
  {
    type: 'BIRTHDAY',
    label: 'Doğum günü',
    fill: async (p) => {
      await p.getByLabel('Puan', { exact: true }).fill('250');
      await p.getByLabel('Doğum gününden sonra kaç gün').fill('14');
    },
    expected: { points: 250, windowDays: 14 },
  },
  {
    type: 'WIN_BACK',
    label: 'Geri kazanım',
    fill: async (p) => {
      await p.getByLabel('Son ziyaretten bu yana en az gün').fill('60');
      await p.getByLabel('Puan', { exact: true }).fill('300');
      await p.getByLabel('En az sepet tutarı (₺)').fill('200');
    },
    expected: { minDaysSinceLastVisit: 60, points: 300, minBasketKurus: 20_000 },
  },
  {
    type: 'TIER_UPGRADE',
    label: 'Seviye teşviki',
    fill: async (p) => {
      const tiers = group(p, 'Seviyeler');
      await tiers.getByLabel('Classic (CLASSIC)').check();
      await tiers.getByLabel('Gold (GOLD)').check();
      await p.getByLabel('Puan', { exact: true }).fill('80');
      await p.getByLabel('En az sepet tutarı (₺)').fill('150');
    },
    expected: { tierCodes: ['CLASSIC', 'GOLD'], points: 80, minBasketKurus: 15_000 },
  },
  {
    type: 'DRAW_ENTRIES',
    label: 'Çekiliş hakkı',
    fill: async (p) => {
      await p.getByLabel('Çekiliş adı').fill('Yılbaşı çekilişi');
      await p.getByLabel('Bir hak için tutar (₺)').fill('100');
      await p.getByLabel('En çok hak').fill('5');
    },
    expected: { drawName: 'Yılbaşı çekilişi', kurusPerEntry: 10_000, maxEntries: 5 },
  },
];

describe.each(testDatabases())('campaign editor forms and messages in the browser on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: KulupClient;
  let agent: KulupClient;
  let dir: string;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    const admin = (await server.staff('ADMIN')).client;
    api = (await server.staff('MARKETER')).client;
    agent = (await server.staff('AGENT')).client;
    await seedTiers(server);
    dir = mkdtempSync(path.join(tmpdir(), 'kulup-console-messages-'));
    // One browser, one login for every test of this file.
    ({ context, page } = await openConsole(browser, server));
    await logIn(page, await staffUser(admin, 'MARKETER', 'Selin Pazarlama'));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const openNew = async () => {
    await page.goto(new URL('/console/campaigns/new', server.url).href);
    await page.getByRole('heading', { name: 'Yeni kampanya' }).waitFor();
  };
  const save = () => page.getByRole('button', { name: 'Taslak olarak kaydet' }).click();

  it('saves the parameters of every campaign type exactly as entered', async () => {
    expect(CASES.map((c) => c.type).sort()).toEqual([...ZCampaignType.options].sort());
    for (const c of CASES) {
      await openNew();
      await page.getByLabel('Ad', { exact: true }).fill(`Form: ${c.label}`);
      await page.getByLabel('Tür').selectOption({ label: c.label });
      const params = page.getByRole('region', { name: `Kurallar: ${c.label}` });
      await c.fill(params);
      await save();
      await page.getByRole('status').getByText('Kampanya kaydedildi.').waitFor();
      const campaignId = page.url().split('/').pop()!;
      const stored = await api.call('getCampaign', { params: { campaignId } });
      expect({ type: stored.type, name: stored.name, params: stored.params }, c.type).toEqual({ type: c.type, name: `Form: ${c.label}`, params: c.expected });
    }
    expect((await api.call('listCampaigns', { query: {} })).items).toHaveLength(CASES.length);
  });

  it('saves the offer texts in Turkish and English and shows them again', async () => {
    await openNew();
    await page.getByLabel('Ad', { exact: true }).fill('Kahvaltılık teklifi');
    await page.getByLabel('Tür').selectOption({ label: 'Sepet tutarı ödülü' });
    const params = page.getByRole('region', { name: 'Kurallar: Sepet tutarı ödülü' });
    await params.getByLabel('En az sepet tutarı (₺)').fill('250');
    await params.getByLabel('Puan', { exact: true }).fill('100');
    const offer = page.getByRole('region', { name: 'Kişisel teklif (kiosk ve kasa)' });
    const texts = {
      titleTr: ['Teklif başlığı (TR)', '250 TL üzeri alışverişe 100 puan'],
      titleEn: ['Teklif başlığı (EN)', '100 points on a 250 TL basket'],
      descriptionTr: ['Teklif açıklaması (TR)', 'Bu hafta sonuna kadar, tek fişte.'],
      descriptionEn: ['Teklif açıklaması (EN)', 'Until the end of this week, on one receipt.'],
    } as const;
    for (const [label, value] of Object.values(texts)) await offer.getByLabel(label).fill(value);
    await offer.getByLabel('Üye teklifi kioskta veya kasada etkinleştirmeli').check();
    await save();
    await page.getByRole('status').getByText('Kampanya kaydedildi.').waitFor();
    const stored = await api.call('getCampaign', { params: { campaignId: page.url().split('/').pop()! } });
    expect(stored.offer).toEqual(Object.fromEntries(Object.entries(texts).map(([k, [, v]]) => [k, v])));
    expect(stored.requiresActivation).toBe(true);
    // Reopened, the editor shows all four texts.
    await page.reload();
    for (const [label, value] of Object.values(texts)) expect(await offer.getByLabel(label).inputValue()).toBe(value);
  });

  it('shows bad input under its fields and stores nothing', async () => {
    const before = (await api.call('listCampaigns', { query: {} })).items.length;
    await openNew();
    await page.getByLabel('Ad', { exact: true }).fill('Hatalı kampanya');
    await page.getByLabel('Tür').selectOption({ label: 'Sepet tutarı ödülü' });
    const params = page.getByRole('region', { name: 'Kurallar: Sepet tutarı ödülü' });
    const minBasket = params.getByLabel('En az sepet tutarı (₺)');
    await params.getByLabel('Puan', { exact: true }).fill('100'); // the basket threshold, a required parameter, stays empty
    const budget = page.getByLabel('Bütçe üst sınırı (puan)');
    await budget.fill('-500');
    const offer = page.getByRole('region', { name: 'Kişisel teklif (kiosk ve kasa)' });
    const titleTr = offer.getByLabel('Teklif başlığı (TR)');
    await offer.getByLabel('Teklif başlığı (EN)').fill('English only'); // the Turkish title is required
    await save();
    await page.getByRole('alert').getByText('Girilen bilgiler geçersiz.').waitFor();
    expect(await fieldError(minBasket)).toBeTruthy();
    expect(await fieldError(budget)).toMatch(/1/);
    expect(await fieldError(titleTr)).toBeTruthy();
    expect(await fieldError(params.getByLabel('Puan', { exact: true }))).toBeNull();
    expect(page.url()).toMatch(/\/campaigns\/new$/);

    // Fixed, but ending before it starts: the error moves to the end date.
    await minBasket.fill('500');
    await budget.fill('');
    await titleTr.fill('500 TL üzeri alışverişe 100 puan');
    await page.getByLabel('Başlangıç').fill('2030-05-10T10:00');
    const endsAt = page.getByLabel('Bitiş');
    await endsAt.fill('2030-05-01T10:00');
    await save();
    await expect.poll(() => fieldError(endsAt)).toMatch(/after/);
    expect(await fieldError(minBasket)).toBeNull();
    expect(await fieldError(budget)).toBeNull();
    expect(await fieldError(titleTr)).toBeNull();
    expect(page.url()).toMatch(/\/campaigns\/new$/);
    expect((await api.call('listCampaigns', { query: {} })).items).toHaveLength(before);
  });

  it('sends a campaign SMS from the campaign page that only members with SMS permission get', async () => {
    let phone = 5_370_000_000 + Math.floor(Math.random() * 1_000_000);
    const member = async (firstName: string, sms: 'GRANTED' | 'REFUSED' | null) => {
      const m = await agent.call('createMember', { body: { firstName, lastName: 'Aydın', phone: `+90${++phone}` } });
      if (sms) await agent.call('recordConsent', { params: { memberId: m.id }, body: { kind: 'SMS', status: sms, source: 'KIOSK', textVersion: 'etk-v1' } });
      return m;
    };
    const granted = [await member('Ayşe', 'GRANTED'), await member('Kerem', 'GRANTED')];
    const others = [await member('Burak', 'REFUSED'), await member('Cemre', null)];
    const db = server.database.prisma;
    const segment = await db.segment.create({ data: { name: 'SMS kitlesi', rules: {} } });
    await db.segmentMember.createMany({ data: [...granted, ...others].map((m) => ({ segmentId: segment.id, memberId: m.id })) });
    const campaign = await activeCampaign(
      api,
      definition('BASKET_THRESHOLD', { minBasketKurus: 50_000, points: 200 }, {
        name: 'Hafta sonu fırsatı',
        channels: ['POS', 'SMS'],
        segmentId: segment.id,
        offer: { titleTr: '500 TL üzeri alışverişe 200 puan', titleEn: '200 points on a 500 TL basket', descriptionTr: 'Yalnızca bu hafta sonu.', descriptionEn: 'This weekend only.' },
      }),
    );

    await page.goto(new URL(`/console/campaigns/${campaign.id}`, server.url).href);
    const composer = page.getByRole('region', { name: 'Mesaj gönder' });
    await composer.waitFor();
    const rules = await composer.getByRole('list', { name: 'Gönderim kuralları' }).innerText();
    expect(rules).toContain('ticari ileti izni');
    expect(rules).toContain('Kontrol grubundaki üyeler mesaj almaz');
    expect(rules).toContain('Sıklık sınırını');
    expect(await composer.getByLabel('Kanal').inputValue()).toBe('SMS');
    const text = composer.getByLabel('Mesaj metni');

    // A blanket text (no {{firstName}}) is refused under the text field; nothing is queued.
    await text.fill('Herkese indirim!');
    await composer.getByRole('button', { name: 'Alıcıları göster' }).click();
    await expect.poll(() => fieldError(text)).toMatch(/firstName/);
    expect(await composer.getByRole('region', { name: 'Gönderim onayı' }).count()).toBe(0);

    // The Turkish template greets by name; the confirmation counts only members with SMS permission.
    await composer.getByRole('button', { name: 'Türkçe şablon' }).click();
    expect(await text.inputValue()).toBe('Merhaba {{firstName}}, 500 TL üzeri alışverişe 200 puan! Yalnızca bu hafta sonu. Kulüp Market');
    await composer.getByRole('button', { name: 'İngilizce şablon' }).click();
    expect(await text.inputValue()).toBe('Hello {{firstName}}, 200 points on a 500 TL basket! This weekend only. Kulüp Market');
    await composer.getByRole('button', { name: 'Türkçe şablon' }).click();
    await composer.getByRole('button', { name: 'Alıcıları göster' }).click();
    const confirm = composer.getByRole('region', { name: 'Gönderim onayı' });
    await confirm.waitFor();
    expect(await fieldError(text)).toBeNull();
    expect(await confirm.getByTestId('message-recipients').innerText()).toBe('2 üyeye gönderilecek');
    const skipped = await confirm.getByRole('table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').trim())));
    expect(skipped).toEqual([
      ['İzni yok', '2'],
      ['SMS adresi yok', '0'],
      ['Sıklık sınırında (7 günde en çok 2 ileti)', '0'],
      ['Kontrol grubu', '0'],
    ]);
    const first = [...granted].sort((a, b) => a.id.localeCompare(b.id))[0]!;
    expect(await confirm.getByTestId('message-example').innerText()).toBe(
      `Merhaba ${first.firstName}, 500 TL üzeri alışverişe 200 puan! Yalnızca bu hafta sonu. Kulüp Market\n\n${OPT_OUT_FOOTER.SMS}`,
    );
    expect(await db.campaignMessageBatch.count({ where: { campaignId: campaign.id } })).toBe(0);

    await confirm.getByRole('button', { name: 'Gönder (2 üye)' }).click();
    await composer.getByRole('status').getByText('Mesaj 2 üye için kuyruğa alındı; teslim durumu aşağıda.').waitFor();
    expect((await api.call('campaignMessageStats', { params: { campaignId: campaign.id } })).items).toEqual([
      { channel: 'SMS', status: 'QUEUED', reason: null, count: 2 },
      { channel: 'SMS', status: 'SKIPPED', reason: 'no_consent', count: 2 },
    ]);
    const queued = await db.campaignMessage.findMany({ where: { campaignId: campaign.id, status: 'QUEUED' }, select: { memberId: true } });
    expect(queued.map((m) => m.memberId).sort()).toEqual(granted.map((m) => m.id).sort());

    // The delivery job sends them personalised to the two phones; the page shows the delivery status.
    expect(await deliverCampaignMessages(db, createFileMessageSender(dir))).toMatchObject({ sent: 2, failed: 0 });
    const lines = readFileSync(path.join(dir, 'campaign-messages.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { to: string; text: string });
    expect(lines.map((l) => l.to).sort()).toEqual(granted.map((m) => m.phone).sort());
    for (const l of lines) expect(l.text).toMatch(/^Merhaba (Ayşe|Kerem), 500 TL/);
    const delivery = page.getByRole('region', { name: 'Mesaj teslim durumu' });
    await delivery.getByRole('button', { name: 'Yenile' }).click();
    await expect
      .poll(() => delivery.getByRole('table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').trim()))))
      .toEqual([
        ['SMS', 'Gönderildi', '—', '2'],
        ['SMS', 'Atlandı', 'İzin yok', '2'],
      ]);
    expect((await api.call('campaignMessageStats', { params: { campaignId: campaign.id } })).items).toEqual([
      { channel: 'SMS', status: 'SENT', reason: null, count: 2 },
      { channel: 'SMS', status: 'SKIPPED', reason: 'no_consent', count: 2 },
    ]);
  });
});
