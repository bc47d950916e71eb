// "Tap to identified member at the local API": a virtual NTAG 424 DNA card put on a vpcd reader, pcscd, the
// adapter's real CardReader (nfc-pcsc), the daemon's session manager calling POST /api/v1/terminal/identify on
// the bench server, and the `card` event on the local WebSocket, measured one tap at a time. As a same-run
// baseline, the same identify call straight to the server with a freshly built SUN message, so the PC/SC and
// adapter share of the time is visible. Method and figures: docs/benchmarks.md ("Tap to identified member").

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createClient, routes } from '@kulup/contracts';
import { buildSunMessage, deriveCardKeys } from '@kulup/domain';
import { CardReader, VirtualCard } from '@kulup/pos-adapter';
import { ZAdapterConfig, openEventStream, startDaemon } from '@kulup/pos-adapter/daemon';
import type { Daemon, LocalEvent } from '@kulup/pos-adapter/daemon';

import { ensurePcscd, releasePcscd } from '../pcsc/pcsc-stack';
import { summarise } from './load';
import type { LatencySummary } from './load';
import type { Goal, Metric, Scenario, ScenarioContext } from './scenarios';
import { benchNfcUid } from './seed';

/** Measured taps (and baseline identify calls) per database. */
export const TAPS = Number(process.env.BENCH_TAPS ?? 200);
/** Unmeasured taps first: JIT, the server's first SUN verification, pcscd's first connect to the reader. */
const WARMUP_TAPS = 5;
/** End-to-end goal of issue 4: tap to identified member on the POS's WebSocket. */
export const TAP_GOAL: Goal = { op: '<', value: 150 };
// The second vpcd slot, as tests/pos-adapter/reader-pcsc.test.ts; do not run both at the same time.
const READER = 'Virtual PCD 00 01';
const VPCD_PORT = 35964;
/** A tap with no `card` (or `error`) event within this time counts as a failure. */
const TAP_DEADLINE_MS = 5000;
// Seeded members 1 and 2 hold NFC_SUN cards (seed.ts): one for the taps, one for the direct baseline, so
// neither's read counter depends on the other.
const TAP_MEMBER = 1;
const BASELINE_MEMBER = 2;

const PCSC_MISSING =
  'The tap scenario needs pcscd with the vsmartcard vpcd driver (a virtual reader the virtual card connects to).\n' +
  'Debian/Ubuntu: sudo apt-get install -y pcscd vsmartcard-vpcd libpcsclite-dev\n' +
  'or leave it out: pnpm bench --scenarios identify,identify-rate,accrual';

/** Waits for the first event after `from` that `match` accepts; null after `timeoutMs`. */
class EventStream {
  readonly events: LocalEvent[] = [];
  private waiters: (() => void)[] = [];

  readonly push = (event: LocalEvent): void => {
    this.events.push(event);
    for (const wake of this.waiters.splice(0)) wake();
  };

