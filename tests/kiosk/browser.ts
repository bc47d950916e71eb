import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { KulupClient } from '@kulup/contracts';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { TestServer } from '../support/test-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KIOSK_DIR = path.join(root, 'kiosk');
/** What a vite app's build depends on besides its own folder: the shared contracts and domain code. */
const SHARED_SOURCES = [path.join(root, 'packages', 'contracts', 'src'), path.join(root, 'packages', 'domain', 'src')];

/** Debian's chromium, never a downloaded browser (DESIGN §8). */
export const CHROMIUM = { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] };

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the kiosk when its build is missing or stale (see ensureViteAppBuilt). */
export function ensureKioskBuilt(): Promise<void> {
  return ensureViteAppBuilt(KIOSK_DIR);
}

/**
 * Builds a vite app (the kiosk, the console) with vite's CLI when its build is missing or older than its
 * sources. Test files run in parallel workers, so a lock directory makes one of them build while the
 * others wait.
 */
export async function ensureViteAppBuilt(appDir: string): Promise<void> {
  const DIST_INDEX = path.join(appDir, 'dist', 'index.html');
  const SOURCES = [path.join(appDir, 'src'), path.join(appDir, 'public'), path.join(appDir, 'index.html'), path.join(appDir, 'vite.config.ts'), ...SHARED_SOURCES];
  const lock = path.join(appDir, '.build-lock');
  for (;;) {
    const fresh = existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= Math.max(...SOURCES.map(newestMtime));
    if (fresh) return;
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      // In a child process: the test process has Prisma's global __dirname, which misleads vite-plugin-pwa.
      // NODE_ENV=production: vitest sets it to `test`, which gives a development build (React's dev runtime,
      // and no service worker: the kiosk registers it only in production builds).
      const viteBin = path.join(path.dirname(createRequire(path.join(appDir, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
      await promisify(execFile)(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: appDir, env: { ...process.env, NODE_ENV: 'production' } });
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM.executablePath, args: CHROMIUM.args, headless: true });
}

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };

/** A fresh kiosk: a new store and kiosk terminal, a new browser context, enrolled through the enrolment screen. */
export async function openKiosk(
  browser: Browser,
  server: Pick<TestServer, 'url'>,
  admin: { client: KulupClient },
  options: { viewport?: { width: number; height: number }; fakeClock?: boolean; query?: string } = {},
): Promise<{ context: BrowserContext; page: Page; storeId: string; terminalId: string }> {
  const n = Math.random().toString(36).slice(2, 8).toUpperCase();
  const store = await admin.client.call('createStore', { body: { code: `K-${n}`, name: `Kulüp Market ${n}`, city: 'İstanbul' } });
  const created = await admin.client.call('createTerminal', { body: { storeId: store.id, kind: 'KIOSK', name: `Kiosk ${n}` } });
  const context = await browser.newContext({ viewport: options.viewport ?? PORTRAIT, locale: 'tr-TR', timezoneId: 'Europe/Istanbul', serviceWorkers: 'allow' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => console.error('kiosk page error:', e));
  if (options.fakeClock) await page.clock.install();
  await page.goto(new URL(`/kiosk/${options.query ?? ''}`, server.url).href);
  await page.getByLabel('Kayıt kodu').fill(created.enrolment.code);
  await page.getByRole('button', { name: 'Kaydet' }).click();
  await page.getByRole('heading', { name: 'Kartınızı okutun' }).waitFor();
  return { context, page, storeId: store.id, terminalId: created.terminal.id };
}

/** Types a card number and PIN on the on-screen keypad. */
export async function signIn(page: Page, cardNumber: string, pin: string): Promise<void> {
  await page.getByRole('button', { name: 'Başla' }).click();
  for (const d of cardNumber) await page.getByRole('group', { name: 'keypad' }).getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'İleri' }).click();
  await page.getByLabel('PIN (4–6 hane)').fill(pin);
  await page.getByRole('button', { name: 'Giriş' }).click();
}

/** Everything the page keeps in storage: localStorage, sessionStorage, every IndexedDB database's stores, caches. */
export async function storageDump(page: Page): Promise<{ local: Record<string, string>; session: Record<string, string>; idb: Record<string, Record<string, unknown[]>>; caches: Record<string, string[]> }> {
  return page.evaluate(async () => {
    const dumpStorage = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i)!, s.getItem(s.key(i)!)!]));
    const idb: Record<string, Record<string, unknown[]>> = {};
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      idb[info.name!] = {};
      for (const store of Array.from(db.objectStoreNames)) {
        idb[info.name!]![store] = await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      }
      db.close();
    }
    const cacheDump: Record<string, string[]> = {};
    for (const name of await caches.keys()) cacheDump[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    return { local: dumpStorage(localStorage), session: dumpStorage(sessionStorage), idb, caches: cacheDump };
  });
}
