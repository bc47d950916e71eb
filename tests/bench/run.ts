// `pnpm bench`: seeds a chain per database, measures the scenarios over HTTP against the real server, runs
// pgbench on the same PostgreSQL as the baseline, prints the tables and ratios, and writes a JSON result.
// Method and how to read the figures: docs/benchmarks.md.

import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkLedger } from '../../packages/server/src/services/invariants/check-ledger';
import { demoProducts } from '../../packages/server/src/seed/demo-products';
import { startEnvironment } from './environment';
import type { BenchEnvironment } from './environment';
import { runLoad } from './load';
import { machineInfo } from './machine';
import { USAGE, parseOptions } from './options';
import type { BenchOptions, DatabaseKind } from './options';
import { PGBENCH_MISSING, pgbenchVersion, runPgbench } from './pgbench';
import { DB_NAME, formatBaseline, formatComparisons, formatDatabase, formatMachine } from './report';
import type { DatabaseReport } from './report';
import { COMPARISONS, SCENARIOS, meets } from './scenarios';
import type { RunResults, Scenario } from './scenarios';
import { seedChain } from './seed';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (line: string) => console.log(line);
const open = new Set<BenchEnvironment>();

async function benchDatabase(kind: DatabaseKind, options: BenchOptions, scenarios: Scenario[], results: RunResults, runId: string): Promise<DatabaseReport> {
  log(`\n${DB_NAME[kind]}: starting the server on a fresh database`);
  const env = await startEnvironment(kind, options.postgresUrl, log);
  open.add(env);
  try {
    const members = kind === 'pglite' ? Math.max(1, Math.round(options.members * options.pgliteScale)) : options.members;
    log(`${DB_NAME[kind]}: seeding ${members.toLocaleString('en-US')} members, ${options.days} days of history`);
    const seed = await seedChain(env.sql, {
      members,
      days: options.days,
      visits: options.visits,
      products: demoProducts(),
      baseRule: env.program.baseRule,
      tiers: env.program.tiers,
      pendingDays: env.program.settings.pendingDays,
      expiryMonths: env.program.settings.expiryMonths,
      at: env.program.campaignStart,
      seed: 1923,
      log,
    });
    const memberIds = (await env.sql.rows<{ id: string }>(`SELECT id FROM member WHERE external_ref LIKE 'BENCH-%' ORDER BY id`)).map((r) => r.id);
    const products = demoProducts().map(({ sku, category, brand, priceKurus }) => ({ sku, category, brand, priceKurus }));

    const outcomes: Record<string, NonNullable<RunResults['scenarios'][DatabaseKind]>[string]> = {};
    results.scenarios[kind] = outcomes;
    for (const scenario of scenarios) {
      if (scenario.databases && !scenario.databases.includes(kind)) continue;
      log(`${DB_NAME[kind]}: ${scenario.title(options)} — ${(options.warmupMs / 1000).toFixed(0)} s warm-up, ${(options.durationMs / 1000).toFixed(0)} s measured`);
      const outcome = await scenario.run({
        kind,
        options,
        env,
        seed,
        data: { memberIds, products },
        load: (plan) => runLoad({ ...plan, baseUrl: env.url }, kind === 'postgres' ? { database: env.location } : {}),
        log,
        runId,
      });
      outcomes[scenario.id] = outcome;
      log(`  ${outcome.metrics.map((m) => `${m.label} ${m.value.toFixed(m.unit === 'ms' ? 2 : 0)}${m.unit ? ` ${m.unit}` : ''}`).join(' · ')}`);
    }

    let ledgerViolations: number | null = null;
    let ledgerCheckMs: number | null = null;
    if (options.verify) {
      log(`${DB_NAME[kind]}: checking the ledger invariants`);
      const t = performance.now();
      const violations = await checkLedger(env.server.database.prisma);
      ledgerCheckMs = performance.now() - t;
      ledgerViolations = violations.length;
      for (const v of violations.slice(0, 10)) log(`  VIOLATION ${v.invariant} ${v.subject}: ${v.message}`);
    }
    return { kind, version: env.databaseVersion, location: env.location, seed, ledgerViolations, ledgerCheckMs };
  } finally {
    open.delete(env);
    await env.close();
  }
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    const parsed = parseOptions(process.argv.slice(2), process.env, { resultsDir: path.join(here, 'results') });
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const usesPostgres = options.databases.includes('postgres');
  if (usesPostgres && !pgbenchVersion()) {
    console.error(PGBENCH_MISSING);
    return 1;
  }
  const unknown = options.scenarios.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length) {
    console.error(`Unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
    return 2;
  }
  const scenarios = options.scenarios.length ? SCENARIOS.filter((s) => options.scenarios.includes(s.id)) : SCENARIOS;
  for (const scenario of scenarios) {
    const problem = await scenario.preflight?.();
    if (problem) {
      console.error(`Scenario ${scenario.id}: ${problem}`);
      return 1;
    }
  }

  const startedAt = new Date();
  const runId = randomBytes(4).toString('hex');
  const machine = await machineInfo(usesPostgres ? options.postgresUrl : undefined);
  log(`Kulüp benchmark ${startedAt.toISOString()} — ${options.databases.join(', ')}; ${options.concurrency} clients, ` +
    `${options.durationMs / 1000} s per scenario, open loop at ${options.rate} req/s`);
  log(formatMachine(machine, {}));

  const results: RunResults = { scenarios: {} };
  const databases: DatabaseReport[] = [];
  for (const kind of options.databases) {
    databases.push(await benchDatabase(kind, options, scenarios, results, runId));
    if (kind === 'postgres') {
      log('\nPostgreSQL baseline: pgbench TPC-B');
      results.pgbench = await runPgbench(
        options.postgresUrl,
        { scale: options.pgbenchScale, clients: options.concurrency, durationMs: options.durationMs, threads: machine.cores },
        log,
      );
      log(`  ${results.pgbench.tps.toFixed(1)} tps`);
    }
  }

  const versions = Object.fromEntries(databases.map((d) => [d.kind, d.version]));
  log(`\n${'═'.repeat(100)}\nKulüp benchmark — ${startedAt.toISOString()}`);
  log(`command   pnpm bench ${process.argv.slice(2).join(' ')}`.trimEnd());
  log(formatMachine(machine, versions));
  for (const db of databases) log(`\n${formatDatabase(db, results, scenarios, options)}`);
  if (results.pgbench) log(`\n${formatBaseline(results.pgbench)}`);
  const ratios = formatComparisons(results, options.databases);
  if (ratios) log(`\n${ratios}`);

  const ratioValues = COMPARISONS.flatMap((c) =>
    c.databases.flatMap((kind) => {
      const value = c.value(results, kind);
      if (value === undefined) return [];
      const goal = c.goal && (!c.goalOn || c.goalOn === kind) ? c.goal : undefined;
      return [{ label: c.label, database: kind, value, ...(goal ? { goal, met: meets(value, goal) } : {}) }];
    }),
  );
  mkdirSync(options.resultsDir, { recursive: true });
  const file = path.join(options.resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        args: process.argv.slice(2),
        options,
        machine: { ...machine, databaseVersions: versions },
        databases: databases.map((d) => ({ ...d, scenarios: results.scenarios[d.kind] })),
        baseline: results.pgbench ?? null,
        ratios: ratioValues,
      },
      null,
      2,
    )}\n`,
  );
  log(`\nresult    ${path.relative(process.cwd(), file)}`);

  const failed =
    databases.some((d) => (d.ledgerViolations ?? 0) > 0) ||
    Object.values(results.scenarios).some((byId) => Object.values(byId ?? {}).some((o) => (o.load?.errors ?? 0) > 0));
  if (failed) log('\nThe run had request errors or ledger violations (see above): its figures are not valid.');
  return failed ? 1 : 0;
}

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  log('\nInterrupted: dropping the benchmark databases …');
  void Promise.allSettled([...open].map((env) => env.close())).then(() => process.exit(130));
});

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await Promise.allSettled([...open].map((env) => env.close()));
    process.exit(1);
  },
);
