// Browser helpers for the staff console tests: the console build, a staff user with a known password, and
// a logged-in page. Chromium and the build lock come from the kiosk's helpers.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { KulupClient, TStaffRole } from '@kulup/contracts';
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';

import { ensureViteAppBuilt } from '../kiosk/browser';
import type { TestServer } from '../support/test-server';

export const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/console');

/** Builds packages/console when its dist is missing or older than its sources. */
export function ensureConsoleBuilt(): Promise<void> {
  return ensureViteAppBuilt(CONSOLE_DIR);
}

let counter = 0;
export const PASSWORD = 'console test password';

/** A staff user whose e-mail and password the test types into the login form. */
export async function staffUser(admin: KulupClient, role: TStaffRole, name = `Konsol ${role}`): Promise<{ id: string; email: string; password: string; name: string }> {
  const email = `console-${role.toLowerCase()}-${++counter}-${Math.random().toString(36).slice(2, 7)}@test.local`;
  const user = await admin.call('createStaff', { body: { email, name, role, password: PASSWORD } });
  return { id: user.id, email, password: PASSWORD, name };
}

/** A fresh browser context (Turkish, Istanbul time) on the console's login page. */
export async function openConsole(browser: Browser, server: Pick<TestServer, 'url'>, at = '/console/'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'tr-TR', timezoneId: 'Europe/Istanbul' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => console.error('console page error:', e));
  await page.goto(new URL(at, server.url).href);
  return { context, page };
}

/** Logs in through the form (Turkish labels) and waits for the navigation. */
export async function logIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.getByLabel('E-posta').fill(user.email);
  await page.getByLabel('Parola').fill(user.password);
  await page.getByRole('button', { name: 'Giriş yap' }).click();
  await page.getByRole('navigation', { name: 'Ana menü' }).waitFor();
}

/** The labels of the main navigation's links. */
export async function navLinks(page: Page): Promise<string[]> {
  return page.getByRole('navigation').getByRole('link').allInnerTexts();
}

/** Clicks an export button and returns the browser's download with its bytes. */
export async function download(page: Page, button: Locator): Promise<{ download: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { download: d, bytes: await readFile(await d.path()) };
}
