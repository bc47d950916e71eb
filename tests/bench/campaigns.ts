// Issue 6's share of `pnpm bench`: the nightly analytics work and what campaigns cost at the till.
//   segments          — the member metrics (RFM) refresh and a few representative segment refreshes, each timed, against
//                       a same-run baseline: one grouped scan of every receipt (what any per-member aggregate costs).
//   offers            — set-wise offer generation for every seeded member with five active offer campaigns, against
//                       the per-member service on a sample (extrapolated); then the idempotent re-run.
//   campaign-receipt  — receipt booking latency with no active campaign, then with ten campaigns that match typical
//                       baskets, same run, same load; reported as ratios.
// The jobs' services run in the bench process on the server's own Prisma client (as `kulup jobs run` does); setup goes
// through the same services with the contracts' validation. Method: docs/benchmarks.md ("Campaigns, segments, offers").

import { ZCampaignRequest, ZSegmentCreateRequest } from '@kulup/contracts';
import type { TCampaign, TSegmentCreateRequest } from '@kulup/contracts';
import { systemActor } from '@kulup/server';
import type { Db } from '@kulup/server';

import { refreshMemberMetrics } from '../../packages/server/src/services/analytics/refresh-member-metrics';
import { createCampaign } from '../../packages/server/src/services/campaigns/create-campaign';
import { generateCampaignOffers } from '../../packages/server/src/services/campaigns/generate-campaign-offers';
import { issueCampaignOffers } from '../../packages/server/src/services/campaigns/issue-campaign-offers';
import { transitionCampaign } from '../../packages/server/src/services/campaigns/transition-campaign';
import { createSegment } from '../../packages/server/src/services/segments/create-segment';
import { refreshSegment } from '../../packages/server/src/services/segments/refresh-segment';
import { summarise } from './load';
import type { Metric, Scenario, ScenarioContext } from './scenarios';
import type { ReceiptParams } from './requests';

const REQUESTS = new URL('./requests.ts', import.meta.url).href;
const DAY_MS = 86_400_000;
/** Members whose offers the per-member baseline issues one at a time (BENCH_OFFER_SAMPLE). */
export const OFFER_SAMPLE = Number(process.env.BENCH_OFFER_SAMPLE ?? 200);
/** Share of seeded members given the profiling consent (their offers are ranked by purchase history). */
const PROFILING_SHARE = 0.6;
/** Goal of issue 6: offer generation for 1,000,000 members in under 60 s on PostgreSQL. */
export const OFFERS_GOAL_S = 60;
const MILLION = 1_000_000;

const db = (ctx: ScenarioContext): Db => ctx.env.server.database.prisma;
const seconds = (ms: number) => ms / 1000;
const n = (x: number) => Math.round(x).toLocaleString('en-US');

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

async function segment(ctx: ScenarioContext, input: TSegmentCreateRequest): Promise<string> {
  return (await createSegment(db(ctx), systemActor, ZSegmentCreateRequest.parse(input))).id;
}

/** Creates a campaign (validated by the contract, so `def` is checked at run time) and moves it draft → scheduled → active. */
async function activate(ctx: ScenarioContext, def: Record<string, unknown>): Promise<TCampaign> {
  const now = Date.now();
  const body = ZCampaignRequest.parse({ ...def, startsAt: new Date(now - DAY_MS).toISOString(), endsAt: new Date(now + 30 * DAY_MS).toISOString() });
  const created = await createCampaign(db(ctx), systemActor, body);
  await transitionCampaign(db(ctx), systemActor, created.id, 'SCHEDULED');
  return transitionCampaign(db(ctx), systemActor, created.id, 'ACTIVE');
}

async function endCampaigns(ctx: ScenarioContext, campaigns: readonly TCampaign[]): Promise<void> {
  for (const c of campaigns) await transitionCampaign(db(ctx), systemActor, c.id, 'ENDED');
}

/** The same-run baseline of the analytics scenarios: one grouped scan of every FINAL receipt. */
async function receiptScanMs(ctx: ScenarioContext): Promise<number> {
  const { ms } = await timed(() =>
    ctx.env.sql.rows(
      `SELECT COUNT(*) FROM (SELECT member_id, COUNT(*), SUM(total_kurus), MAX(occurred_at) FROM receipt
       WHERE status = 'FINAL' AND member_id IS NOT NULL GROUP BY member_id) x`,
    ),
  );
  return ms;
}

