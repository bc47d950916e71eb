// HTTP load generation for the bench. The load runs in a worker thread with its own event loop, so the
// client's work does not queue behind the in-process server (which shares the main thread with PGlite).

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

import { cpuBetween, cpuSnapshot } from './cpu';
import type { CpuSnapshot, CpuUsage } from './cpu';

/** One HTTP request a generator produces; the body is sent as JSON. */
export type HttpRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The status a correct answer has; anything else counts as an error. */
  expectStatus: number;
};

/**
 * A request generator: given its (structured-clonable) params, returns a function producing request number
 * `i` of this worker. Generators live in modules the worker imports by URL (see requests.ts).
 */
export type RequestFactory<P> = (params: P) => (i: number) => HttpRequest;

/**
 * closed: `concurrency` clients each send, wait for the answer, send again (throughput).
 * open: requests start at a fixed rate whatever the answers do, and latency is counted from each request's
 * scheduled start, so a slow answer cannot hide the requests queued behind it (no coordinated omission).
 */
export type LoadMode = { kind: 'closed'; concurrency: number } | { kind: 'open'; rate: number };

export type LoadPlan = {
  baseUrl: string;
  mode: LoadMode;
  durationMs: number;
  warmupMs: number;
  /** `module` is a file URL; `name` its exported RequestFactory. */
  generator: { module: string; name: string; params: unknown };
};

export type LatencySummary = { mean: number; p50: number; p90: number; p95: number; p99: number; p999: number; max: number };

export type LoadResult = {
  mode: LoadMode;
  /** Measured window (after warm-up), ms. */
  elapsedMs: number;
  /** Requests started in the measured window. */
  requests: number;
  /** Correct answers in the measured window. */
  ok: number;
  errors: number;
  /** Correct answers per second. */
  throughput: number;
  /** Latency of correct answers, ms. */
  latencyMs: LatencySummary;
  statusCounts: Record<string, number>;
  /** A few distinct error answers, for the report. */
  errorSamples: string[];
  /**
   * Share of time each event loop was busy in the measured window: the server's (this process's main
   * thread, which also runs PGlite) and the load client's. Near 1 means that thread was the bottleneck.
   */
  eventLoop: { server: number; client: number };
  /** Cores busy in the measured window. */
  cpu: CpuUsage;
};

const WORKER = new URL('./load-worker.ts', import.meta.url).href;

/**
 * Runs one load plan in a fresh worker thread and returns its measurements. `database` names the PostgreSQL
 * database under test, so its backends' CPU is told apart from the rest of the server's.
 */
export async function runLoad(plan: LoadPlan, context: { database?: string } = {}): Promise<LoadResult> {
  // Node 20 does not pass tsx's loader to workers; tsImport compiles the worker's TypeScript on the fly.
  const source = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => m.tsImport(${JSON.stringify(WORKER)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(source, { eval: true, workerData: plan });
  // The measured window starts after the warm-up, give or take the worker's start-up.
  let elu = performance.eventLoopUtilization();
  let cpu: CpuSnapshot = cpuSnapshot(context.database);
  const mark = setTimeout(() => {
    elu = performance.eventLoopUtilization();
    cpu = cpuSnapshot(context.database);
  }, plan.warmupMs);
  return new Promise<LoadResult>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: { result?: Omit<LoadResult, 'eventLoop' | 'cpu'> & { clientEventLoop: number }; error?: string }) => {
      settled = true;
      clearTimeout(mark);
      if (message.result) {
        const { clientEventLoop, ...rest } = message.result;
        const server = performance.eventLoopUtilization(elu).utilization;
        resolve({ ...rest, eventLoop: { server: round2(server), client: round2(clientEventLoop) }, cpu: cpuBetween(cpu, cpuSnapshot(context.database), os.availableParallelism()) });
      } else reject(new Error(`load worker failed: ${message.error}`));
      void worker.terminate();
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`load worker exited with code ${code} before reporting`));
    });
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Percentiles of a list of latencies (nearest rank), ms. */
export function summarise(latencies: Float64Array): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  const n = sorted.length;
  if (n === 0) return { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { mean: sum / n, p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), p999: at(0.999), max: sorted[n - 1]! };
}
