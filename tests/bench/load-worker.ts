// Worker-thread side of runLoad: a keep-alive node:http client driving one load plan.

import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

import { summarise } from './load';
import type { HttpRequest, LoadPlan, LoadResult, RequestFactory } from './load';

type WorkerResult = Omit<LoadResult, 'eventLoop' | 'cpu'> & { clientEventLoop: number };

type Answer = { status: number; body: string } | { status: 0; body: string };

async function main(plan: LoadPlan): Promise<WorkerResult> {
  const mod = (await import(plan.generator.module)) as Record<string, RequestFactory<unknown>>;
  const factory = mod[plan.generator.name];
  if (typeof factory !== 'function') throw new Error(`${plan.generator.module} exports no request factory "${plan.generator.name}"`);
  const next = factory(plan.generator.params);

  const base = new URL(plan.baseUrl);
  const sockets = plan.mode.kind === 'closed' ? plan.mode.concurrency : 256;
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });

  const send = (req: HttpRequest): Promise<Answer> =>
    new Promise((resolve) => {
      const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
      const headers: Record<string, string | number> = { accept: 'application/json', ...req.headers };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const r = http.request(
        { host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => resolve({ status: 0, body: String(e) }));
        },
      );
      r.on('error', (e) => resolve({ status: 0, body: String(e) }));
      r.end(payload);
    });

  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const errorSamples = new Set<string>();
  let requests = 0;
  let errors = 0;
  let counter = 0;
  let lastDone = 0;

  const t0 = performance.now();
  const measureFrom = t0 + plan.warmupMs;
  const end = measureFrom + plan.durationMs;
  let elu = performance.eventLoopUtilization();
  const mark = setTimeout(() => (elu = performance.eventLoopUtilization()), plan.warmupMs);

  const one = async (startAt: number, measured: boolean): Promise<void> => {
    const req = next(counter++);
    const answer = await send(req);
    const done = performance.now();
    if (!measured) return;
    requests++;
    lastDone = Math.max(lastDone, done);
    statusCounts[answer.status] = (statusCounts[answer.status] ?? 0) + 1;
    if (answer.status === req.expectStatus) latencies.push(done - startAt);
    else {
      errors++;
      if (errorSamples.size < 5) errorSamples.add(`${req.method} ${req.path} → ${answer.status || 'network error'}: ${answer.body.slice(0, 300)}`);
    }
  };

  if (plan.mode.kind === 'closed') {
    const client = async () => {
      for (;;) {
        const start = performance.now();
        if (start >= end) return;
        await one(start, start >= measureFrom);
      }
    };
    await Promise.all(Array.from({ length: plan.mode.concurrency }, client));
  } else {
    const interval = 1000 / plan.mode.rate;
    const inFlight = new Set<Promise<void>>();
    let i = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        // Start every request whose scheduled time has come; latency counts from the schedule, not from now.
        for (let at = t0 + i * interval; at <= now && at < end; at = t0 + ++i * interval) {
          const p = one(at, at >= measureFrom);
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        }
        const nextAt = t0 + i * interval;
        if (nextAt >= end) resolve();
        else setTimeout(tick, Math.max(0, nextAt - performance.now()));
      };
      tick();
    });
    await Promise.all([...inFlight]);
  }
  clearTimeout(mark);
  const clientEventLoop = performance.eventLoopUtilization(elu).utilization;
  agent.destroy();

  const elapsedMs = Math.max(plan.durationMs, lastDone - measureFrom);
  return {
    mode: plan.mode,
    elapsedMs,
    requests,
    ok: latencies.length,
    errors,
    throughput: (latencies.length * 1000) / elapsedMs,
    latencyMs: summarise(Float64Array.from(latencies)),
    statusCounts,
    errorSamples: [...errorSamples],
    clientEventLoop,
  };
}

main(workerData as LoadPlan).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