/** Representative marketer segments: snapshot only, receipt aggregates, purchases plus profile, and a mix. */
const BENCH_SEGMENTS: TSegmentCreateRequest[] = [
  { name: 'Bench: şampiyon ve sadık', rules: { kind: 'rfmGroup', in: ['CHAMPIONS', 'LOYAL'] } },
  {
    name: 'Bench: 90 günde 1.000 TL ve 2 ziyaret',
    rules: { kind: 'and', rules: [{ kind: 'spend', windowDays: 90, min: 100_000 }, { kind: 'visits', windowDays: 90, min: 2 }] },
  },
  {
    name: 'Bench: meyve-sebze alan İstanbullular',
    rules: { kind: 'and', rules: [{ kind: 'category', in: ['Meyve-Sebze'], windowDays: 90 }, { kind: 'city', in: ['İstanbul'] }] },
  },
  {
    name: 'Bench: kaybedilmek üzere',
    rules: { kind: 'or', rules: [{ kind: 'daysSinceLastVisit', min: 60 }, { kind: 'churnLevel', in: ['HIGH'] }] },
  },
];

export const segmentRefresh: Scenario = {
  id: 'segments',
  title: () => `member metrics (RFM) and ${BENCH_SEGMENTS.length} segment refreshes`,
  run: async (ctx) => {
    const scanMs = await receiptScanMs(ctx);
    const rfm = await timed(() => refreshMemberMetrics(db(ctx), systemActor));
    const metrics: Metric[] = [
      { key: 'rfm_ms', label: 'RFM refresh', value: rfm.ms, unit: 'ms' },
      { key: 'scan_ms', label: 'receipt scan', value: scanMs, unit: 'ms' },
      { key: 'rfm_ratio', label: 'RFM / scan', value: rfm.ms / scanMs, unit: '×' },
    ];
    const notes = [
      `member metrics: ${n(rfm.value.members)} members (${n(rfm.value.scoredMembers)} RFM-scored, ${n(rfm.value.transitions)} lifecycle changes) ` +
        `in ${seconds(rfm.ms).toFixed(1)} s; baseline, one grouped scan of every receipt: ${seconds(scanMs).toFixed(1)} s (×${(rfm.ms / scanMs).toFixed(1)})`,
    ];
    let total = 0;
    for (const [i, s] of BENCH_SEGMENTS.entries()) {
      const id = await segment(ctx, s);
      const refreshed = await timed(() => refreshSegment(db(ctx), systemActor, id));
      total += refreshed.ms;
      metrics.push({ key: `segment${i + 1}_ms`, label: `segment ${i + 1} refresh`, value: refreshed.ms, unit: 'ms' });
      metrics.push({ key: `segment${i + 1}_members`, label: `segment ${i + 1} members`, value: refreshed.value.segment.memberCount ?? 0, unit: '' });
      notes.push(`"${s.name}": ${n(refreshed.value.segment.memberCount ?? 0)} members, ${seconds(refreshed.ms).toFixed(2)} s (×${(refreshed.ms / scanMs).toFixed(2)} of the scan)`);
    }
    metrics.push({ key: 'segments_ms', label: 'all segment refreshes', value: total, unit: 'ms' });
    return { metrics, notes };
  },
};

