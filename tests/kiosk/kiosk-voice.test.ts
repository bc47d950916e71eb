import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { memberWithCard } from '../kiosk-api/support';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { ensureKioskBuilt, launchChromium, openKiosk, signIn, storageDump } from './browser';

describe.each(testDatabases())('kiosk in the browser: surveys and complaints on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<TestServer['staff']>>;
  let agent: Awaited<ReturnType<TestServer['staff']>>;
  let memberSurveyId: string;

  beforeAll(async () => {
    await ensureKioskBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    admin = await server.staff('ADMIN');
    agent = await server.staff('AGENT');
    const marketer = await server.staff('MARKETER');
    await admin.client.call('createTicketCategory', { body: { code: 'CLEANLINESS', nameTr: 'Temizlik', nameEn: 'Cleanliness', position: 1 } });
    await admin.client.call('createTicketCategory', { body: { code: 'PRICES', nameTr: 'Fiyatlar', nameEn: 'Prices', position: 2 } });
    const survey = await marketer.client.call('createSurvey', {
      body: {
        titleTr: 'Mağaza memnuniyeti', titleEn: 'Store satisfaction', targeting: 'MEMBER', periodDays: 30,
        questions: [
          { id: 'nps', type: 'NPS', textTr: 'Kulüp Market’i bir arkadaşınıza tavsiye eder misiniz?', textEn: 'Would you recommend Kulüp Market to a friend?' },
          { id: 'why', type: 'TEXT', required: false, textTr: 'Neden?', textEn: 'Why?', showIf: { questionId: 'nps', anyOf: [0, 1, 2, 3, 4, 5, 6] } },
          { id: 'csat', type: 'CSAT', textTr: 'Kasadaki hizmetten ne kadar memnunsunuz?', textEn: 'How satisfied are you with the checkout?' },
        ],
      },
    });
    await marketer.client.call('setSurveyStatus', { params: { surveyId: survey.id }, body: { status: 'ACTIVE' } });
    memberSurveyId = survey.id;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function shopper(firstName: string, pin: string) {
    const m = await memberWithCard(agent.client, firstName);
    await agent.client.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin } });
    return m;
  }

  const responses = (memberId: string) => server.database.prisma.surveyResponse.count({ where: { surveyId: memberSurveyId, memberId } });
  const tickets = () => server.database.prisma.ticket.count();

  async function answerSurvey(page: Page) {
    await page.getByRole('button', { name: 'Yanıtla: Mağaza memnuniyeti' }).click();
    await page.getByRole('heading', { name: /tavsiye eder misiniz/ }).waitFor();
    await page.getByRole('button', { name: '9', exact: true }).click();
    await page.getByRole('button', { name: 'İleri' }).click();
    // NPS 9 skips the conditional "why" question.
    await page.getByRole('heading', { name: /Kasadaki hizmetten/ }).waitFor();
    expect(await page.getByText('Soru 2 / 2').count()).toBe(1);
    await page.getByRole('button', { name: '4 · İyi' }).click();
    await page.getByRole('button', { name: 'Gönder' }).click();
  }

  async function fileComplaint(page: Page, text: string, withContact: boolean) {
    await page.getByRole('radio', { name: 'Temizlik' }).click();
    await page.getByLabel('Mesajınız').fill(text);
    if (withContact) {
      await page.getByLabel('Bu konuda benimle iletişime geçilmesine izin veriyorum').check();
      await page.getByRole('radio', { name: 'SMS' }).click();
    }
    await page.getByRole('button', { name: 'Gönder' }).click();
  }

  it('answers a due survey and files a complaint, showing its ticket number', async () => {
    const m = await shopper('Aylin', '5274');
    const { context, page } = await openKiosk(browser, server, admin);
    try {
      await signIn(page, m.cardNumber, '5274');
      await page.getByRole('heading', { name: 'Merhaba, Aylin' }).waitFor();
      await answerSurvey(page);
      await page.getByRole('heading', { name: 'Teşekkürler! Yanıtınız kaydedildi.' }).waitFor();
      expect(await responses(m.memberId)).toBe(1);
      const stored = await server.database.prisma.surveyResponse.findFirstOrThrow({ where: { surveyId: memberSurveyId, memberId: m.memberId } });
      expect(JSON.stringify(stored)).toContain('9');

      await page.getByRole('button', { name: 'Tamam' }).click();
      await page.getByRole('button', { name: 'Şikâyet veya istek bildir' }).click();
      const before = await tickets();
      await fileComplaint(page, 'Meyve reyonundaki tezgâh çok kirliydi.', true);
      const number = await page.getByTestId('ticket-number').textContent();
      const ticket = await server.database.prisma.ticket.findUniqueOrThrow({ where: { number: number! } });
      expect(ticket).toMatchObject({ kind: 'COMPLAINT', memberId: m.memberId });
      expect(await tickets()).toBe(before + 1);
    } finally {
      await context.close();
    }
  });

  it('refuses an over-long complaint with a clear message and stores nothing; an anonymous one gets a number', async () => {
    const { context, page } = await openKiosk(browser, server, admin);
    try {
      const before = await tickets();
      await page.getByRole('button', { name: 'Görüş, şikâyet veya istek' }).click();
      await page.getByText('Kimliğiniz kaydedilmeden gönderilir.').waitFor();
      expect(await page.getByLabel('Bu konuda benimle iletişime geçilmesine izin veriyorum').count()).toBe(0);
      await fileComplaint(page, 'ç'.repeat(2001), false);
      await page.getByRole('alert').filter({ hasText: 'En fazla 2000 karakter yazabilirsiniz.' }).waitFor();
      await page.getByText('-1 karakter kaldı').waitFor();
      expect(await tickets()).toBe(before);
      expect((await storageDump(page)).idb['kulup-kiosk']!.outbox).toEqual([]);

      await page.getByLabel('Mesajınız').fill('Fiyat etiketleri okunmuyor.');
      await page.getByRole('button', { name: 'Gönder' }).click();
      const number = await page.getByTestId('ticket-number').textContent();
      expect((await server.database.prisma.ticket.findUniqueOrThrow({ where: { number: number! } })).memberId).toBeNull();
      expect(await tickets()).toBe(before + 1);
    } finally {
      await context.close();
    }
  });

  it('keeps a survey answer and a complaint made offline and sends each exactly once when the network returns', async () => {
    const m = await shopper('Oya', '8163');
    const { context, page } = await openKiosk(browser, server, admin);
    try {
      await signIn(page, m.cardNumber, '8163');
      await page.getByRole('heading', { name: 'Merhaba, Oya' }).waitFor();
      await page.getByRole('button', { name: 'Yanıtla: Mağaza memnuniyeti' }).waitFor();
      // The categories are loaded once online; the complaint form works from them offline.
      await page.getByRole('button', { name: 'Şikâyet veya istek bildir' }).click();
      await page.getByRole('radio', { name: 'Temizlik' }).waitFor();
      await page.getByRole('button', { name: 'Vazgeç' }).click();
      await page.getByRole('button', { name: 'Yanıtla: Mağaza memnuniyeti' }).waitFor();
      const ticketsBefore = await tickets();

      await context.setOffline(true);
      await answerSurvey(page);
      await page.getByRole('heading', { name: /Bağlantı yok: kaydınız bu kioskta saklandı/ }).waitFor();
      await page.getByTestId('status-bar').getByText(/Çevrimdışı/).waitFor();
      await page.getByRole('button', { name: 'Tamam' }).click();
      await page.getByRole('button', { name: 'Şikâyet veya istek bildir' }).click();
      await fileComplaint(page, 'Otoparkta ışıklar yanmıyor.', false);
      await page.getByRole('heading', { name: /Bağlantı yok/ }).waitFor();
      await expect.poll(() => page.getByTestId('pending-count').textContent()).toBe('Gönderilmeyi bekleyen 2 kayıt');
      const queued = (await storageDump(page)).idb['kulup-kiosk']!.outbox as { idempotencyKey: string }[];
      expect(queued).toHaveLength(2);
      expect(new Set(queued.map((q) => q.idempotencyKey)).size).toBe(2);
      expect(await responses(m.memberId)).toBe(0);
      expect(await tickets()).toBe(ticketsBefore);

      await context.setOffline(false);
      await expect.poll(() => responses(m.memberId), { timeout: 20_000 }).toBe(1);
      await expect.poll(() => tickets(), { timeout: 20_000 }).toBe(ticketsBefore + 1);
      await page.getByTestId('pending-count').waitFor({ state: 'detached', timeout: 20_000 });
      expect((await storageDump(page)).idb['kulup-kiosk']!.outbox).toEqual([]);

      // More triggers (online events, the service worker's sync) change nothing: each is stored once.
      await page.evaluate(() => {
        window.dispatchEvent(new Event('online'));
        window.dispatchEvent(new Event('online'));
      });
      await page.waitForTimeout(1_000);
      expect(await responses(m.memberId)).toBe(1);
      expect(await tickets()).toBe(ticketsBefore + 1);
    } finally {
      await context.close();
    }
  });
});
