// The benchmark's scenarios and the ratios it reports. To add a scenario: write a `Scenario` (below, or in
// its own file under tests/bench/ imported here) and add it to SCENARIOS; to compare it with a baseline, add
// a `Comparison`. HTTP load goes through `ctx.load` with a request generator (see requests.ts); anything else
// (a kiosk bundle size, a PC/SC tap through pcscd, a segment refresh) measures itself and returns metrics.

import type { LoadPlan, LoadResult } from './load';
import type { BenchEnvironment } from './environment';
import type { BenchOptions, DatabaseKind } from './options';
import type { PgbenchResult } from './pgbench';
import type { BenchProduct, IdentifyParams, ReceiptParams } from './requests';
import type { SeedSummary } from './seed';
import { campaignReceipt, offerGeneration, segmentRefresh } from './campaigns';
import { kioskSignIn } from './kiosk';
import { tapToMember } from './tap';

export type Goal = { op: '<' | '<=' | '>' | '>='; value: number };

export type Metric = { key: string; label: string; value: number; unit: string; goal?: Goal };

export type ScenarioOutcome = {
  /** The HTTP load measurement, when the scenario drove one (shown as a standard table row). */
  load?: LoadResult;
  metrics: Metric[];
  notes?: string[];
};

export type ScenarioContext = {
  kind: DatabaseKind;
  options: BenchOptions;
  env: BenchEnvironment;
  seed: SeedSummary;
  /** Ids of the seeded members, and the catalogue the POS sells from. */
  data: { memberIds: string[]; products: BenchProduct[] };
  /** Runs HTTP load against this database's server in a worker thread. */
  load: (plan: Omit<LoadPlan, 'baseUrl'>) => Promise<LoadResult>;
  log: (line: string) => void;
  /** Unique per run, for receipt numbers and seeds. */
  runId: string;
};

export type Scenario = {
  id: string;
  title: (options: BenchOptions) => string;
  /** Databases it runs on (default: every database of the run). */
  databases?: DatabaseKind[];
  run: (ctx: ScenarioContext) => Promise<ScenarioOutcome>;
  /** Checks what the scenario needs outside Node (e.g. pcscd) before any database is seeded: a message, or null when ready. */
  preflight?: () => Promise<string | null>;
};

const REQUESTS = new URL('./requests.ts', import.meta.url).href;

/** The standard metrics of an HTTP load result. */
function loadMetrics(r: LoadResult, goals: { p99?: Goal } = {}): Metric[] {
  return [
    { key: 'throughput', label: 'throughput', value: r.throughput, unit: 'req/s' },
    { key: 'p50', label: 'p50', value: r.latencyMs.p50, unit: 'ms' },
    { key: 'p95', label: 'p95', value: r.latencyMs.p95, unit: 'ms' },
    { key: 'p99', label: 'p99', value: r.latencyMs.p99, unit: 'ms', ...(goals.p99 ? { goal: goals.p99 } : {}) },
    { key: 'errors', label: 'errors', value: r.errors, unit: '' },
  ];
}

const identifyParams = async (ctx: ScenarioContext, seed: number): Promise<IdentifyParams> => ({
  token: await ctx.env.pos.token(),
  members: ctx.seed.members,
  seed,
});

export const identifyClosed: Scenario = {
  id: 'identify',
  title: (o) => `identify by card, ${o.concurrency} clients (closed loop)`,
  run: async (ctx) => {
    const load = await ctx.load({
      mode: { kind: 'closed', concurrency: ctx.options.concurrency },
      durationMs: ctx.options.durationMs,
      warmupMs: ctx.options.warmupMs,
      generator: { module: REQUESTS, name: 'identifyByCard', params: await identifyParams(ctx, 1) },
    });
    return { load, metrics: loadMetrics(load) };
  },
};

export const identifyOpen: Scenario = {
  id: 'identify-rate',
  title: (o) => `identify by card at ${o.rate} req/s (open loop)`,
  run: async (ctx) => {
    const load = await ctx.load({
      mode: { kind: 'open', rate: ctx.options.rate },
      durationMs: ctx.options.durationMs,
      warmupMs: ctx.options.warmupMs,
      generator: { module: REQUESTS, name: 'identifyByCard', params: await identifyParams(ctx, 2) },
    });
    return { load, metrics: loadMetrics(load, { p99: { op: '<', value: 10 } }) };
  },
};

export const accrual: Scenario = {
  id: 'accrual',
  title: (o) => `receipt with accrual, ${o.concurrency} clients (closed loop)`,
  run: async (ctx) => {
    const params: ReceiptParams = {
      token: await ctx.env.pos.token(),
      memberIds: ctx.data.memberIds,
      products: ctx.data.products,
      seed: 3,
      refPrefix: `B${ctx.runId}`,
    };
    const load = await ctx.load({
      mode: { kind: 'closed', concurrency: ctx.options.concurrency },
      durationMs: ctx.options.durationMs,
      warmupMs: ctx.options.warmupMs,
      generator: { module: REQUESTS, name: 'bookMemberReceipt', params },
    });
    // Each 201 must be a receipt in the database with its points posted: count what the run booked.
    const [booked] = await ctx.env.sql.rows<{ receipts: string; earning: string }>(
      `SELECT count(*)::text AS receipts, count(*) FILTER (WHERE points_earned > 0)::text AS earning
       FROM receipt WHERE terminal_id = '${ctx.env.pos.terminalId}'`,
    );
    return {
      load,
      metrics: loadMetrics(load),
      notes: [`${Number(booked?.receipts ?? 0).toLocaleString('en-US')} receipts booked by the bench POS (warm-up included), ${Number(booked?.earning ?? 0).toLocaleString('en-US')} of them earned points`],
    };
  },
};

/** Every scenario, in the order they run (reads before writes; a tap only advances its card's read counter). */
export const SCENARIOS: Scenario[] = [identifyClosed, identifyOpen, tapToMember, kioskSignIn, accrual, campaignReceipt, segmentRefresh, offerGeneration];

export type RunResults = {
  scenarios: Partial<Record<DatabaseKind, Record<string, ScenarioOutcome>>>;
  pgbench?: PgbenchResult;
};

export type Comparison = {
  label: string;
  databases: DatabaseKind[];
  /** Undefined when a side was not measured in this run. */
  value: (results: RunResults, kind: DatabaseKind) => number | undefined;
  goal?: Goal;
  /** Which database the goal is for (the other rows are shown for information). */
  goalOn?: DatabaseKind;
};

const metric = (r: RunResults, kind: DatabaseKind, scenario: string, key: string) =>
  r.scenarios[kind]?.[scenario]?.metrics.find((m) => m.key === key)?.value;

export const COMPARISONS: Comparison[] = [
  {
    label: 'accrual throughput / pgbench TPC-B tps',
    databases: ['postgres', 'pglite'],
    value: (r, kind) => {
      const accrualTps = metric(r, kind, 'accrual', 'throughput');
      return accrualTps !== undefined && r.pgbench ? accrualTps / r.pgbench.tps : undefined;
    },
    goal: { op: '>=', value: 0.4 },
    goalOn: 'postgres',
  },
];

export function meets(value: number, goal: Goal): boolean {
  switch (goal.op) {
    case '<':
      return value < goal.value;
    case '<=':
      return value <= goal.value;
    case '>':
      return value > goal.value;
    case '>=':
      return value >= goal.value;
  }
}