/** Five offer campaigns: three for every member, two for segments; control groups on four. */
async function offerCampaigns(ctx: ScenarioContext): Promise<TCampaign[]> {
  const electronics = await segment(ctx, { name: 'Bench teklif: elektronik alanlar', rules: { kind: 'category', in: ['Elektronik'], windowDays: 365 } });
  const lapsing = await segment(ctx, { name: 'Bench teklif: 45 gündür gelmeyenler', rules: { kind: 'daysSinceLastVisit', min: 45 } });
  for (const id of [electronics, lapsing]) await refreshSegment(db(ctx), systemActor, id);
  const offer = (titleTr: string) => ({ channels: ['KIOSK', 'POS'], offer: { titleTr, titleEn: titleTr } });
  return [
    await activate(ctx, { name: 'Bench: meyve-sebze bonusu', type: 'BONUS_POINTS', params: { points: 50, per: 'receipt', match: { categories: ['Meyve-Sebze'] } }, priority: 50, controlPct: 10, ...offer('Meyve-sebzede 50 puan') }),
    await activate(ctx, { name: 'Bench: süt markaları kuponu', type: 'DISCOUNT_COUPON', params: { percent: 10, match: { brands: ['Sütaş', 'Pınar'] } }, priority: 40, controlPct: 10, ...offer('Sütaş ve Pınar’da %10') }),
    await activate(ctx, { name: 'Bench: temizlikte 2 kat', type: 'POINTS_MULTIPLIER', params: { multiplier: 2, match: { categories: ['Temizlik'] } }, priority: 30, ...offer('Temizlikte 2 kat puan') }),
    await activate(ctx, {
      name: 'Bench: telefona aksesuar',
      type: 'CROSS_SELL',
      params: { trigger: { categories: ['Elektronik'] }, target: { categories: ['Elektronik Aksesuar'] }, points: 100 },
      priority: 60,
      controlPct: 10,
      segmentId: electronics,
      ...offer('Aksesuarda 100 puan'),
    }),
    await activate(ctx, { name: 'Bench: seni özledik', type: 'WIN_BACK', params: { minDaysSinceLastVisit: 45, points: 200 }, priority: 70, controlPct: 20, segmentId: lapsing, ...offer('Geri gel, 200 puan') }),
  ];
}

export const offerGeneration: Scenario = {
  id: 'offers',
  title: (o) => `set-wise offer generation, 5 campaigns (per-member baseline on ${Math.min(OFFER_SAMPLE, o.members)})`,
  run: async (ctx) => {
    // Setup, not measured: profiling consent for part of the members, the campaigns and their audiences.
    await ctx.env.sql.run(`
      INSERT INTO consent (id, member_id, kind, status, source, text_version, recorded_at, actor_type)
      SELECT gen_random_uuid(), m.id, 'PROFILING', 'GRANTED', 'IMPORT', 'bench', now() - interval '30 days', 'SYSTEM'
      FROM member m WHERE m.external_ref LIKE 'BENCH-%' AND (hashtext(m.id::text) & 1023) < ${Math.round(PROFILING_SHARE * 1024)}`);
    await ctx.env.sql.run('ANALYZE consent');
    const campaigns = await offerCampaigns(ctx);
    try {
      // Baseline: the per-member service (what the kiosk does when a member opens their offers) on a sample.
      const sample = ctx.data.memberIds.filter((_, i) => i % Math.max(1, Math.floor(ctx.data.memberIds.length / OFFER_SAMPLE)) === 0).slice(0, OFFER_SAMPLE);
      const perMember: number[] = [];
      for (const memberId of sample) perMember.push((await timed(() => issueCampaignOffers(db(ctx), systemActor, memberId))).ms);
      const each = summarise(Float64Array.from(perMember));

      const first = await timed(() => generateCampaignOffers(db(ctx), systemActor));
      const again = await timed(() => generateCampaignOffers(db(ctx), systemActor));
      const members = first.value.members;
      const perMemberTotal = each.mean * members;
      const scaled = first.ms * (MILLION / Math.max(1, members));
      const atScale = members >= MILLION && ctx.kind === 'postgres';
      const metrics: Metric[] = [
        {
          key: 'generate_ms',
          label: 'generation',
          value: first.ms,
          unit: 'ms',
          ...(atScale ? { goal: { op: '<' as const, value: OFFERS_GOAL_S * 1000 } } : {}),
        },
        { key: 'rerun_ms', label: 're-run', value: again.ms, unit: 'ms' },
        { key: 'per_member_p50', label: 'per-member p50', value: each.p50, unit: 'ms' },
        { key: 'members', label: 'members', value: members, unit: '' },
        { key: 'issued', label: 'offers issued', value: first.value.issued, unit: '' },
        { key: 'members_per_s', label: 'members/s', value: members / seconds(first.ms), unit: '/s' },
        { key: 'speedup', label: 'per-member (extrapolated) / set-wise', value: perMemberTotal / first.ms, unit: '×' },
        { key: 'scaled_1m_ms', label: 'generation scaled to 1M members (linear)', value: scaled, unit: 'ms' },
      ];
      return {
        metrics,
        notes: [
          `${n(first.value.issued)} offers to ${n(members)} members (${n(first.value.personalisedMembers)} ranked by purchase history) in ${seconds(first.ms).toFixed(1)} s ` +
            `= ${n(members / seconds(first.ms))} members/s; by campaign ${first.value.campaigns.map((c) => n(c.issued)).join(' / ')}`,
          `re-run (idempotent): ${n(again.value.issued)} new offers in ${seconds(again.ms).toFixed(1)} s`,
          `baseline, issueCampaignOffers one member at a time on ${sample.length} members: p50 ${each.p50.toFixed(1)} · p99 ${each.p99.toFixed(1)} ms, mean ${each.mean.toFixed(1)} ms ` +
            `→ ${seconds(perMemberTotal).toFixed(0)} s for all ${n(members)} (×${(perMemberTotal / first.ms).toFixed(1)} the set-wise time)`,
          atScale
            ? `goal: 1,000,000 members in under ${OFFERS_GOAL_S} s on PostgreSQL`
            : `linear scaling to 1,000,000 members: ${seconds(scaled).toFixed(0)} s (goal < ${OFFERS_GOAL_S} s on PostgreSQL; measured only with --members 1000000)`,
        ],
      };
    } finally {
      await endCampaigns(ctx, campaigns);
    }
  },
};

