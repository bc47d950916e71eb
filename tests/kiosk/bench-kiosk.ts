/**
 * Kiosk benchmark: the initial JS and CSS gzipped, and the time from pressing "Giriş" (card number + PIN
 * typed) to the member home rendered, against a baseline measured in the same run: the same
 * card + PIN request sent straight from Node. Run: `pnpm --filter @kulup/kiosk bench`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { memberWithCard } from '../kiosk-api/support';
import { startTestServer } from '../support/test-server';
import { KIOSK_DIR, ensureKioskBuilt, launchChromium, openKiosk } from './browser';

const RUNS = Number(process.env.KIOSK_BENCH_RUNS ?? 15);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

await ensureKioskBuilt();
const dist = path.join(KIOSK_DIR, 'dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/kiosk\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
const size = (file: string) => gzipSync(readFileSync(path.join(dist, file))).length;
const js = initial.filter((f) => f.endsWith('.js')).reduce((n, f) => n + size(f), 0);
const css = initial.filter((f) => f.endsWith('.css')).reduce((n, f) => n + size(f), 0);
const allJs = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js')).reduce((n, f) => n + size(path.join('assets', f)), 0);
console.log(`kiosk initial JS gzipped: ${kb(js)} (goal < 200 KB)  CSS gzipped: ${kb(css)}  all JS chunks: ${kb(allJs)}  service worker: ${kb(size('sw.js'))}`);

const server = await startTestServer('pglite');
const browser = await launchChromium();
try {
  const admin = await server.staff('ADMIN');
  const agent = await server.staff('AGENT');
  const m = await memberWithCard(agent.client, 'Bench');
  await agent.client.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '2580' } });
  const terminal = await server.terminal('KIOSK');

  const api: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await terminal.client.call('createKioskSession', { body: { cardNumber: m.cardNumber, pin: '2580' } });
    api.push(performance.now() - t0);
  }

  const { context, page } = await openKiosk(browser, server, admin);
  const ui: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.getByRole('button', { name: 'Başla' }).click();
    await page.getByLabel('Kart numarası (16 hane)').fill(m.cardNumber);
    await page.getByRole('button', { name: 'İleri' }).click();
    await page.getByLabel('PIN (4–6 hane)').fill('2580');
    const t0 = performance.now();
    await page.getByRole('button', { name: 'Giriş' }).click();
    await page.getByTestId('balance').waitFor();
    ui.push(performance.now() - t0);
    await page.getByRole('button', { name: 'Çıkış' }).click();
    await page.getByRole('heading', { name: 'Kartınızı okutun' }).waitFor();
  }
  await context.close();
  const ratio = median(ui) / median(api);
  console.log(`card + PIN → member home rendered: median ${median(ui).toFixed(0)} ms over ${RUNS} runs; the API call alone: ${median(api).toFixed(0)} ms; ratio ${ratio.toFixed(2)}×`);
} finally {
  await browser.close();
  await server.close();
}
