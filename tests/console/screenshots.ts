/**
 * Screenshots of the staff console (Turkish, 1440×1000, plus one English page) into docs/screenshots/console/.
 * Run: `pnpm --filter @kulup/console screenshots` (builds the console if needed, starts a throwaway server).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Page } from 'playwright-core';

import { demoImagePng } from '../../packages/server/src/services/media/demo-image';
import { launchChromium } from '../kiosk/browser';
import { addReceipt, daysAgo, seedTiers } from '../segments/support';
import { startTestServer } from '../support/test-server';
import { key, memberAtKiosk, setupVoice } from '../voice/support';
import { ensureConsoleBuilt, logIn, openConsole, staffUser } from './support';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots/console');
mkdirSync(out, { recursive: true });

await ensureConsoleBuilt();
const server = await startTestServer('pglite');
const browser = await launchChromium();
try {
  const fx = await setupVoice(server);
  const agent = await staffUser(fx.admin, 'AGENT', 'Deniz Yılmaz');
  const marketer = await staffUser(fx.admin, 'MARKETER', 'Selin Kaya');
  const complaints = [
    ['Ayşe', 'KASA_BEKLEME', 'Kasada 25 dakika bekledim, yalnız bir kasa açıktı.', 'SMS'],
    ['Mehmet', 'KART_PUAN', 'Dünkü alışverişimin puanları yüklenmedi.', 'SMS'],
    ['Zeynep', 'FIYAT_ETIKET', 'Raftaki fiyat ile kasadaki fiyat farklıydı.', undefined],
    ['Ali', 'TEMIZLIK', 'Meyve reyonu çok dağınıktı.', undefined],
    ['Elif', 'ONERI', 'Glutensiz ürün rafı olsun lütfen.', 'SMS'],
  ] as const;
  const members: { memberId: string; number: string }[] = [];
  for (const [name, category, text, channel] of complaints) {
    const m = await memberAtKiosk(server, fx, name);
    await fx.agent.call('requestAdjustment', { params: { memberId: m.memberId }, body: { points: 800 + name.length * 137, reason: 'Açılış puanı' } });
    const { ticketNumber } = await m.client.call('submitComplaint', {
      body: { kind: category === 'ONERI' ? 'WISH' : 'COMPLAINT', categoryCode: category, text, ...(channel ? { contactPermission: { channel } } : {}) },
      idempotencyKey: key(),
    });
    members.push({ memberId: m.memberId, number: ticketNumber });
  }
  // One resolved ticket with its follow-up answered, for the dashboard.
  const resolved = (await fx.agent.call('listTickets', { query: { memberId: members[4]!.memberId } })).items[0]!;
  await fx.agent.call('transitionTicket', { params: { ticketId: resolved.id }, body: { to: 'RESOLVED', note: 'Öneri satın alma ekibine iletildi.' } });

  const shot = async (page: Page, name: string) => {
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
    console.log(`docs/screenshots/console/${name}.png`);
  };

  const { context, page } = await openConsole(browser, server);
  await page.getByRole('heading', { name: 'Kulüp Konsol girişi' }).waitFor();
  await shot(page, '01-login');
  await logIn(page, agent);
  await page.getByRole('heading', { name: 'Talep kuyruğu' }).waitFor();
  await page.locator('tbody tr').first().waitFor();
  await shot(page, '02-ticket-queue');
  await page.getByRole('link', { name: members[0]!.number }).click();
  await page.getByRole('region', { name: 'Üye' }).getByText('Ayşe Demir').waitFor();
  await page.getByRole('region', { name: 'Müşteriye yanıt' }).getByLabel('Hazır yanıt').selectOption({ label: 'Özür ve inceleme' });
  await shot(page, '03-ticket');
  await page.getByRole('link', { name: 'Üyeler' }).click();
  await page.locator('tbody tr').first().waitFor();
  await shot(page, '04-members');
  await page.goto(new URL(`/console/members/${members[1]!.memberId}`, server.url).href);
  await page.getByTestId('member-balance').waitFor();
  await shot(page, '05-member-360');
  await page.getByRole('link', { name: 'Hizmet panosu' }).click();
  await page.locator('.recharts-surface').first().waitFor();
  await shot(page, '06-service-dashboard');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('link', { name: 'Tickets' }).click();
  await page.getByRole('heading', { name: 'Ticket queue' }).waitFor();
  await shot(page, '07-ticket-queue-en');
  await page.getByRole('button', { name: 'Türkçe' }).click();
  await page.getByRole('button', { name: 'Çıkış yap' }).click();
  await logIn(page, marketer);
  await page.getByRole('heading', { name: 'Pazarlama özeti' }).waitFor();
  await shot(page, '08-marketing-home');

  // Segments and analytics: a little purchase history (categories for basket rules), then the builder.
  await seedTiers(server);
  const pos = await server.terminal('POS');
  const carts = [['süt', 'ekmek'], ['süt', 'ekmek', 'peynir'], ['süt', 'peynir'], ['ekmek'], ['süt', 'ekmek']];
  for (const [i, m] of members.entries()) {
    for (let k = 0; k <= i; k++) {
      await addReceipt(server, { memberId: m.memberId, storeId: pos.storeId, terminalId: pos.terminalId, at: daysAgo(3 + 11 * k + i), lines: carts[(i + k) % carts.length]!.map((category) => ({ category, net: 4_000 + 1_500 * i })) });
    }
  }
  await (await server.staff('MARKETER')).client.call('refreshAnalytics', {});
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Segmentler' }).click();
  await page.getByRole('link', { name: 'Yeni segment' }).click();
  await page.getByLabel('Ad', { exact: true }).fill('Sık gelen süt alıcıları');
  for (const kind of ['Kategori', 'Ziyaret sayısı']) {
    await page.getByLabel('Eklenecek kriter').selectOption({ label: kind });
    await page.getByRole('button', { name: 'Kriter ekle' }).click();
  }
  await page.getByRole('group', { name: 'Kategori', exact: true }).getByLabel('Değerler').fill('süt');
  await page.getByRole('group', { name: 'Ziyaret sayısı', exact: true }).getByLabel('En az').fill('2');
  await page.getByRole('list', { name: 'Örnek üyeler' }).waitFor();
  await shot(page, '09-segment-builder');
  await page.getByRole('button', { name: 'Kaydet' }).click();
  await page.getByRole('button', { name: 'Şimdi yenile' }).click();
  await page.getByRole('table', { name: 'Segmentteki üyeler (son yenileme)' }).waitFor();
  await shot(page, '10-segment');
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Segmentler' }).click();
  await page.getByRole('table', { name: 'Segmentler' }).waitFor();
  await shot(page, '11-segments');
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Analizler' }).click();
  await page.getByRole('table', { name: 'Birliktelik kuralları' }).waitFor();
  await shot(page, '12-analytics');

  // Kiosk bulletins: two pictures in the media library, a bulletin showing now and one scheduled.
  const bulletinStore = (await fx.admin.call('listStores', {})).items[0]!;
  const asMarketer = (await server.staff('MARKETER')).token;
  const pictures = [
    demoImagePng({ width: 640, height: 400, from: [0, 110, 80], to: [240, 180, 40], circles: [{ x: 0.7, y: 0.4, r: 0.3, color: [255, 255, 255] }] }),
    demoImagePng({ width: 640, height: 400, from: [30, 60, 160], to: [200, 40, 90], circles: [{ x: 0.3, y: 0.6, r: 0.25, color: [255, 220, 120] }] }),
  ];
  const uploaded = [];
  for (const picture of pictures) uploaded.push((await server.raw('/api/v1/media', { method: 'POST', token: asMarketer, headers: { 'content-type': 'image/png' }, body: new Uint8Array(picture) })).body as { id: string });
  const soon = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const bulletinsApi = server.client(asMarketer);
  await bulletinsApi.call('createBulletin', { body: { kind: 'DISCOUNT', titleTr: 'Hafta sonu meyve-sebze %20', titleEn: 'Weekend: 20% off fruit and veg', storeIds: [bulletinStore.id], mediaId: uploaded[0]!.id, startsAt: soon(-2), endsAt: soon(48), priority: 20 } });
  await bulletinsApi.call('createBulletin', { body: { kind: 'CAMPAIGN', titleTr: 'Kulüp kartlılara çift puan', mediaId: uploaded[1]!.id, startsAt: soon(72), endsAt: soon(240) } });
  await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Duyurular' }).click();
  await page.getByRole('table', { name: 'Kiosk duyuruları' }).waitFor();
  await shot(page, '13-bulletins');
  await page.getByRole('link', { name: 'Hafta sonu meyve-sebze %20' }).click();
  await page.getByRole('region', { name: 'Önizleme' }).getByRole('img').waitFor();
  await shot(page, '14-bulletin-editor');
  await page.getByRole('link', { name: 'Medya kitaplığı' }).click();
  await page.getByRole('list', { name: 'Medya kitaplığı' }).waitFor();
  await shot(page, '15-media-library');
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
