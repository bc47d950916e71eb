import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import type { KulupClient } from '@kulup/contracts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoImagePng } from '../../packages/server/src/services/media/demo-image';
import { tinyPng } from '../kiosk-api/support';
import { launchChromium } from '../kiosk/browser';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { ensureConsoleBuilt, logIn, navLinks, openConsole, staffUser } from './support';

const HOUR = 3_600_000;
const PICTURE = demoImagePng({ width: 320, height: 200, from: [0, 110, 80], to: [240, 180, 40], circles: [{ x: 0.7, y: 0.4, r: 0.3, color: [255, 255, 255] }] });

/** An instant as the `datetime-local` value the console shows in Istanbul time. */
function istanbulInput(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Istanbul', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(ms))
    .replace(' ', 'T');
}

/** The cells of each body row of a table, as text. */
async function rows(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((c) => (c.textContent ?? '').trim())));
}

/** The natural width of a loaded image (0 while loading or when it failed). */
const loadedWidth = (img: Locator) => img.evaluate((el) => ((el as HTMLImageElement).complete ? (el as HTMLImageElement).naturalWidth : 0));

describe.each(testDatabases())('kiosk bulletins and media in the console on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let admin: KulupClient;
  let marketerApi: KulupClient;
  let marketer: Awaited<ReturnType<typeof staffUser>>;
  let agent: Awaited<ReturnType<typeof staffUser>>;
  let kioskA: Awaited<ReturnType<TestServer['terminal']>>;
  let kioskB: Awaited<ReturnType<TestServer['terminal']>>;
  let storeA: string;
  let bulletinId: string;

  const mediaFiles = () => {
    const dir = path.join(server.filesDir, 'media');
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  beforeAll(async () => {
    await ensureConsoleBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    admin = (await server.staff('ADMIN')).client;
    marketerApi = (await server.staff('MARKETER')).client;
    marketer = await staffUser(admin, 'MARKETER', 'Selin Pazarlama');
    agent = await staffUser(admin, 'AGENT', 'Deniz Temsilci');
    kioskA = await server.terminal('KIOSK');
    kioskB = await server.terminal('KIOSK');
    storeA = (await admin.call('listStores', {})).items.find((s) => s.id === kioskA.storeId)!.name;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function upload(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
    await page.getByLabel('Dosya', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Yükle', exact: true }).click();
  }

  it('refuses a wrong or disguised file with a clear message, uploads a picture and previews it', async () => {
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, marketer);
      expect(await navLinks(page)).toContain('Duyurular');
      await page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link', { name: 'Duyurular' }).click();
      await page.getByRole('heading', { name: 'Kiosk duyuruları', level: 1 }).waitFor();
      await page.getByText('Duyuru yok.').waitFor();
      await page.getByRole('link', { name: 'Medya kitaplığı' }).click();
      await page.getByRole('heading', { name: 'Medya kitaplığı', level: 1 }).waitFor();
      // The limits come from the contract's own table.
      await page.getByText('İzin verilen: JPEG, PNG, WebP ≤ 5 MB; MP4, WebM ≤ 50 MB').waitFor();

      // A text file: the server refuses the type and the page says what is accepted, with the server's words.
      await upload(page, { name: 'notlar.txt', mimeType: 'text/plain', buffer: Buffer.from('merhaba') });
      const alert = page.getByRole('alert');
      await alert.getByText('Bu dosya yüklenemedi: türü kabul edilmiyor', { exact: false }).waitFor();
      expect(await alert.innerText()).toContain('Sunucu yanıtı: Send one of: image/jpeg, image/png, image/webp, video/mp4, video/webm');
      // A script renamed to .png: the content does not match its type.
      await upload(page, { name: 'resim.png', mimeType: 'image/png', buffer: Buffer.from('#!/bin/sh\necho not a picture\n') });
      await alert.getByText('Sunucu yanıtı: The file is not a valid image/png').waitFor();
      // Over the limit: refused before it is sent.
      await upload(page, { name: 'buyuk.png', mimeType: 'image/png', buffer: tinyPng(5 * 1024 * 1024 + 1) });
      await alert.getByText('Dosya çok büyük (5 MB); bu tür için sınır 5 MB.').waitFor();
      expect(await server.database.prisma.mediaAsset.count()).toBe(0);
      expect(mediaFiles()).toEqual([]);
      await page.getByText('Henüz yüklenmiş medya yok.').waitFor();

      await upload(page, { name: 'afis.png', mimeType: 'image/png', buffer: PICTURE });
      await page.getByRole('status').getByText(/^PNG görsel · \d+ KB yüklendi\.$/).waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      const asset = await server.database.prisma.mediaAsset.findFirstOrThrow();
      expect(mediaFiles()).toEqual([asset.id]);
      // The preview is the same public address the kiosk plays, and the picture really loads.
      const preview = page.getByRole('list', { name: 'Medya kitaplığı' }).getByRole('img');
      expect(await preview.getAttribute('src')).toBe(`/media/${asset.id}`);
      await expect.poll(() => loadedWidth(preview)).toBe(320);
      await page.getByRole('heading', { name: 'Kitaplık (1)' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('schedules a bulletin with that picture at one store: errors at their fields, then the list and the kiosk show it', async () => {
    const asset = await server.database.prisma.mediaAsset.findFirstOrThrow();
    const { context, page } = await openConsole(browser, server, '/console/bulletins');
    try {
      await logIn(page, marketer);
      await page.getByRole('link', { name: 'Yeni duyuru' }).click();
      await page.getByRole('heading', { name: 'Yeni duyuru', level: 1 }).waitFor();
      await page.getByLabel('Tür', { exact: true }).selectOption({ label: 'İndirim' });
      await page.getByLabel('Başlık (Türkçe)').fill('Hafta sonu indirimi');
      await page.getByLabel('Başlık (İngilizce)').fill('Weekend sale');
      await page.getByLabel('Metin (Türkçe)').fill('Meyve ve sebzede %20 indirim.');
      await page.getByRole('checkbox', { name: storeA, exact: true }).check();
      await page.getByRole('radio', { name: /^PNG görsel/ }).check();
      await page.getByRole('region', { name: 'Önizleme' }).getByRole('img').waitFor();

      // Ends before it starts: the server's message at the end field, nothing saved.
      await page.getByLabel('Yayın başlangıcı').fill(istanbulInput(Date.now() + 48 * HOUR));
      await page.getByLabel('Yayın bitişi').fill(istanbulInput(Date.now() + 24 * HOUR));
      await page.getByRole('button', { name: 'Kaydet' }).click();
      await page.getByText('endsAt must be after startsAt').waitFor();
      expect(await page.getByLabel('Yayın bitişi').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Yayın başlangıcı').getAttribute('aria-invalid')).toBeNull();
      expect(page.url()).toMatch(/\/bulletins\/new$/);
      expect(await server.database.prisma.bulletin.count()).toBe(0);

      await page.getByLabel('Yayın başlangıcı').fill(istanbulInput(Date.now() - HOUR));
      await page.getByLabel('Yayın bitişi').fill(istanbulInput(Date.now() + 2 * HOUR));
      await page.getByRole('button', { name: 'Kaydet' }).click();
      await page.getByRole('status').getByText('Duyuru kaydedildi.').waitFor();
      await page.waitForURL(/\/bulletins\/[0-9a-f-]{36}$/);
      bulletinId = page.url().split('/').pop()!;
      await page.getByRole('heading', { name: 'Hafta sonu indirimi Yayında', level: 1 }).waitFor();
      const saved = await server.database.prisma.bulletin.findUniqueOrThrow({ where: { id: bulletinId } });
      expect(saved).toMatchObject({ kind: 'DISCOUNT', titleEn: 'Weekend sale', mediaId: asset.id, storeIds: [kioskA.storeId], bodyEn: null, priority: 0 });

      // The kiosk at that store plays it with the picture; the other store's kiosk does not.
      const atA = await kioskA.client.call('kioskBulletins', {});
      expect(atA.items).toEqual([
        expect.objectContaining({ id: bulletinId, kind: 'DISCOUNT', title: { tr: 'Hafta sonu indirimi', en: 'Weekend sale' }, media: { url: `/media/${asset.id}`, contentType: 'image/png' } }),
      ]);
      expect((await kioskB.client.call('kioskBulletins', {})).items).toEqual([]);

      // The list: one showing now, one scheduled, one ended, each with its window, stores and media.
      const iso = (offset: number) => new Date(Date.now() + offset).toISOString();
      await marketerApi.call('createBulletin', { body: { kind: 'FILM', titleTr: 'Yeni mağaza filmi', startsAt: iso(24 * HOUR), endsAt: iso(48 * HOUR), priority: 10 } });
      await marketerApi.call('createBulletin', { body: { kind: 'CAMPAIGN', titleTr: 'Bayram kampanyası', startsAt: iso(-48 * HOUR), endsAt: iso(-24 * HOUR) } });
      await page.getByRole('link', { name: 'Duyurular', exact: true }).first().click();
      const table = page.getByRole('table', { name: 'Kiosk duyuruları' });
      await table.getByRole('link', { name: 'Bayram kampanyası' }).waitFor();
      const cells = await rows(table);
      // Newest start first; the title cell also names the media for screen readers.
      expect(cells.map((r) => [r[1], r[2], r[4], r[5], r[6]])).toEqual([
        ['Yeni mağaza filmi', 'Film', 'Tüm mağazalar', 'Planlandı', '10'],
        [expect.stringMatching(/^Hafta sonu indirimi · PNG görsel · \d+ KB$/), 'İndirim', storeA, 'Yayında', '0'],
        ['Bayram kampanyası', 'Kampanya', 'Tüm mağazalar', 'Bitti', '0'],
      ]);
      expect(cells[0]![0]).toBe('Yalnız metin');
      expect(cells[1]![3]).toMatch(/^\d{1,2} \S+ \d{4} \d{2}:\d{2} – \d{1,2} \S+ \d{4} \d{2}:\d{2}$/);
      const thumb = table.locator('tbody tr').nth(1).locator('img');
      expect(await thumb.getAttribute('src')).toBe(`/media/${asset.id}`);
      await expect.poll(() => loadedWidth(thumb)).toBe(320);

      await page.getByLabel('Göster').selectOption({ label: 'Yalnız şu an yayında olanlar' });
      await expect.poll(async () => (await rows(table)).map((r) => r[1])).toEqual([expect.stringMatching(/^Hafta sonu indirimi/)]);
    } finally {
      await context.close();
    }
  });

  it('edits and deletes a bulletin; the kiosk follows', async () => {
    const { context, page } = await openConsole(browser, server, `/console/bulletins/${bulletinId}`);
    try {
      await logIn(page, marketer);
      const title = page.getByLabel('Başlık (Türkçe)');
      await expect.poll(() => title.inputValue()).toBe('Hafta sonu indirimi');
      expect(await page.getByRole('radio', { name: /^PNG görsel/ }).isChecked()).toBe(true);
      await title.fill('Hafta sonu büyük indirim');
      await page.getByRole('radio', { name: 'Medyasız (yalnız metin)' }).check();
      await page.getByRole('button', { name: 'Kaydet' }).click();
      await page.getByRole('status').getByText('Duyuru kaydedildi.').waitFor();
      const atA = await kioskA.client.call('kioskBulletins', {});
      expect(atA.items.map((b) => [b.title.tr, b.media])).toEqual([['Hafta sonu büyük indirim', null]]);

      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Sil' }).click();
      await page.getByRole('status').getByText('“Hafta sonu büyük indirim” silindi.').waitFor();
      expect(page.url()).toMatch(/\/bulletins$/);
      expect((await kioskA.client.call('kioskBulletins', {})).items).toEqual([]);
      // Its media stay in the library.
      expect(await server.database.prisma.mediaAsset.count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('keeps agents out of the bulletin and media pages', async () => {
    const { context, page } = await openConsole(browser, server);
    try {
      await logIn(page, agent);
      expect(await navLinks(page)).not.toContain('Duyurular');
      for (const at of ['/console/bulletins', '/console/bulletins/media', '/console/bulletins/new']) {
        await page.goto(new URL(at, server.url).href);
        await page.getByRole('heading', { name: 'Bu sayfaya erişiminiz yok' }).waitFor();
        expect(await page.getByRole('table').count()).toBe(0);
        expect(await page.getByLabel('Dosya', { exact: true }).count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  });

  it('shows the member’s tier history, newest first, on the 360° page', async () => {
    await admin.call('replaceTiers', {
      body: {
        tiers: [
          { code: 'CLASSIC', name: 'Classic', rank: 0, minSpend: null, minPoints: null, multiplier: 1, benefits: [] },
          { code: 'GOLD', name: 'Altın', rank: 1, minSpend: 100_000, minPoints: null, multiplier: 1.5, benefits: [] },
        ],
      },
    });
    const member = await admin.call('createMember', { body: { firstName: 'Ece', lastName: 'Kara', phone: '+905301112233' } });
    await server.database.prisma.tierHistory.createMany({
      data: [
        { memberId: member.id, fromCode: null, toCode: 'CLASSIC', reason: 'import', at: new Date('2025-03-01T09:00:00Z') },
        { memberId: member.id, fromCode: 'CLASSIC', toCode: 'GOLD', reason: 'qualified_higher', at: new Date('2025-09-15T12:30:00Z') },
      ],
    });
    const { context, page } = await openConsole(browser, server, `/console/members/${member.id}`);
    try {
      await logIn(page, marketer);
      const table = page.getByRole('region', { name: 'Seviye geçmişi' }).getByRole('table');
      await table.waitFor();
      expect(await rows(table)).toEqual([
        ['15 Eyl 2025 15:30', 'Classic → Altın', 'Üst seviyeye hak kazandı'],
        ['1 Mar 2025 12:00', 'İlk yerleşim → Classic', 'İçe aktarma'],
      ]);
    } finally {
      await context.close();
    }
  });
});
