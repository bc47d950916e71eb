import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { memberWithCard } from '../kiosk-api/support';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { KIOSK_DIR, ensureKioskBuilt, launchChromium, openKiosk, signIn } from './browser';

// A new kiosk version (a changed service worker on the server) must never interrupt a shopper: it is
// announced during a member session and applied, with a reload into the new version, only once the kiosk is
// idle on the attract loop again. The database plays no part, so this runs on PGlite only. The server serves
// a copy of the build (KULUP_KIOSK_DIR) so the test can change it.
describe('kiosk in the browser: a new version', () => {
  let server: TestServer;
  let browser: Browser;
  let dist: string;

  beforeAll(async () => {
    await ensureKioskBuilt();
    dist = mkdtempSync(path.join(tmpdir(), 'kulup-kiosk-dist-'));
    cpSync(path.join(KIOSK_DIR, 'dist'), dist, { recursive: true });
    server = await startTestServer('pglite', { KULUP_KIOSK_DIR: dist });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('is announced during a member session and applied only when the kiosk is idle again', async () => {
    const admin = await server.staff('ADMIN');
    const agent = await server.staff('AGENT');
    const m = await memberWithCard(agent.client, 'Deniz');
    await agent.client.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '3197' } });
    const { context, page } = await openKiosk(browser, server, admin);
    const registration = () =>
      page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration('/kiosk/');
        return { active: !!r?.active, waiting: !!r?.waiting, controlled: !!navigator.serviceWorker.controller };
      });
    try {
      // The first version does not claim the page that installed it; from the next load on, it controls the kiosk.
      await expect.poll(registration, { timeout: 15_000 }).toMatchObject({ active: true });
      await page.reload();
      await page.getByRole('heading', { name: 'Kartınızı okutun' }).waitFor();
      expect(await registration()).toEqual({ active: true, waiting: false, controlled: true });

      await signIn(page, m.cardNumber, '3197');
      await page.getByRole('heading', { name: 'Merhaba, Deniz' }).waitFor();
      await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

      appendFileSync(path.join(dist, 'sw.js'), '\n// version 2 (kiosk-update.test.ts)\n');
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/kiosk/'))?.update());
      await expect.poll(async () => (await registration()).waiting, { timeout: 15_000 }).toBe(true);
      await page.getByText('Yeni sürüm hazır; kiosk boşta kaldığında yüklenecek.').waitFor();
      // Announced, not applied: the shopper's page is the same document and still signed in.
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      await expect(page.getByRole('heading', { name: 'Merhaba, Deniz' }).isVisible()).resolves.toBe(true);

      // The shopper leaves: the kiosk is idle, the new version takes over and the page reloads into it.
      await page.getByRole('button', { name: 'Çıkış' }).click();
      await expect.poll(() => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument).catch(() => 'navigating'), { timeout: 15_000 }).toBeUndefined();
      await page.getByRole('heading', { name: 'Kartınızı okutun' }).waitFor();
      expect(await registration()).toEqual({ active: true, waiting: false, controlled: true });
      expect(await page.evaluate(() => document.body.innerText)).not.toContain('Deniz');
    } finally {
      await context.close();
    }
  });
});
