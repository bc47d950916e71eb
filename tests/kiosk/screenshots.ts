/**
 * Screenshots of every kiosk screen (Turkish, portrait 1080×1920 at half scale) into docs/screenshots/kiosk/.
 * Run: `pnpm --filter @kulup/kiosk screenshots` (builds the kiosk if needed, starts a throwaway server).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { seedKioskDemo } from '@kulup/server';
import type { Page } from 'playwright-core';

import { memberWithCard } from '../kiosk-api/support';
import { startTestServer } from '../support/test-server';
import { LANDSCAPE, PORTRAIT, ensureKioskBuilt, launchChromium, signIn } from './browser';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots/kiosk');
mkdirSync(out, { recursive: true });

await ensureKioskBuilt();
const server = await startTestServer('pglite');
const browser = await launchChromium();
try {
  const admin = await server.staff('ADMIN');
  const agent = await server.staff('AGENT');
  const marketer = await server.staff('MARKETER');
  const m = await memberWithCard(agent.client, 'Ayşe');
  await agent.client.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '2580' } });
  await agent.client.call('requestAdjustment', { params: { memberId: m.memberId }, body: { points: 1250, reason: 'demo points' } });
  await seedKioskDemo(server.database.prisma, { filesDir: server.filesDir });
  for (const [code, nameTr, nameEn] of [['CLEANLINESS', 'Temizlik', 'Cleanliness'], ['PRICES', 'Fiyatlar', 'Prices'], ['STAFF', 'Personel', 'Staff'], ['PRODUCTS', 'Ürünler', 'Products']] as const) {
    await admin.client.call('createTicketCategory', { body: { code, nameTr, nameEn } });
  }
  const survey = await marketer.client.call('createSurvey', {
    body: {
      titleTr: 'Mağaza memnuniyeti', titleEn: 'Store satisfaction', targeting: 'MEMBER',
      questions: [
        { id: 'nps', type: 'NPS', textTr: 'Kulüp Market’i bir arkadaşınıza tavsiye eder misiniz?', textEn: 'Would you recommend Kulüp Market to a friend?' },
        { id: 'csat', type: 'CSAT', textTr: 'Kasadaki hizmetten ne kadar memnunsunuz?', textEn: 'How satisfied are you with the checkout?' },
      ],
    },
  });
  await marketer.client.call('setSurveyStatus', { params: { surveyId: survey.id }, body: { status: 'ACTIVE' } });
  const store = await admin.client.call('createStore', { body: { code: 'IST-KADIKOY', name: 'Kulüp Market Kadıköy', city: 'İstanbul' } });

  const open = async (viewport: { width: number; height: number }) => {
    const created = await admin.client.call('createTerminal', { body: { storeId: store.id, kind: 'KIOSK', name: 'Giriş kioskı' } });
    const context = await browser.newContext({ viewport, deviceScaleFactor: 0.5, locale: 'tr-TR', timezoneId: 'Europe/Istanbul' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.clock.install();
    await page.goto(new URL('/kiosk/', server.url).href);
    return { context, page, code: created.enrolment.code };
  };
  const shot = async (page: Page, name: string) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    console.log(`docs/screenshots/kiosk/${name}.png`);
  };

  const { context, page, code } = await open(PORTRAIT);
  await page.getByLabel('Kayıt kodu').fill(code);
  await shot(page, '01-enrolment');
  await page.getByRole('button', { name: 'Kaydet' }).click();
  await page.locator('.slide-media').waitFor();
  await shot(page, '02-attract-loop');
  await page.getByRole('button', { name: 'Başla' }).click();
  for (const d of m.cardNumber) await page.getByRole('group', { name: 'keypad' }).getByRole('button', { name: d, exact: true }).click();
  await shot(page, '03-card-number');
  await page.getByRole('button', { name: 'İleri' }).click();
  await page.getByLabel('PIN (4–6 hane)').fill('1357');
  await page.getByRole('button', { name: 'Giriş' }).click();
  await page.getByRole('alert').waitFor();
  await shot(page, '04-pin-wrong');
  await page.getByLabel('PIN (4–6 hane)').fill('');
  await page.getByRole('button', { name: 'Geri' }).click();
  await signInFromCardStep(page, '2580');
  await page.getByRole('heading', { name: 'Merhaba, Ayşe' }).waitFor();
  await page.getByTestId('offer').first().waitFor();
  await shot(page, '05-member-home');
  await page.getByRole('button', { name: /^Etkinleştir/ }).first().click();
  await page.getByText('✓ Etkin').waitFor();
  await page.getByRole('button', { name: 'Yanıtla: Mağaza memnuniyeti' }).click();
  await page.getByRole('button', { name: '9', exact: true }).click();
  await shot(page, '06-survey-nps');
  await page.getByRole('button', { name: 'İleri' }).click();
  await page.getByRole('button', { name: '4 · İyi' }).click();
  await shot(page, '07-survey-csat');
  await page.getByRole('button', { name: 'Gönder' }).click();
  await page.getByRole('heading', { name: /Teşekkürler/ }).waitFor();
  await shot(page, '08-survey-thanks');
  await page.getByRole('button', { name: 'Tamam' }).click();
  await page.getByRole('button', { name: 'Şikâyet veya istek bildir' }).click();
  await page.getByRole('radio', { name: 'Temizlik' }).click();
  await page.getByLabel('Mesajınız').fill('Meyve reyonundaki tezgâh çok kirliydi, ilgilenirseniz sevinirim.');
  await page.getByLabel('Bu konuda benimle iletişime geçilmesine izin veriyorum').check();
  await shot(page, '09-complaint-form');
  await page.getByRole('button', { name: 'Gönder' }).click();
  await page.getByTestId('ticket-number').waitFor();
  await shot(page, '10-ticket-number');
  await page.getByRole('button', { name: 'Tamam' }).click();
  await page.clock.fastForward(31_000);
  await page.getByRole('alertdialog').waitFor();
  await shot(page, '11-idle-warning');
  await page.getByRole('button', { name: 'Devam et' }).click();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Şikâyet veya istek bildir' }).click();
  await page.getByRole('radio', { name: 'Fiyatlar' }).click();
  await page.getByLabel('Mesajınız').fill('Raf etiketi ile kasadaki fiyat farklı.');
  await page.getByRole('button', { name: 'Gönder' }).click();
  await page.getByRole('heading', { name: /Bağlantı yok/ }).waitFor();
  await shot(page, '12-offline-saved');
  await context.close();

  const wide = await open(LANDSCAPE);
  await wide.page.getByLabel('Kayıt kodu').fill(wide.code);
  await wide.page.getByRole('button', { name: 'Kaydet' }).click();
  await wide.page.locator('.slide-media').waitFor();
  await shot(wide.page, '13-attract-landscape');
  await signIn(wide.page, m.cardNumber, '2580');
  await wide.page.getByRole('heading', { name: 'Merhaba, Ayşe' }).waitFor();
  await wide.page.getByTestId('offer').first().waitFor();
  await shot(wide.page, '14-member-home-landscape');
  await wide.context.close();
} finally {
  await browser.close();
  await server.close();
}

async function signInFromCardStep(page: Page, pin: string) {
  await page.getByRole('button', { name: 'İleri' }).click();
  await page.getByLabel('PIN (4–6 hane)').fill(pin);
  await page.getByRole('button', { name: 'Giriş' }).click();
}