  async next(from: number, match: (e: LocalEvent) => boolean, timeoutMs: number): Promise<{ event: LocalEvent; at: number } | null> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const event = this.events.slice(from).find(match);
      if (event) return { event, at: performance.now() };
      const left = deadline - performance.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

const latencyMetrics = (prefix: string, label: string, s: LatencySummary, goal?: Goal): Metric[] => [
  { key: `${prefix}p50`, label: `${label}p50`, value: s.p50, unit: 'ms' },
  { key: `${prefix}p95`, label: `${label}p95`, value: s.p95, unit: 'ms' },
  { key: `${prefix}p99`, label: `${label}p99`, value: s.p99, unit: 'ms', ...(goal ? { goal } : {}) },
];

const ms = (n: number) => n.toFixed(n >= 100 ? 0 : 1);
const phase = (xs: number[]) => ms(summarise(Float64Array.from(xs)).p50);

/** The server-only baseline: POST /api/v1/terminal/identify with a fresh SUN message, one call at a time. */
async function directIdentify(ctx: ScenarioContext, uid: string, memberId: string): Promise<{ latencies: number[]; failures: number; samples: string[] }> {
  const keys = deriveCardKeys(ctx.env.cardMasterKey, uid);
  const token = await ctx.env.pos.token();
  const latencies: number[] = [];
  const samples: string[] = [];
  let failures = 0;
  for (let i = 1; i <= WARMUP_TAPS + TAPS; i++) {
    const sun = buildSunMessage({ uid, counter: i, ...keys });
    const t0 = performance.now();
    const response = await fetch(`${ctx.env.url}${routes.identifyCard.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sun }),
    });
    const body = (await response.json()) as { member?: { memberId?: string } };
    const elapsed = performance.now() - t0;
    if (i <= WARMUP_TAPS) continue;
    if (response.status === 200 && body.member?.memberId === memberId) latencies.push(elapsed);
    else {
      failures += 1;
      if (samples.length < 3) samples.push(`direct identify ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
    }
  }
  return { latencies, failures, samples };
}

/** An adapter terminal of its own (enrolled through the API), so its tokens do not disturb the bench POS. */
async function enrolAdapterTerminal(ctx: ScenarioContext): Promise<{ terminalId: string; secret: string }> {
  const created = await ctx.env.admin.call('createTerminal', { body: { storeId: ctx.env.pos.storeId, kind: 'POS', name: 'Bench adapter kasa' } });
  const enrolled = await createClient({ baseUrl: ctx.env.url }).call('enrolTerminal', { body: { code: created.enrolment.code } });
  return { terminalId: enrolled.terminalId, secret: enrolled.secret };
}

export const tapToMember: Scenario = {
  id: 'tap',
  title: () => `tap to identified member at the local API (${TAPS} taps)`,
  // Before any seeding: a missing pcscd/vpcd must not cost a 10-minute seed first.
  preflight: async () => {
    try {
      await ensurePcscd();
      return null;
    } catch (error) {
      return `${(error as Error).message}\n\n${PCSC_MISSING}`;
    }
  },
  run: async (ctx) => {
    await ensurePcscd();
    const cards = await ctx.env.sql.rows<{ nfc_uid: string; member_id: string }>(
      `SELECT nfc_uid, member_id FROM card WHERE kind = 'NFC_SUN' AND nfc_uid IN ('${benchNfcUid(TAP_MEMBER)}', '${benchNfcUid(BASELINE_MEMBER)}')`,
    );
    const memberOf = (uid: string) => cards.find((c) => c.nfc_uid === uid)?.member_id;
    const tapUid = benchNfcUid(TAP_MEMBER);
    const baseUid = benchNfcUid(BASELINE_MEMBER);
    const tapMember = memberOf(tapUid);
    const baseMember = memberOf(baseUid) ?? tapMember;
    if (!tapMember || !baseMember) throw new Error(`the seed has no NFC_SUN card ${tapUid}: seed at least ${BASELINE_MEMBER} members`);
    // With one seeded member both runs share the card: the taps continue its counter after the baseline's.
    const baselineUid = memberOf(baseUid) ? baseUid : tapUid;

    ctx.log(`  server-only baseline: ${TAPS} × POST ${routes.identifyCard.path} with a fresh SUN message`);
    const direct = await directIdentify(ctx, baselineUid, baseMember);

    const dir = mkdtempSync(path.join(tmpdir(), 'kulup-bench-adapter-'));
    let daemon: Daemon | undefined;
    let stream: { close: () => void } | undefined;
    // Where a tap's time goes: the card sees pcscd's first message (detection), the client's first APDU (connect),
    // its last APDU (read done); the reader's `sun` event follows, then the server's answer as the `card` event.
    const marks: { first?: number; firstApdu?: number; lastApdu?: number; sun?: number } = {};
    const cardLog = (line: string) => {
      const now = performance.now();
      marks.first ??= now;
      if (line.startsWith('>')) {
        marks.firstApdu ??= now;
        marks.lastApdu = now;
      }
    };
    const card = new VirtualCard({ uid: tapUid, masterKey: ctx.env.cardMasterKey, counter: baselineUid === tapUid ? WARMUP_TAPS + TAPS : 0, log: cardLog });
    const phases = { detect: [] as number[], connect: [] as number[], read: [] as number[], identify: [] as number[] };
    const latencies: number[] = [];
    const removalMs: number[] = [];
    const failures: string[] = [];
    try {
      const config = ZAdapterConfig.parse({ serverUrl: ctx.env.url, journalFile: path.join(dir, 'journal.sqlite'), port: 0, readerFilter: READER });
      const reader = new CardReader({ tapTimeoutMs: config.tapTimeoutMs, readerFilter: (name) => name.includes(READER) });
      reader.subscribe((e) => {
        if (e.kind === 'sun') marks.sun ??= performance.now();
      });
      daemon = await startDaemon({ config, credentials: await enrolAdapterTerminal(ctx), reader });
      const events = new EventStream();
      const trace = process.env.BENCH_TAP_TRACE ? (e: LocalEvent) => ctx.log(`  ${performance.now().toFixed(0)} event ${JSON.stringify(e).slice(0, 160)}`) : () => {};
      stream = await openEventStream(daemon.api.url, (e) => (trace(e), events.push(e)));
      const attached = await events.next(0, (e) => e.type === 'reader' && e.reader === READER && e.status === 'attached', 15_000);
      if (!attached) throw new Error(`reader "${READER}" did not attach within 15 s (is vpcd configured in pcscd? ${PCSC_MISSING})`);
      ctx.log(`  adapter on ${daemon.api.url}, reader "${READER}"; ${WARMUP_TAPS} warm-up taps, then ${TAPS} measured`);

      for (let i = 1; i <= WARMUP_TAPS + TAPS; i++) {
        const measured = i > WARMUP_TAPS;
        const from = events.events.length;
        for (const key of Object.keys(marks)) delete marks[key as keyof typeof marks];
        const t0 = performance.now();
        await card.insert(VPCD_PORT);
        if (process.env.BENCH_TAP_TRACE) ctx.log(`  ${performance.now().toFixed(0)} tap ${i} inserted`);
        const outcome = await events.next(from, (e) => e.type === 'card' || e.type === 'error', TAP_DEADLINE_MS);
        if (!measured && outcome?.event.type !== 'card') ctx.log(`  warm-up tap ${i}: ${outcome ? JSON.stringify(outcome.event) : 'no event'}; events ${JSON.stringify(events.events.slice(from))}`);
        if (measured) {
          if (!outcome) failures.push(`tap ${i - WARMUP_TAPS}: no card event within ${TAP_DEADLINE_MS} ms`);
          else if (outcome.event.type === 'card' && outcome.event.member.memberId === tapMember) {
            latencies.push(outcome.at - t0);
            const { first, firstApdu, lastApdu, sun } = marks;
            if (first !== undefined && firstApdu !== undefined && lastApdu !== undefined && sun !== undefined) {
              phases.detect.push(first - t0);
              phases.connect.push(firstApdu - first);
              phases.read.push(sun - firstApdu);
              phases.identify.push(outcome.at - sun);
            }
          }
          else failures.push(`tap ${i - WARMUP_TAPS}: ${JSON.stringify(outcome.event).slice(0, 200)}`);
        }
        const removedFrom = events.events.length;
        const r0 = performance.now();
        await card.remove();
        const removed = await events.next(removedFrom, (e) => e.type === 'card-removed', TAP_DEADLINE_MS);
        if (measured) {
          if (removed) removalMs.push(removed.at - r0);
          else failures.push(`tap ${i - WARMUP_TAPS}: no card-removed event within ${TAP_DEADLINE_MS} ms`);
        }
      }
    } finally {
      if (card.isInserted) await card.remove();
      stream?.close();
      await daemon?.stop();
      rmSync(dir, { recursive: true, force: true });
      releasePcscd();
    }

    const tap = summarise(Float64Array.from(latencies));
    const base = summarise(Float64Array.from(direct.latencies));
    const removal = summarise(Float64Array.from(removalMs));
    const failedTaps = new Set(failures.map((f) => f.split(':')[0])).size;
    const failureShare = failedTaps / TAPS;
    const notes = [
      `tap → card event: p50 ${ms(tap.p50)} · p95 ${ms(tap.p95)} · p99 ${ms(tap.p99)} · max ${ms(tap.max)} ms; ` +
        `${failedTaps}/${TAPS} taps failed (${(failureShare * 100).toFixed(1)}%)`,
      `server-only identify (direct POST, fresh SUN): p50 ${ms(base.p50)} · p95 ${ms(base.p95)} · p99 ${ms(base.p99)} ms; ${direct.failures} failed`,
      `PC/SC + adapter overhead: p50 +${ms(tap.p50 - base.p50)} ms (×${(tap.p50 / base.p50).toFixed(1)}), ` +
        `p99 +${ms(tap.p99 - base.p99)} ms (×${(tap.p99 / base.p99).toFixed(1)})`,
      `where a tap's time goes (p50): pcscd detects the card ${phase(phases.detect)} · power-on to first APDU ${phase(phases.connect)} · ` +
        `APDU read to the reader's sun event ${phase(phases.read)} · server identify + local WebSocket ${phase(phases.identify)} ms; ` +
        `${(card.apdusAnswered / (WARMUP_TAPS + TAPS)).toFixed(1)} APDUs per tap`,
      `removal → card-removed event: p50 ${ms(removal.p50)} · p99 ${ms(removal.p99)} ms`,
      ...failures.slice(0, 5).map((f) => `failure: ${f}`),
      ...direct.samples,
    ];
    return {
      metrics: [
        ...latencyMetrics('tap_', 'tap ', tap, TAP_GOAL),
        { key: 'tap_max', label: 'tap max', value: tap.max, unit: 'ms' },
        { key: 'tap_failures', label: 'failed taps', value: failureShare * 100, unit: '%' },
        ...latencyMetrics('direct_', 'direct identify ', base),
        { key: 'overhead_p50', label: 'overhead p50', value: tap.p50 - base.p50, unit: 'ms' },
        { key: 'overhead_p99', label: 'overhead p99', value: tap.p99 - base.p99, unit: 'ms' },
        { key: 'removal_p50', label: 'removal p50', value: removal.p50, unit: 'ms' },
        ...(['detect', 'connect', 'read', 'identify'] as const).map((k) => ({ key: `phase_${k}_p50`, label: `${k} p50`, value: summarise(Float64Array.from(phases[k])).p50, unit: 'ms' })),
      ],
      notes,
    };
  },
};
