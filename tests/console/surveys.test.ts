import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../kiosk/browser';
import { testDatabases } from '../support/databases';
import { csvRows, xlsxRows } from '../support/export-files';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { key, setupVoice } from '../voice/support';
import type { VoiceFixture } from '../voice/support';
import { download, ensureConsoleBuilt, logIn, openConsole, staffUser } from './support';

const COMMENT = 'Kasiyer çok güler yüzlüydü, teşekkürler';

/** The cells of each body row of a table, as text. */
async function rows(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));
}

describe.each(testDatabases())('survey pages and export buttons in the browser on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let fx: VoiceFixture;
  let agent: Awaited<ReturnType<typeof staffUser>>;
  let marketer: Awaited<ReturnType<typeof staffUser>>;
  let surveyId: string;

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

  it('lets a marketer write an NPS and free-text survey, shows server errors at their fields, and activates it', async () => {
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, marketer);
      await page.getByRole('link', { name: 'Anketleri yönet' }).click();
      await page.getByRole('heading', { name: 'Anketler', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Yeni anket' }).click();
      await page.getByRole('heading', { name: 'Yeni anket' }).waitFor();

      await page.getByLabel('Başlık (Türkçe)').fill('Mağaza deneyimi');
      await page.getByLabel('Başlık (İngilizce)').fill('Store experience');
      const q1 = page.getByRole('group', { name: 'Soru 1', exact: true });
      await q1.getByLabel('Soru kodu').fill('nps');
      expect(await q1.getByLabel('Soru türü').inputValue()).toBe('NPS');
      await q1.getByLabel('Soru metni (Türkçe)').fill('Bizi tavsiye eder misiniz?');
      await q1.getByLabel('Soru metni (İngilizce)').fill('Would you recommend us?');
      await page.getByRole('button', { name: 'Soru ekle' }).click();
      const q2 = page.getByRole('group', { name: 'Soru 2', exact: true });
      await q2.getByLabel('Soru kodu').fill('comment');
      await q2.getByLabel('Soru türü').selectOption({ label: 'Serbest metin' });
      await q2.getByLabel('Soru metni (Türkçe)').fill('Eklemek istedikleriniz');
      await q2.getByLabel('Zorunlu').uncheck();
      // A missing English text: the server's message for that path is shown at that field only.
      await page.getByRole('button', { name: 'Kaydet' }).click();
      const textEn = q2.getByLabel('Soru metni (İngilizce)');
      await expect.poll(() => textEn.getAttribute('aria-invalid')).toBe('true');
      expect(await q1.getByLabel('Soru metni (İngilizce)').getAttribute('aria-invalid')).toBeNull();
      expect(await q2.locator('.field-error').count()).toBe(1);
      expect(await q1.locator('.field-error').count()).toBe(0);
      expect(page.url()).toMatch(/\/surveys\/new$/);

      // A window that ends before it starts: named at `activeTo`.
      await textEn.fill('Anything to add?');
      await page.getByLabel('Yayın başlangıcı').fill('2026-12-10T10:00');
      await page.getByLabel('Yayın bitişi').fill('2026-12-01T10:00');
      await page.getByRole('button', { name: 'Kaydet' }).click();
      await page.getByText('activeTo must be after activeFrom').waitFor();
      expect(await page.getByLabel('Yayın bitişi').getAttribute('aria-invalid')).toBe('true');
      expect(await textEn.getAttribute('aria-invalid')).toBeNull();
      expect(await server.database.prisma.survey.count({ where: { titleTr: 'Mağaza deneyimi' } })).toBe(0);

      await page.getByLabel('Yayın başlangıcı').fill('');
      await page.getByLabel('Yayın bitişi').fill('');
      await page.getByRole('button', { name: 'Kaydet' }).click();
      await page.getByRole('status').getByText('Anket kaydedildi.').waitFor();
      expect(page.url()).toMatch(/\/surveys\/[0-9a-f-]{36}$/);
      surveyId = page.url().split('/').pop()!;
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Taslak');

      await page.getByRole('button', { name: 'Yayına al' }).click();
      await page.getByRole('status').getByText('Anket yayında.').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Yayında');
      // Live: the questions are locked, the close button is offered.
      expect(await q1.getByLabel('Soru kodu').isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Anketi kapat' }).waitFor();

      const stored = await fx.marketer.call('getSurvey', { params: { surveyId } });
      expect([stored.status, stored.targeting, stored.questions.map((q) => [q.id, q.type, q.required])]).toEqual([
        'ACTIVE',
        'ANONYMOUS',
        [
          ['nps', 'NPS', true],
          ['comment', 'TEXT', false],
        ],
      ]);
      expect(await server.database.prisma.auditLog.count({ where: { entityType: 'survey', entityId: surveyId } })).toBe(2);

      await page.getByRole('link', { name: '← Anketler' }).click();
      const list = page.getByRole('table', { name: 'Anketler' });
      await list.waitFor();
      expect((await rows(list)).find((r) => r[0] === 'Mağaza deneyimi')).toEqual(['Mağaza deneyimi', 'Yayında', 'Süresiz', 'Anonim (kioskta herkes)', '0', 'Sonuçlar']);
    } finally {
      await context.close();
    }
  });

  it('shows the NPS and free-text answers a kiosk submitted, and downloads them as XLSX and CSV', async () => {
    // As the kiosk does: list the surveys due now, answer the one offered.
    const due = await fx.kiosk.client.call('listDueSurveys', {});
    const offered = due.items.find((s) => s.id === surveyId);
    expect(offered?.anonymous).toBe(true);
    const answers: Record<string, number | string>[] = [{ nps: 10, comment: COMMENT }, { nps: 9 }, { nps: 7 }, { nps: 2, comment: 'Kuyruk uzundu' }, { nps: 10 }];
    for (const a of answers) await fx.kiosk.client.call('submitSurveyResponse', { params: { surveyId }, body: { answers: a }, idempotencyKey: key() });

    const { context, page } = await openConsole(browser, server, `/console/surveys/${surveyId}/results`);
    try {
      await logIn(page, marketer);
      await page.getByRole('heading', { name: 'Sonuçlar: Mağaza deneyimi' }).waitFor();
      // 3 promoters, 1 passive, 1 detractor of 5: NPS 40.
      await expect.poll(() => page.getByTestId('nps-overall').innerText()).toBe('40');
      expect(await page.getByTestId('total-responses').innerText()).toBe('5 yanıt');
      const overTime = page.getByRole('table', { name: 'NPS · Zaman içinde' });
      const [week] = await rows(overTime);
      expect(week![0]).toMatch(/^\d{4}-W\d{2}$/);
      expect(week!.slice(1)).toEqual(['5', '3', '1', '1', '40']);
      await page.getByLabel('Gruplama').selectOption('month');
      await expect.poll(async () => (await rows(overTime)).map((r) => r.slice(1))).toEqual([['5', '3', '1', '1', '40']]);
      expect((await rows(overTime))[0]![0]).toMatch(/^\d{4}-\d{2}$/);
      const byStore = await rows(page.getByRole('table', { name: 'NPS · Mağazaya göre' }));
      expect(byStore.map((r) => r.slice(1))).toEqual([['5', '3', '1', '1', '40']]);
      const texts = await rows(page.getByRole('table', { name: 'Serbest metin yanıtları: Eklemek istedikleriniz' }));
      expect(texts.map((r) => r[2]).sort()).toEqual([COMMENT, 'Kuyruk uzundu'].sort());

      const exports = page.getByRole('group', { name: 'Yanıtları dışa aktar' });
      const xlsx = await download(page, exports.getByRole('button', { name: 'Excel (XLSX) indir' }));
      expect(xlsx.download.suggestedFilename()).toMatch(/\.xlsx$/);
      const sheet = (await xlsxRows(xlsx.bytes)).rows;
      expect(sheet[0]).toEqual(['Yanıt', 'Tarih', 'Mağaza', 'Katılımcı', 'nps: Bizi tavsiye eder misiniz?', 'comment: Eklemek istedikleriniz']);
      expect(sheet.slice(1).map((r) => `${r[4]}|${r[5]}`).sort()).toEqual(['10|', `10|${COMMENT}`, '2|Kuyruk uzundu', '7|', '9|'].sort());
      await exports.getByRole('status').getByText(`${xlsx.download.suggestedFilename()} indirildi.`).waitFor();

      const csv = await download(page, exports.getByRole('button', { name: 'CSV indir' }));
      expect(csv.download.suggestedFilename()).toMatch(/\.csv$/);
      const csvText = csv.bytes.toString('utf8');
      expect(csvText).toContain(COMMENT);
      expect(csvRows(csv.bytes)).toEqual(sheet);
    } finally {
      await context.close();
    }
  });

  it('edits choice questions with a conditional next question, and shows CSAT and choice results', async () => {
    const { context, page } = await openConsole(browser, server, '/console/surveys/new');
    try {
      await logIn(page, marketer);
      await page.getByRole('heading', { name: 'Yeni anket' }).waitFor();
      await page.getByLabel('Başlık (Türkçe)').fill('Kasa memnuniyeti');
      await page.getByLabel('Başlık (İngilizce)').fill('Checkout satisfaction');
      const q1 = page.getByRole('group', { name: 'Soru 1', exact: true });
      await q1.getByLabel('Soru kodu').fill('sat');
      await q1.getByLabel('Soru türü').selectOption('CSAT');
      await q1.getByLabel('Soru metni (Türkçe)').fill('Kasadan memnun musunuz?');
      await q1.getByLabel('Soru metni (İngilizce)').fill('Happy with the checkout?');
      await page.getByRole('button', { name: 'Soru ekle' }).click();
      const q2 = page.getByRole('group', { name: 'Soru 2', exact: true });
      await q2.getByLabel('Soru kodu').fill('why');
      await q2.getByLabel('Soru türü').selectOption('SINGLE');
      await q2.getByLabel('Soru metni (Türkçe)').fill('Neden?');
      await q2.getByLabel('Soru metni (İngilizce)').fill('Why?');
      const texts = [
        ['queue', 'Kuyruk', 'Queue'],
        ['price', 'Fiyat', 'Price'],
      ];
      for (const [i, [id, tr, en]] of texts.entries()) {
        const option = q2.getByRole('group', { name: `Seçenek ${i + 1}`, exact: true });
        await option.getByLabel('Seçenek kodu').fill(id!);
        await option.getByLabel('Metin (Türkçe)').fill(tr!);
        await option.getByLabel('Metin (İngilizce)').fill(en!);
      }
      await q2.getByLabel('Yalnızca şu soruya verilen yanıta göre göster').selectOption('sat');
      await q2.getByLabel('Gösterilecek yanıtlar').fill('1, 2');
      await page.getByRole('button', { name: 'Kaydet' }).click();
      await page.getByRole('status').getByText('Anket kaydedildi.').waitFor();
      const id = page.url().split('/').pop()!;
      const stored = await fx.marketer.call('getSurvey', { params: { surveyId: id } });
      expect(stored.questions.map((q) => [q.id, q.type, q.options.map((o) => o.id), q.showIf])).toEqual([
        ['sat', 'CSAT', [], null],
        ['why', 'SINGLE', ['queue', 'price'], { questionId: 'sat', anyOf: [1, 2] }],
      ]);
      await page.getByRole('button', { name: 'Yayına al' }).click();
      await page.getByRole('status').getByText('Anket yayında.').waitFor();

      const responses: Record<string, number | string>[] = [{ sat: 5 }, { sat: 4 }, { sat: 2, why: 'price' }];
      for (const answers of responses) {
        await fx.kiosk.client.call('submitSurveyResponse', { params: { surveyId: id }, body: { answers }, idempotencyKey: key() });
      }
      await page.getByRole('link', { name: 'Sonuçlar' }).click();
      await page.getByRole('heading', { name: 'Sonuçlar: Kasa memnuniyeti' }).waitFor();
      await expect.poll(() => page.getByTestId('csat-overall').innerText()).toBe('66,7 %');
      expect((await rows(page.getByRole('table', { name: 'CSAT · Zaman içinde' })))[0]!.slice(1)).toEqual(['3', '2', '3,67', '66,7 %']);
      expect(await rows(page.getByRole('region', { name: 'Neden?' }).getByRole('table'))).toContainEqual(['Fiyat', '1']);
    } finally {
      await context.close();
    }
  });

  it('lets an agent export the ticket queue with its filters and the service report, but not open the survey pages', async () => {
    const clean = await fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode: 'TEMIZLIK', text: 'Tuvaletler kirliydi' } });
    const queueing = await fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode: 'KASA_BEKLEME', text: 'Kasada uzun kuyruk' } });
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, agent);
      await page.getByRole('heading', { name: 'Talep kuyruğu' }).waitFor();
      const all = await download(page, page.getByRole('button', { name: 'CSV indir' }));
      expect(all.download.suggestedFilename()).toMatch(/^talepler-\d{4}-\d{2}-\d{2}\.csv$/);
      const numbers = (r: string[][]) => r.slice(1).map((x) => x[0]);
      expect(numbers(csvRows(all.bytes))).toEqual(expect.arrayContaining([clean.number, queueing.number]));

      // With the queue's category filter, only those tickets are in the file.
      await page.getByLabel('Kategori').selectOption('TEMIZLIK');
      await expect.poll(() => page.url()).toContain('category=TEMIZLIK');
      const filtered = csvRows((await download(page, page.getByRole('button', { name: 'CSV indir' }))).bytes);
      expect(numbers(filtered)).toContain(clean.number);
      expect(numbers(filtered)).not.toContain(queueing.number);

      await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Hizmet panosu' }).click();
      await page.getByRole('heading', { name: 'Hizmet panosu' }).waitFor();
      const report = await download(page, page.getByRole('button', { name: 'Excel (XLSX) indir' }));
      expect(report.download.suggestedFilename()).toMatch(/^hizmet-raporu-.*\.xlsx$/);
      const reportRows = (await xlsxRows(report.bytes)).rows;
      expect(reportRows[0]).toEqual(['Bölüm', 'Kalem', 'Ölçü', 'Değer']);
      expect(reportRows).toContainEqual(['Özet', 'Talepler', 'Açılan', '2']);

      for (const path of [`/console/surveys/${surveyId}`, '/console/surveys/new', '/console/surveys', `/console/surveys/${surveyId}/results`]) {
        await page.goto(new URL(path, server.url).href);
        await page.getByRole('heading', { name: 'Bu sayfaya erişiminiz yok' }).waitFor();
        expect(await page.getByRole('button', { name: 'Kaydet' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Excel (XLSX) indir' }).count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  });
});
