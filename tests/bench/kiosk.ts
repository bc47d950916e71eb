// The kiosk's share of `pnpm bench` (issue 5): the initial JS and CSS gzipped (goal: JS under 200 KB), and
// the time from pressing "Giriş" with a card number and PIN typed to the member home rendered in Debian's
// chromium, against the same-run baseline of the card + PIN call sent straight from Node. The member is a
// seeded one with a year of receipts, so the home shows a real history. Method: docs/benchmarks.md ("Kiosk").

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { createClient } from '@kulup/contracts';

import { CHROMIUM, KIOSK_DIR, ensureKioskBuilt, launchChromium, openKiosk, signIn } from '../kiosk/browser';
import { summarise } from './load';
import type { Metric, Scenario } from './scenarios';

/** Sign-ins measured per database, each way (browser and API-only). */
export const KIOSK_RUNS = Number(process.env.BENCH_KIOSK_RUNS ?? 20);
const WARMUP_RUNS = 2;
const PIN = '2580';
export const KIOSK_JS_GOAL_KB = 200;

const kb = (bytes: number) => bytes / 1024;

/** The gzipped size of what index.html loads up front, and of every JS chunk. */
function bundleSizes(): { js: number; css: number; allJs: number; sw: number } {
  const dist = path.join(KIOSK_DIR, 'dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/kiosk\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  if (!initial.some((f) => f.endsWith('.js'))) throw new Error('kiosk/dist/index.html loads no /kiosk/assets/*.js: the build changed shape, fix tests/bench/kiosk.ts');
  const size = (file: string) => gzipSync(readFileSync(path.join(dist, file))).length;
  const sum = (files: string[]) => files.reduce((n, f) => n + size(f), 0);
  return {
    js: sum(initial.filter((f) => f.endsWith('.js'))),
    css: sum(initial.filter((f) => f.endsWith('.css'))),
    allJs: sum(readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => path.join('assets', f))),
    sw: size('sw.js'),
  };
}

export const kioskSignIn: Scenario = {
  id: 'kiosk',
  title: () => `kiosk bundle and card + PIN → member home (${KIOSK_RUNS} sign-ins)`,
  preflight: async () =>
    existsSync(CHROMIUM.executablePath)
      ? null
      : `The kiosk scenario drives Debian's chromium at ${CHROMIUM.executablePath}.\nDebian/Ubuntu: sudo apt-get install -y chromium\nor leave it out: pnpm bench --scenarios identify,identify-rate,tap,accrual`,
  run: async (ctx) => {
    await ensureKioskBuilt();
    const sizes = bundleSizes();

    const [seeded] = await ctx.env.sql.rows<{ number: string; member_id: string }>(
      `SELECT c.number, c.member_id FROM card c JOIN member m ON m.id = c.member_id
       WHERE c.kind = 'PRINTED' AND m.external_ref LIKE 'BENCH-%' AND m.points_balance > 0 ORDER BY m.external_ref LIMIT 1`,
    );
    if (!seeded) throw new Error('the seed has no member with a printed card and points');
    await ctx.env.admin.call('setMemberPin', { params: { memberId: seeded.member_id }, body: { pin: PIN } });

    // The API-only baseline, from a kiosk terminal of its own.
    const created = await ctx.env.admin.call('createTerminal', { body: { storeId: ctx.env.pos.storeId, kind: 'KIOSK', name: 'Bench kiosk API' } });
    const enrolled = await createClient({ baseUrl: ctx.env.url }).call('enrolTerminal', { body: { code: created.enrolment.code } });
    const { accessToken } = await createClient({ baseUrl: ctx.env.url }).call('terminalToken', { body: { terminalId: enrolled.terminalId, secret: enrolled.secret } });
    const kiosk = createClient({ baseUrl: ctx.env.url, token: () => accessToken });
    const api: number[] = [];
    for (let i = 0; i < WARMUP_RUNS + KIOSK_RUNS; i++) {
      const t0 = performance.now();
      await kiosk.call('createKioskSession', { body: { cardNumber: seeded.number, pin: PIN } });
      if (i >= WARMUP_RUNS) api.push(performance.now() - t0);
    }

    const browser = await launchChromium();
    const ui: number[] = [];
    try {
      const { context, page } = await openKiosk(browser, { url: ctx.env.url }, { client: ctx.env.admin });
      for (let i = 0; i < WARMUP_RUNS + KIOSK_RUNS; i++) {
        await page.getByRole('button', { name: 'Başla' }).click();
        await page.getByLabel('Kart numarası (16 hane)').fill(seeded.number);
        await page.getByRole('button', { name: 'İleri' }).click();
        await page.getByLabel('PIN (4–6 hane)').fill(PIN);
        const t0 = performance.now();
        await page.getByRole('button', { name: 'Giriş' }).click();
        await page.getByTestId('balance').waitFor();
        if (i >= WARMUP_RUNS) ui.push(performance.now() - t0);
        await page.getByRole('button', { name: 'Çıkış' }).click();
        await page.getByRole('heading', { name: 'Kartınızı okutun' }).waitFor();
      }
      await context.close();
    } finally {
      await browser.close();
    }

    const home = summarise(Float64Array.from(ui));
    const call = summarise(Float64Array.from(api));
    const metrics: Metric[] = [
      { key: 'js_gzip', label: 'initial JS gz', value: kb(sizes.js), unit: 'KB', goal: { op: '<', value: KIOSK_JS_GOAL_KB } },
      { key: 'css_gzip', label: 'initial CSS gz', value: kb(sizes.css), unit: 'KB' },
      { key: 'home_p50', label: 'submit → home p50', value: home.p50, unit: 'ms' },
      { key: 'home_p95', label: 'submit → home p95', value: home.p95, unit: 'ms' },
      { key: 'api_p50', label: 'card + PIN API p50', value: call.p50, unit: 'ms' },
      { key: 'home_ratio', label: 'home / API (p50)', value: home.p50 / call.p50, unit: '×' },
    ];
    return {
      metrics,
      notes: [
        `all JS chunks ${kb(sizes.allJs).toFixed(1)} KB gz, service worker ${kb(sizes.sw).toFixed(1)} KB gz`,
        `card + PIN → member home rendered: p50 ${home.p50.toFixed(0)} · p95 ${home.p95.toFixed(0)} · max ${home.max.toFixed(0)} ms; ` +
          `the same call from Node: p50 ${call.p50.toFixed(1)} ms (×${(home.p50 / call.p50).toFixed(1)})`,
      ],
    };
  },
};