/** Ten campaigns that typical bench baskets (tests/bench/requests.ts) match. */
async function basketCampaigns(ctx: ScenarioContext): Promise<TCampaign[]> {
  const common = { channels: ['POS'] };
  const defs: Record<string, unknown>[] = [
    { name: 'Bench: süt ürünlerinde 2 kat', type: 'POINTS_MULTIPLIER', params: { multiplier: 2, match: { categories: ['Süt Ürünleri'] } }, priority: 30 },
    { name: 'Bench: her şeye 1,5 kat', type: 'POINTS_MULTIPLIER', params: { multiplier: 1.5 }, priority: 10, controlPct: 10 },
    { name: 'Bench: temel gıdaya 20 puan', type: 'BONUS_POINTS', params: { points: 20, per: 'receipt', match: { categories: ['Temel Gıda'] } }, priority: 20 },
    { name: 'Bench: Ülker’de ürün başı 5 puan', type: 'BONUS_POINTS', params: { points: 5, per: 'unit', match: { brands: ['Ülker', 'Eti'] } }, priority: 20 },
    { name: 'Bench: 300 TL sepete 50 puan', type: 'BASKET_THRESHOLD', params: { minBasketKurus: 30_000, points: 50 }, priority: 15, budgetCap: 1_000_000_000 },
    { name: 'Bench: 200 TL’ye %5', type: 'DISCOUNT_COUPON', params: { percent: 5, minBasketKurus: 20_000, maxDiscountKurus: 2_500 }, priority: 40, budgetUnit: 'KURUS' },
    { name: 'Bench: 500 TL’ye bez çanta', type: 'FREE_GIFT', params: { giftSku: 'BEZ-CANTA', giftName: 'Bez çanta', giftValueKurus: 1_500, minBasketKurus: 50_000 }, priority: 5, budgetUnit: 'KURUS' },
    { name: 'Bench: atıştırmalığa içecek', type: 'CROSS_SELL', params: { trigger: { categories: ['Atıştırmalık'] }, target: { categories: ['İçecek'] }, points: 15 }, priority: 25 },
    { name: 'Bench: her 100 TL’ye çekiliş hakkı', type: 'DRAW_ENTRIES', params: { drawName: 'Yılbaşı çekilişi', kurusPerEntry: 10_000, maxEntries: 10 }, priority: 5 },
    { name: 'Bench: 30 gün sonra hoş geldin', type: 'WIN_BACK', params: { minDaysSinceLastVisit: 30, points: 50 }, priority: 35, controlPct: 10 },
  ];
  const out: TCampaign[] = [];
  for (const def of defs) out.push(await activate(ctx, { ...def, ...common }));
  return out;
}

/** Clients of the campaign-receipt phases: few, so latency is the booking's own, not queueing behind 16 clients. */
const RECEIPT_CLIENTS = 4;

