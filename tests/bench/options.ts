// `pnpm bench` options: flags win over environment variables (BENCH_<NAME>), which win over defaults.

export type DatabaseKind = 'pglite' | 'postgres';

export type BenchOptions = {
  /** Members seeded per database (each with one printed card). */
  members: number;
  /** How many days of history receipts are seeded before the run. */
  days: number;
  /** Mean history receipts per member per year (exponentially distributed, so some members never shop). */
  visits: number;
  /** PGlite seeds `members` × this fraction (1 = the same size); it is one WASM process, so a smaller chain keeps the seed short. */
  pgliteScale: number;
  /** Concurrent HTTP clients of the closed-loop scenarios, and pgbench's client count. */
  concurrency: number;
  /** Measured time of each load scenario and of pgbench, in ms. */
  durationMs: number;
  /** Unmeasured time before each HTTP scenario (connections, JIT, caches). */
  warmupMs: number;
  /** Arrival rate of the open-loop identify scenario, requests per second. */
  rate: number;
  databases: DatabaseKind[];
  /** Scenario ids to run; empty = all. */
  scenarios: string[];
  /** A server URL whose database the bench may create and drop its own databases from. */
  postgresUrl: string;
  /** pgbench scale factor (10 = 1,000,000 accounts). */
  pgbenchScale: number;
  /** Run the ledger invariant checker after the scenarios (proves seeding and booking left balance = Σ entries). */
  verify: boolean;
  /** Where the JSON result goes (a directory). */
  resultsDir: string;
};

export const USAGE = `pnpm bench [options]      (every option also reads BENCH_<NAME>, e.g. BENCH_MEMBERS=10000)

  --members N          members seeded per database                    (default 100000)
  --days N             days of history receipts                       (default 365)
  --visits N           mean history receipts per member per year      (default 10)
  --pglite-scale F     PGlite seeds members × F                       (default 1)
  --concurrency N      closed-loop HTTP clients and pgbench clients   (default 16)
  --duration T         measured time per scenario, e.g. 20s, 1m       (default 20s)
  --warmup T           unmeasured warm-up per HTTP scenario           (default 2s)
  --rate N             open-loop identify arrival rate, requests/s    (default 200)
  --db LIST            pglite,postgres (in this order)                (default pglite,postgres)
  --scenarios LIST     scenario ids to run (default all; see tests/bench/scenarios.ts)
  --postgres-url URL   server the bench creates/drops databases on    (default postgresql://postgres@127.0.0.1:5432/postgres)
  --pgbench-scale N    pgbench -i scale factor                        (default 10)
  --no-verify          skip the ledger invariant check after the run
  --results-dir DIR    where the JSON result is written               (default tests/bench/results)
`;

/** "20s", "1m", "500ms", "1.5s" or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new Error(`Not a duration: "${text}" (use e.g. 20s, 1m, 500ms)`);
  const value = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 60_000);
}

function positiveInt(name: string, text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

function positiveNumber(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${text}"`);
  return n;
}

const NAMES = [
  'members', 'days', 'visits', 'pglite-scale', 'concurrency', 'duration', 'warmup', 'rate', 'db', 'scenarios',
  'postgres-url', 'pgbench-scale', 'verify', 'results-dir',
] as const;
type Name = (typeof NAMES)[number];

/** Parses argv (without node and script) and the environment; throws with a readable message on bad input. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv, defaults: { resultsDir: string }): BenchOptions | 'help' {
  const given = new Map<Name, string>();
  for (const name of NAMES) {
    const value = env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
    if (value !== undefined && value !== '') given.set(name, value);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--no-verify') {
      given.set('verify', 'false');
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = m?.[1] as Name | undefined;
    if (!m || !name || !NAMES.includes(name)) throw new Error(`Unknown option "${arg}"\n\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    given.set(name, value);
  }
  const get = (name: Name, fallback: string) => given.get(name) ?? fallback;

  const databases = get('db', 'pglite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
  for (const d of databases) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--db: unknown database "${d}" (pglite, postgres)`);
  if (databases.length === 0) throw new Error('--db: name at least one database');
  const durationMs = parseDuration(get('duration', '20s'));
  if (durationMs < 1000) throw new Error('--duration must be at least 1s');
  const scale = positiveNumber('pglite-scale', get('pglite-scale', '1'));
  if (scale > 1) throw new Error('--pglite-scale is a fraction of --members (at most 1)');
  return {
    members: positiveInt('members', get('members', '100000')),
    days: positiveInt('days', get('days', '365')),
    visits: positiveNumber('visits', get('visits', '10')),
    pgliteScale: scale,
    concurrency: positiveInt('concurrency', get('concurrency', '16')),
    durationMs,
    warmupMs: parseDuration(get('warmup', '2s')),
    rate: positiveInt('rate', get('rate', '200')),
    databases: [...new Set(databases)] as DatabaseKind[],
    scenarios: get('scenarios', '').split(',').map((s) => s.trim()).filter(Boolean),
    postgresUrl: get('postgres-url', 'postgresql://postgres@127.0.0.1:5432/postgres'),
    pgbenchScale: positiveInt('pgbench-scale', get('pgbench-scale', '10')),
    verify: !['false', '0', 'no', 'off'].includes(get('verify', 'true').toLowerCase()),
    resultsDir: get('results-dir', defaults.resultsDir),
  };
}
