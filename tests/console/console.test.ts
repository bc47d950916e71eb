import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { launchChromium } from '../kiosk/browser';
import { key, memberAtKiosk, setupVoice } from '../voice/support';
import type { VoiceFixture } from '../voice/support';
import { ensureConsoleBuilt, logIn, navLinks, openConsole, staffUser } from './support';

describe.each(testDatabases())('staff console in the browser on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let fx: VoiceFixture;
  let agent: Awaited<ReturnType<typeof staffUser>>;
  let marketer: Awaited<ReturnType<typeof staffUser>>;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    fx = await setupVoice(server);
    agent = await staffUser(fx.admin, 'AGENT', 'Deniz Temsilci');
    marketer = await staffUser(fx.admin, 'MARKETER', 'Selin Pazarlama');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the console at /console/ with a page for every client-side route', async () => {
    expect((await server.raw('/console')).status).toBe(200); // redirected to /console/
    const deep = await server.raw('/console/tickets/3f0c2b7e-0000-4000-8000-000000000000');
    expect(deep.status).toBe(200);
    expect(String(deep.body)).toContain('<div id="root">');
    expect((await server.raw('/console/assets/missing.js')).status).toBe(404);
  });

  it('logs in with e-mail and password, says so when they are wrong, keeps the token in sessionStorage and logs out', async () => {
    const { context, page } = await openConsole(browser, server, '/console/members');
    try {
      await page.getByRole('heading', { name: 'Kulüp Konsol girişi' }).waitFor();
      await page.getByLabel('E-posta').fill(agent.email);
      await page.getByLabel('Parola').fill('not the password');
      await page.getByRole('button', { name: 'Giriş yap' }).click();
      await expect.poll(() => page.getByRole('alert').innerText()).toBe('E-posta veya parola hatalı.');
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

      // By keyboard: the e-mail is kept, the password was cleared; Enter submits.
      expect(await page.getByLabel('E-posta').inputValue()).toBe(agent.email);
      await page.getByLabel('Parola').focus();
      await page.keyboard.type(agent.password);
      await page.keyboard.press('Enter');
      await page.getByRole('navigation', { name: 'Ana menü' }).waitFor();
      // The deep link survives the login; the agent's name and role are shown.
      await page.getByRole('heading', { name: 'Üyeler' }).waitFor();
      expect(page.url()).toMatch(/\/console\/members$/);
      await page.getByText('Deniz Temsilci').waitFor();
      // The first Tab reaches the skip link, which moves focus to the page's content.
      await page.locator('body').focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('İçeriğe geç');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      const token = await page.evaluate(() => sessionStorage.getItem('kulup.console.token'));
      expect(token).toBeTruthy();
      expect(await page.evaluate(() => localStorage.getItem('kulup.console.token'))).toBeNull();

      // A reload keeps the session (same tab); logging out forgets it.
      await page.reload();
      await page.getByRole('heading', { name: 'Üyeler' }).waitFor();
      await page.getByRole('button', { name: 'Çıkış yap' }).click();
      await page.getByRole('heading', { name: 'Kulüp Konsol girişi' }).waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('kulup.console.token'))).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('takes a kiosk complaint through the queue: the agent answers, resolves, and sees the follow-up answer', async () => {
    const ayse = await memberAtKiosk(server, fx, 'Ayşe');
    const text = 'Kasada 25 dakika bekledim, yalnız bir kasa açıktı.';
    const { ticketNumber } = await ayse.client.call('submitComplaint', {
      body: { kind: 'COMPLAINT', categoryCode: 'KASA_BEKLEME', text, contactPermission: { channel: 'SMS' } },
      idempotencyKey: key(),
    });
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, agent);
      // An agent lands on the queue; the new complaint is there with both SLA clocks running.
      await page.getByRole('heading', { name: 'Talep kuyruğu' }).waitFor();
      const filters = page.getByRole('form', { name: 'Filtreler' });
      await filters.getByLabel('Kategori').selectOption({ label: 'Kasa / Bekleme' });
      await filters.getByLabel('Mağaza').selectOption({ value: fx.kiosk.storeId });
      const row = page.getByRole('row').filter({ hasText: ticketNumber });
      await row.waitFor();
      await expect.poll(() => row.locator('.sla').count()).toBe(2);
      const firstTimer = await row.locator('.sla').first().innerText();
      expect(firstTimer).toMatch(/kaldı|gecikti/);
      await expect.poll(() => row.locator('.sla').first().innerText(), { timeout: 5000 }).not.toBe(firstTimer);

      // Bulk assignment: select it and take it.
      await row.getByRole('checkbox').check();
      await page.getByRole('form', { name: 'Toplu atama' }).getByRole('button', { name: 'Seçilenleri ata' }).click();
      await page.getByText('1 talep atandı.').waitFor();
      await expect.poll(() => row.innerText()).toContain('Deniz Temsilci');

      await row.getByRole('link', { name: ticketNumber }).click();
      await page.getByRole('heading', { name: new RegExp(`Talep ${ticketNumber}`) }).waitFor();
      await page.getByText(text).waitFor();
      // The member's 360° summary next to the ticket.
      const memberPanel = page.getByRole('region', { name: 'Üye' });
      await memberPanel.getByText('Ayşe Demir').waitFor();
      expect(await memberPanel.getByTestId('ticket-member-balance').innerText()).toBe('0 puan');
      // Only transitions the workflow allows are offered.
      const workflow = page.getByRole('region', { name: 'Durum değiştir' });
      expect(await workflow.getByRole('button').allInnerTexts()).toEqual(['İşleme al', 'Müşteriyi bekle', 'Çözüldü olarak işaretle']);

      // Reply through the channel the customer allowed, starting from a canned answer.
      const reply = page.getByRole('region', { name: 'Müşteriye yanıt' });
      await expect.poll(() => reply.getByRole('radio', { name: 'SMS' }).isChecked()).toBe(true);
      expect(await reply.getByRole('radio').count()).toBe(1);
      await reply.getByLabel('Hazır yanıt').selectOption({ label: 'Özür ve inceleme' });
      expect(await reply.getByLabel('Yanıt metni').inputValue()).toMatch(/^Sayın müşterimiz/);
      await reply.getByRole('button', { name: 'Yanıtı gönder' }).click();
      await page.getByText('Yanıt gönderildi.').waitFor();

      // An internal note, then resolve.
      await page.getByRole('region', { name: 'İç not' }).getByLabel('Not').fill('Mağaza müdürüne iletildi.');
      await page.getByRole('button', { name: 'Notu ekle' }).click();
      await page.getByText('Not eklendi.').waitFor();
      await page.getByRole('button', { name: 'Çözüldü olarak işaretle' }).click();
      await page.getByText('Durum: Çözüldü.').waitFor();
      await page.getByTestId('follow-up').getByText('Yanıt bekleniyor').waitFor();
      expect(await workflow.getByRole('button').allInnerTexts()).toEqual(['İşleme al', 'Kapat']);

      const stored = await server.database.prisma.ticket.findUniqueOrThrow({ where: { number: ticketNumber }, include: { events: { orderBy: { id: 'asc' } } } });
      expect(stored.status).toBe('RESOLVED');
      expect(stored.assigneeId).toBe(agent.id);
      expect(stored.events.find((e) => e.kind === 'REPLY')).toMatchObject({ channel: 'SMS' });
      expect(stored.events.some((e) => e.kind === 'NOTE' && e.body === 'Mağaza müdürüne iletildi.')).toBe(true);

      // The member answers the one-question follow-up at the kiosk; the agent sees it recorded.
      const due = await ayse.client.call('listDueSurveys', {});
      const followUp = due.items.find((s) => s.kind === 'FOLLOW_UP' && s.followUp?.ticketNumber === ticketNumber);
      expect(followUp?.questions.map((q) => q.id)).toEqual(['csat']);
      await ayse.client.call('submitSurveyResponse', { params: { surveyId: followUp!.id }, body: { answers: { csat: 4 }, followUpId: followUp!.followUp!.id }, idempotencyKey: key() });
      await page.reload();
      const recorded = page.getByTestId('follow-up');
      await recorded.getByText('Yanıtlandı').waitFor();
      expect(await recorded.innerText()).toContain('Puan: 4 / 5');
      const history = await page.getByRole('region', { name: 'Geçmiş' }).innerText();
      expect(history).toContain('Müşteriye yanıt');
      expect(history).toContain('Mağaza müdürüne iletildi.');

      // The service dashboard counts it.
      await page.getByRole('link', { name: 'Hizmet panosu' }).click();
      const byCategory = page.getByRole('region', { name: 'Kategoriye göre talepler' });
      await byCategory.getByRole('table').waitFor();
      expect(await byCategory.getByRole('row').filter({ hasText: 'Kasa / Bekleme' }).count()).toBe(1);
      expect(Number(await page.locator('.kpi').filter({ hasText: 'Çözülen talep' }).locator('.kpi-value').innerText())).toBeGreaterThanOrEqual(1);
    } finally {
      await context.close();
    }
  });

  it('keeps marketer pages from agents and tickets from marketers', async () => {
    const asAgent = await openConsole(browser, server);
    try {
      await logIn(asAgent.page, agent);
      expect(await navLinks(asAgent.page)).toEqual(['Talepler', 'Hizmet panosu', 'Üyeler']);
      await asAgent.page.goto(new URL('/console/marketing', server.url).href);
      await asAgent.page.getByRole('heading', { name: 'Bu sayfaya erişiminiz yok' }).waitFor();
      expect(await asAgent.page.getByText('Pazarlama özeti').count()).toBe(0);
    } finally {
      await asAgent.context.close();
    }
    const asMarketer = await openConsole(browser, server);
    try {
      await logIn(asMarketer.page, marketer);
      // A marketer lands on the marketing overview and has no tickets in the navigation.
      await asMarketer.page.getByRole('heading', { name: 'Pazarlama özeti' }).waitFor();
      expect(await navLinks(asMarketer.page)).toEqual(['Pazarlama', 'Segmentler', 'Kampanyalar', 'Anketler', 'Duyurular', 'Analizler', 'Üyeler']);
      for (const path of ['/console/tickets', '/console/service-dashboard']) {
        await asMarketer.page.goto(new URL(path, server.url).href);
        await asMarketer.page.getByRole('heading', { name: 'Bu sayfaya erişiminiz yok' }).waitFor();
        expect(await asMarketer.page.getByRole('table').count()).toBe(0);
      }
    } finally {
      await asMarketer.context.close();
    }
  });

  it('shows a member’s balance, profile and tickets on the 360° page', async () => {
    const can = await memberAtKiosk(server, fx, 'Canan', { email: 'canan@example.com' });
    await fx.agent.call('requestAdjustment', { params: { memberId: can.memberId }, body: { points: 1250, reason: 'Hoş geldin puanı' } });
    const { ticketNumber } = await can.client.call('submitComplaint', { body: { kind: 'WISH', categoryCode: 'ONERI', text: 'Glutensiz ürün rafı olsun.' }, idempotencyKey: key() });
    // An earlier ticket, resolved, whose follow-up survey she answered.
    const earlier = await can.client.call('submitComplaint', { body: { kind: 'COMPLAINT', categoryCode: 'TEMIZLIK', text: 'Reyonlar dağınıktı.' }, idempotencyKey: key() });
    const earlierId = (await fx.agent.call('listTickets', { query: { memberId: can.memberId } })).items.find((x) => x.number === earlier.ticketNumber)!.id;
    await fx.agent.call('transitionTicket', { params: { ticketId: earlierId }, body: { to: 'RESOLVED' } });
    const survey = (await can.client.call('listDueSurveys', {})).items.find((x) => x.followUp?.ticketNumber === earlier.ticketNumber)!;
    await can.client.call('submitSurveyResponse', { params: { surveyId: survey.id }, body: { answers: { csat: 5 }, followUpId: survey.followUp!.id }, idempotencyKey: key() });
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, agent);
      await page.getByRole('link', { name: 'Üyeler' }).click();
      await page.getByLabel('Üye ara').fill('Canan');
      await page.getByRole('button', { name: 'Ara' }).click();
      await page.getByRole('link', { name: 'Canan Demir' }).click();
      await page.getByRole('heading', { name: 'Canan Demir' }).waitFor();
      expect(await page.getByTestId('member-balance').innerText()).toBe('1.250 puan');
      await page.getByText('canan@example.com').waitFor();
      const tickets = page.getByRole('region', { name: 'Talepler' });
      await tickets.getByRole('link', { name: ticketNumber }).waitFor();
      await tickets.getByRole('link', { name: earlier.ticketNumber }).waitFor();
      const surveys = page.getByRole('region', { name: 'Memnuniyet anketleri' });
      await surveys.getByText('Yanıtlandı').waitFor();
      expect(await surveys.innerText()).toContain('Puan: 5 / 5');
      const history = page.getByRole('region', { name: 'Puan geçmişi' });
      await history.getByRole('row').filter({ hasText: 'Düzeltme' }).filter({ hasText: '+1.250' }).waitFor();
      // From the member's ticket straight to the ticket page.
      await tickets.getByRole('link', { name: ticketNumber }).click();
      await page.getByRole('heading', { name: new RegExp(`Talep ${ticketNumber}`) }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('switches between Turkish and English and remembers the choice', async () => {
    const { context, page } = await openConsole(browser, server);
    try {
      await page.getByRole('heading', { name: 'Kulüp Konsol girişi' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('tr');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Kulüp Console login' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.getByLabel('E-mail').fill(agent.email);
      await page.getByLabel('Password').fill(agent.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Ticket queue' }).waitFor();
      expect(await navLinks(page)).toEqual(['Tickets', 'Service dashboard', 'Members']);
      await page.reload();
      await page.getByRole('heading', { name: 'Ticket queue' }).waitFor();
      await page.getByRole('button', { name: 'Türkçe' }).click();
      await page.getByRole('heading', { name: 'Talep kuyruğu' }).waitFor();
      expect(await navLinks(page)).toEqual(['Talepler', 'Hizmet panosu', 'Üyeler']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('tr');
    } finally {
      await context.close();
    }
  });
});