export const campaignReceipt: Scenario = {
  id: 'campaign-receipt',
  title: (o) => `receipt latency, 0 vs 10 active campaigns, ${Math.min(RECEIPT_CLIENTS, o.concurrency)} clients`,
  run: async (ctx) => {
    const active = await db(ctx).campaign.count({ where: { status: 'ACTIVE' } });
    if (active > 0) throw new Error(`campaign-receipt needs no active campaign for its baseline, found ${active}`);
    const clients = Math.min(RECEIPT_CLIENTS, ctx.options.concurrency);
    const phase = async (seed: number, tag: string) => {
      const params: ReceiptParams = {
        token: await ctx.env.pos.token(),
        memberIds: ctx.data.memberIds,
        products: ctx.data.products,
        seed,
        refPrefix: `C${ctx.runId}${tag}`,
      };
      return ctx.load({
        mode: { kind: 'closed', concurrency: clients },
        durationMs: ctx.options.durationMs,
        warmupMs: ctx.options.warmupMs,
        generator: { module: REQUESTS, name: 'bookMemberReceipt', params },
      });
    };
    const without = await phase(5, 'a');
    const campaigns = await basketCampaigns(ctx);
    try {
      const awardsBefore = await db(ctx).campaignAward.count();
      const withCampaigns = await phase(5, 'b');
      const [booked] = await ctx.env.sql.rows<{ receipts: string }>(`SELECT count(*)::text AS receipts FROM receipt WHERE external_ref LIKE 'C${ctx.runId}b-%'`);
      const awards = (await db(ctx).campaignAward.count()) - awardsBefore;
      const receipts = Number(booked?.receipts ?? 0);
      const r = (a: number, b: number) => (b > 0 ? a / b : 0);
      const metrics: Metric[] = [
        { key: 'p50_with', label: 'p50 with 10', value: withCampaigns.latencyMs.p50, unit: 'ms' },
        { key: 'p50_without', label: 'p50 without', value: without.latencyMs.p50, unit: 'ms' },
        { key: 'p99_with', label: 'p99 with 10', value: withCampaigns.latencyMs.p99, unit: 'ms' },
        { key: 'p99_without', label: 'p99 without', value: without.latencyMs.p99, unit: 'ms' },
        { key: 'p50_ratio', label: 'p50 ratio', value: r(withCampaigns.latencyMs.p50, without.latencyMs.p50), unit: '×' },
        { key: 'p99_ratio', label: 'p99 ratio', value: r(withCampaigns.latencyMs.p99, without.latencyMs.p99), unit: '×' },
        { key: 'throughput_ratio', label: 'throughput ratio', value: r(withCampaigns.throughput, without.throughput), unit: '×' },
        { key: 'errors', label: 'errors', value: without.errors + withCampaigns.errors, unit: '' },
      ];
      return {
        // The table's row is the phase with campaigns; errors of either phase make the run invalid.
        load: { ...withCampaigns, errors: without.errors + withCampaigns.errors, errorSamples: [...without.errorSamples, ...withCampaigns.errorSamples] },
        metrics,
        notes: [
          `no campaign:   ${without.throughput.toFixed(0)} receipts/s, p50 ${without.latencyMs.p50.toFixed(1)} · p95 ${without.latencyMs.p95.toFixed(1)} · p99 ${without.latencyMs.p99.toFixed(1)} ms`,
          `10 campaigns:  ${withCampaigns.throughput.toFixed(0)} receipts/s, p50 ${withCampaigns.latencyMs.p50.toFixed(1)} · p95 ${withCampaigns.latencyMs.p95.toFixed(1)} · p99 ${withCampaigns.latencyMs.p99.toFixed(1)} ms ` +
            `(×${r(withCampaigns.latencyMs.p50, without.latencyMs.p50).toFixed(2)} p50, ×${r(withCampaigns.latencyMs.p99, without.latencyMs.p99).toFixed(2)} p99, ` +
            `+${(withCampaigns.latencyMs.p50 - without.latencyMs.p50).toFixed(1)} ms p50)`,
          `${n(awards)} campaign awards on ${n(receipts)} receipts (${(awards / Math.max(1, receipts)).toFixed(1)} per receipt, warm-up included)`,
        ],
      };
    } finally {
      await endCampaigns(ctx, campaigns);
    }
  },
};
