import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { memberWithCard, tinyPng } from '../kiosk-api/support';
import { LANDSCAPE, ensureKioskBuilt, launchChromium, openKiosk, signIn, storageDump } from './browser';

const day = 86_400_000;

describe.each(testDatabases())('kiosk in the browser: member session on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<TestServer['staff']>>;
  let agent: Awaited<ReturnType<TestServer['staff']>>;
  let marketer: Awaited<ReturnType<TestServer['staff']>>;

  beforeAll(async () => {
    await ensureKioskBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    admin = await server.staff('ADMIN');
    agent = await server.staff('AGENT');
    marketer = await server.staff('MARKETER');
    const media = await server.raw('/api/v1/media', { method: 'POST', token: marketer.token, headers: { 'content-type': 'image/png' }, body: new Uint8Array(tinyPng()) });
    await marketer.client.call('createBulletin', {
      body: { kind: 'CAMPAIGN', titleTr: 'Hafta sonu şenliği', titleEn: 'Weekend festival', mediaId: media.body.id, startsAt: new Date(Date.now() - day).toISOString(), endsAt: new Date(Date.now() + day).toISOString() },
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A member with a PIN, 750 points and one offer. */
  async function shopper(firstName: string, pin: string) {
    const m = await memberWithCard(agent.client, firstName);
    await agent.client.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin } });
    await agent.client.call('requestAdjustment', { params: { memberId: m.memberId }, body: { points: 750, reason: 'kiosk test welcome points' } });
    const offer = await marketer.client.call('issueOffer', {
      params: { memberId: m.memberId },
      body: { titleTr: 'Kahvede 50 puan hediye', titleEn: '50 bonus points on coffee', validTo: new Date(Date.now() + 7 * day).toISOString() },
    });
    return { ...m, offerId: offer.id };
  }

  it('plays bulletins, signs in with card number + PIN, shows first name and balance, activates an offer', async () => {
    const m = await shopper('Selin', '4826');
    const { context, page } = await openKiosk(browser, server, admin);
    try {
      await expect.poll(() => page.locator('.slide-title').textContent()).toBe('Hafta sonu şenliği');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await expect.poll(() => page.locator('.slide-title').textContent()).toBe('Weekend festival');
      await page.getByRole('button', { name: 'Türkçeye geç' }).click();

      await signIn(page, m.cardNumber, '4826');
      await page.getByRole('heading', { name: 'Merhaba, Selin' }).waitFor();
      await expect.poll(() => page.getByTestId('balance').textContent()).toBe('750 puan');
      const text = await page.locator('body').innerText();
      expect(text).toContain(`•••• ${m.cardNumber.slice(-4)}`);
      expect(text).not.toContain('Yılmaz');
      expect(text).not.toContain(m.cardNumber);

      await page.getByRole('button', { name: 'Etkinleştir: Kahvede 50 puan hediye' }).click();
      await page.getByText('✓ Etkin').waitFor();
      const offer = await server.database.prisma.personalOffer.findUniqueOrThrow({ where: { id: m.offerId } });
      expect(offer.status).toBe('ACTIVATED');
    } finally {
      await context.close();
    }
  });

  it('explains wrong PINs with attempts left and the lock, and keeps the PIN field empty', async () => {
    const m = await shopper('Deniz', '6150');
    const { context, page } = await openKiosk(browser, server, admin);
    try {
      await signIn(page, m.cardNumber, '1111');
      await page.getByRole('alert').filter({ hasText: 'PIN yanlış. 4 deneme hakkınız kaldı.' }).waitFor();
      expect(await page.getByLabel('PIN (4–6 hane)').inputValue()).toBe('');
      for (const left of [3, 2, 1]) {
        await page.getByLabel('PIN (4–6 hane)').fill('1111');
        await page.getByRole('button', { name: 'Giriş' }).click();
        await page.getByRole('alert').filter({ hasText: `${left} deneme hakkınız kaldı` }).waitFor();
      }
      await page.getByLabel('PIN (4–6 hane)').fill('1111');
      await page.getByRole('button', { name: 'Giriş' }).click();
      await page.getByRole('alert').filter({ hasText: 'Çok fazla yanlış PIN girildi' }).waitFor();
      // Locked: even the right PIN is refused, and no session started.
      await page.getByLabel('PIN (4–6 hane)').fill('6150');
      await page.getByRole('button', { name: 'Giriş' }).click();
      await page.getByRole('alert').filter({ hasText: 'Çok fazla yanlış PIN girildi' }).waitFor();
      expect(await page.getByRole('heading', { name: /Merhaba/ }).count()).toBe(0);

      await page.getByRole('button', { name: 'Geri' }).click();
      await page.getByLabel('Kart numarası (16 hane)').fill('');
      for (const d of '4000000000000003') await page.getByRole('group', { name: 'keypad' }).getByRole('button', { name: d, exact: true }).click();
      await page.getByRole('button', { name: 'İleri' }).click();
      await page.getByRole('alert').filter({ hasText: 'Kart numarası geçerli değil' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('warns after inactivity, allows 20 s to continue, then returns to the loop with no member data left', async () => {
    const m = await shopper('Burcu', '7391');
    const { context, page } = await openKiosk(browser, server, admin, { fakeClock: true });
    try {
      await signIn(page, m.cardNumber, '7391');
      await page.getByRole('heading', { name: 'Merhaba, Burcu' }).waitFor();
      await expect.poll(() => page.getByTestId('balance').textContent()).toBe('750 puan');
      await page.getByRole('button', { name: 'Switch to English' }).click();

      await page.clock.fastForward(31_000);
      const dialog = page.getByRole('alertdialog');
      await dialog.waitFor();
      expect(await dialog.innerText()).toMatch(/session ends in (19|20) seconds/);
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await page.getByRole('heading', { name: 'Hello, Burcu' }).count()).toBe(1);

      await page.clock.fastForward(31_000);
      await dialog.waitFor();
      await page.clock.fastForward(21_000);
      await page.getByRole('heading', { name: 'Kartınızı okutun' }).waitFor();

      const text = await page.locator('body').innerText();
      for (const leak of ['Burcu', '750', 'Kahvede', m.cardNumber.slice(-4)]) expect(text).not.toContain(leak);
      const html = await page.content();
      expect(html).not.toContain('Burcu');
      const dump = await storageDump(page);
      expect(Object.keys(dump.local).sort()).toEqual(['kulup.kiosk.settings']);
      expect(dump.session).toEqual({});
      expect(Object.keys(dump.idb)).toEqual(['kulup-kiosk']);
      expect(dump.idb['kulup-kiosk']!.outbox).toEqual([]);
      expect(JSON.stringify(dump)).not.toMatch(/Burcu|memberId|"token"/);
      for (const urls of Object.values(dump.caches)) for (const url of urls) expect(url).not.toContain('/api/v1/me');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('tr');
    } finally {
      await context.close();
    }
  });

  it('lays out the member home in landscape with targets of at least 44 px', async () => {
    const m = await shopper('Ece', '2957');
    const { context, page } = await openKiosk(browser, server, admin, { viewport: LANDSCAPE });
    try {
      await signIn(page, m.cardNumber, '2957');
      await page.getByRole('heading', { name: 'Merhaba, Ece' }).waitFor();
      const columns = await page.locator('.home-grid').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
      expect(columns).toBe(2);
      const small = await page.evaluate(() =>
        Array.from(document.querySelectorAll('button, input, textarea, [role=radio]'))
          .map((el) => el.getBoundingClientRect())
          .filter((r) => r.width > 0 && (r.width < 44 || r.height < 44)).length,
      );
      expect(small).toBe(0);
    } finally {
      await context.close();
    }
  });
});
