import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

// How the server serves the kiosk and the console builds (KULUP_KIOSK_DIR, KULUP_CONSOLE_DIR). The database
// plays no part, so PGlite only.
describe('serving the kiosk and console apps', () => {
  let server: TestServer;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'kulup-spa-'));
    const kiosk = path.join(root, 'kiosk');
    mkdirSync(path.join(kiosk, 'assets'), { recursive: true });
    writeFileSync(path.join(kiosk, 'index.html'), '<!doctype html><title>kiosk page</title>');
    writeFileSync(path.join(kiosk, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(kiosk, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    const consoleDir = path.join(root, 'console');
    mkdirSync(consoleDir);
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>console page</title>');
    server = await startTestServer('pglite', { KULUP_KIOSK_DIR: kiosk, KULUP_CONSOLE_DIR: consoleDir });
  });
  afterAll(async () => {
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const get = (p: string) => fetch(new URL(p, server.url), { redirect: 'manual' });

  it('answers the page for every client-side route, never cached, and hashed assets for a year', async () => {
    expect((await get('/kiosk')).headers.get('location')).toBe('/kiosk/');
    for (const p of ['/kiosk/', '/kiosk/home', '/kiosk/surveys/42']) {
      const res = await get(p);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('kiosk page');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    const asset = await get('/kiosk/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves the service worker uncached with its scope, and a missing file as 404 rather than the page', async () => {
    const sw = await get('/kiosk/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('service-worker-allowed')).toBe('/kiosk/');
    const missing = await get('/kiosk/assets/gone-999.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('kiosk page');
  });

  it('keeps the console out of frames', async () => {
    const res = await get('/console/tickets');
    expect(await res.text()).toContain('console page');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('says what to run when an app is not built', async () => {
    rmSync(path.join(root, 'console', 'index.html'));
    const res = await get('/console/tickets');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('pnpm --filter @kulup/console build');
  });
});
