// The baseline measured in the same run: pgbench's TPC-B-like transaction against the same PostgreSQL server,
// in its own database (initialised at the given scale, dropped afterwards), same client count and duration.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { adminQuery } from './environment';

export type PgbenchResult = {
  version: string;
  scale: number;
  clients: number;
  threads: number;
  durationS: number;
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
  initMs: number;
  command: string;
};

export const PGBENCH_MISSING = `pgbench was not found on PATH, and the benchmark needs it for its baseline.
On Debian/Ubuntu, pgbench ships with the PostgreSQL server package of your server's major version, e.g.

  sudo apt-get install postgresql-15        # provides /usr/lib/postgresql/15/bin/pgbench

(/usr/bin/pgbench itself is the version wrapper from postgresql-client-common: \`dpkg -S /usr/bin/pgbench\`.)
Or run without PostgreSQL: pnpm bench --db pglite`;

/** pgbench's version line, or undefined when it is not installed. */
export function pgbenchVersion(): string | undefined {
  const r = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.trim();
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Initialises a pgbench database on the server of `adminUrl`, runs the TPC-B-like script, and drops it. */
export async function runPgbench(
  adminUrl: string,
  options: { scale: number; clients: number; durationMs: number; threads: number },
  log: (line: string) => void,
): Promise<PgbenchResult> {
  const version = pgbenchVersion();
  if (!version) throw new Error(PGBENCH_MISSING);
  const name = `kulup_bench_pgbench_${randomBytes(4).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  try {
    const t = performance.now();
    log(`  pgbench -i -s ${options.scale} (database ${name}) …`);
    const init = await run(['-i', '-q', '-s', String(options.scale), url.toString()]);
    if (init.code !== 0) throw new Error(`pgbench -i failed:\n${init.stderr}`);
    const initMs = performance.now() - t;
    const durationS = Math.max(1, Math.round(options.durationMs / 1000));
    const threads = Math.max(1, Math.min(options.threads, options.clients));
    const args = ['-n', '-M', 'prepared', '-c', String(options.clients), '-j', String(threads), '-T', String(durationS)];
    log(`  pgbench ${args.join(' ')} …`);
    const bench = await run([...args, url.toString()]);
    if (bench.code !== 0) throw new Error(`pgbench failed:\n${bench.stderr}\n${bench.stdout}`);
    const out = bench.stdout;
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
    if (!tps) throw new Error(`could not read tps from pgbench output:\n${out}`);
    return {
      version,
      scale: options.scale,
      clients: options.clients,
      threads,
      durationS,
      tps: Number(tps),
      latencyAvgMs: Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN),
      transactions: Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? NaN),
      failed: Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0),
      initMs,
      command: `pgbench ${args.join(' ')} <db>`,
    };
  } finally {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
