import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { memberWithCard } from '../kiosk-api/support';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { ensureKioskBuilt, launchChromium, openKiosk, storageDump } from './browser';

/** A stand-in for the POS adapter's local WebSocket: just enough RFC 6455 to push text frames to the kiosk. */
async function fakeAdapter(): Promise<{ url: string; send: (message: object) => void; close: () => Promise<void> }> {
  const sockets = new Set<Duplex>();
  const server: Server = createServer();
  server.on('upgrade', (req, socket) => {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    send: (message) => {
      const payload = Buffer.from(JSON.stringify(message));
      for (const s of sockets) s.write(Buffer.concat([Buffer.from([0x81, payload.length]), payload]));
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.each(testDatabases())('kiosk in the browser: outbox failures and card taps on %s', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<TestServer['staff']>>;
  let agent: Awaited<ReturnType<TestServer['staff']>>;

  beforeAll(async () => {
    await ensureKioskBuilt();
    server = await startTestServer(kind);
    browser = await launchChromium();
    admin = await server.staff('ADMIN');
    agent = await server.staff('AGENT');
    await admin.client.call('createTicketCategory', { body: { code: 'SERVICE', nameTr: 'Hizmet', nameEn: 'Service' } });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const tickets = () => server.database.prisma.ticket.count();

  async function fileAnonymousComplaint(page: import('playwright-core').Page, text: string) {
    await page.getByRole('button', { name: 'Görüş, şikâyet veya istek' }).click();
    await page.getByRole('radio', { name: 'Hizmet' }).click();
    await page.getByLabel('Mesajınız').fill(text);
    await page.getByRole('button', { name: 'Gönder' }).click();
  }

  it('keeps an entry the server failed (5xx) and sends it later; drops one it refused (4xx) with the reason logged', async () => {
    const { context, page } = await openKiosk(browser, server, admin, { fakeClock: true });
    try {
      const before = await tickets();
      let failures = 0;
      await context.route('**/api/v1/kiosk/complaints', async (route) => {
        failures += 1;
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'INTERNAL', message: 'down for a moment' } }) });
      });
      await fileAnonymousComplaint(page, 'Kasa sırası çok uzundu.');
      await page.getByRole('heading', { name: /Sunucu şu anda yanıt vermiyor/ }).waitFor();
      expect(failures).toBe(1);
      const [kept] = (await storageDump(page)).idb['kulup-kiosk']!.outbox as { attempts: number; idempotencyKey: string }[];
      expect(kept).toMatchObject({ attempts: 1 });
      expect(await tickets()).toBe(before);

      await context.unroute('**/api/v1/kiosk/complaints');
      await page.clock.fastForward(20_000);
      await expect.poll(() => tickets(), { timeout: 15_000 }).toBe(before + 1);
      await expect.poll(async () => (await storageDump(page)).idb['kulup-kiosk']!.outbox!.length).toBe(0);

      await page.getByRole('button', { name: 'Tamam' }).click();
      await context.route('**/api/v1/kiosk/complaints', (route) =>
        route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'Invalid', fields: [{ path: 'text', message: 'Metin kabul edilmedi' }] } }) }),
      );
      await fileAnonymousComplaint(page, 'Bu metin reddedilecek.');
      await page.getByRole('alert').filter({ hasText: 'Gönderilemedi: Metin kabul edilmedi' }).waitFor();
      const dump = (await storageDump(page)).idb['kulup-kiosk']!;
      expect(dump.outbox!).toEqual([]);
      expect(dump.outboxLog!).toEqual([expect.objectContaining({ kind: 'complaint', status: 422, code: 'VALIDATION_FAILED' })]);
      expect(JSON.stringify(dump.outboxLog)).not.toContain('reddedilecek');
      expect(await tickets()).toBe(before + 1);
    } finally {
      await context.close();
    }
  });

  it('identifies a card tapped on the local adapter and ends the session when the card is removed', async () => {
    const adapter = await fakeAdapter();
    const m = await memberWithCard(agent.client, 'Tuna');
    const { context, page } = await openKiosk(browser, server, admin, { query: `?adapter=${encodeURIComponent(adapter.url)}` });
    try {
      await expect.poll(async () => {
        adapter.send({ type: 'card', cardNumber: m.cardNumber });
        return page.getByRole('heading', { name: 'Merhaba, Tuna' }).count();
      }, { timeout: 10_000, interval: 500 }).toBe(1);
      adapter.send({ type: 'hello', unknown: true });
      adapter.send({ type: 'card-removed' });
      await page.getByRole('heading', { name: 'Kartınızı okutun' }).waitFor();
      expect(await page.locator('body').innerText()).not.toContain('Tuna');
    } finally {
      await context.close();
      await adapter.close();
    }
  });
});
