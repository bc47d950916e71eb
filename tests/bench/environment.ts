// One database under test: a fresh PostgreSQL database (created and dropped here) or a PGlite data directory
// in a temp dir, the real server on it (startServer, random port), an admin, the loyalty program set up
// through the API, and a POS terminal enrolled through the API.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createClient } from '@kulup/contracts';
import type { KulupClient, TProgramSettings } from '@kulup/contracts';
import { createStaff, loadConfig, startServer, systemActor } from '@kulup/server';
import type { RunningServer } from '@kulup/server';
import pg from 'pg';

import { DEMO_TIERS } from '../../packages/server/src/seed/demo-program';
import type { DatabaseKind } from './options';
import type { SeedTier, SqlSession } from './seed';

export type BenchPos = {
  terminalId: string;
  storeId: string;
  /** A fresh 15-minute access token (call before each scenario). */
  token: () => Promise<string>;
};

export type BenchEnvironment = {
  kind: DatabaseKind;
  server: RunningServer;
  url: string;
  /** A SQL session on the database under test, for seeding and checks. */
  sql: SqlSession;
  admin: KulupClient;
  pos: BenchPos;
  program: { settings: TProgramSettings; tiers: SeedTier[]; baseRule: { id: string; name: string }; campaignStart: Date };
  /** `SELECT version()` of the database under test. */
  databaseVersion: string;
  /** Database name (PostgreSQL) or data directory (PGlite). */
  location: string;
  /** The server's KULUP_CARD_MASTER_KEY: NFC_SUN card keys derive from it (the tap scenario's virtual card needs it). */
  cardMasterKey: Buffer;
  close: () => Promise<void>;
};

/** Starts the server on a fresh database of this kind and prepares the program and a POS terminal. */
export async function startEnvironment(kind: DatabaseKind, postgresUrl: string, log: (line: string) => void): Promise<BenchEnvironment> {
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e: unknown) => log(`  cleanup: ${String(e)}`));
    cleanups.length = 0;
  };
  try {
    const filesDir = mkdtempSync(path.join(tmpdir(), 'kulup-bench-files-'));
    cleanups.push(async () => rmSync(filesDir, { recursive: true, force: true }));
    let databaseUrl: string | undefined;
    let dataDir = 'memory://';
    let location: string;
    if (kind === 'postgres') {
      const name = `kulup_bench_${randomBytes(6).toString('hex')}`;
      await adminQuery(postgresUrl, `CREATE DATABASE ${name}`);
      cleanups.push(() => adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      const url = new URL(postgresUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      location = name;
    } else {
      dataDir = mkdtempSync(path.join(tmpdir(), 'kulup-bench-pglite-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      location = dataDir;
    }
    log(`  database: ${location}`);

    const cardMasterKey = randomBytes(16);
    const server = await startServer(
      loadConfig({
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        KULUP_DATA_DIR: dataDir,
        PORT: '0',
        // Request logs would go to this process's stdout; a deployment ships them elsewhere.
        LOG_LEVEL: 'silent',
        KULUP_SEED_DEMO: 'never',
        // No nightly job may land inside a measurement window.
        KULUP_JOBS: 'off',
        KULUP_CARD_MASTER_KEY: cardMasterKey.toString('hex'),
        KULUP_FILES_DIR: filesDir,
      }),
    );
    cleanups.push(() => server.close());

    let sql: SqlSession;
    if (kind === 'postgres') {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      cleanups.push(() => client.end());
      sql = {
        run: async (text) => {
          await client.query(text);
        },
        rows: async <T>(text: string) => (await client.query(text)).rows as T[],
      };
    } else {
      const pglite = server.database.pglite!;
      sql = {
        run: async (text) => {
          await pglite.exec(text);
        },
        rows: async <T>(text: string) => (await pglite.query<T>(text)).rows,
      };
    }
    const [{ version } = { version: '?' }] = await sql.rows<{ version: string }>('SELECT version() AS version');

    const email = 'bench-admin@bench.local';
    const password = randomBytes(12).toString('base64url');
    await createStaff(server.database.prisma, systemActor, { email, name: 'Bench admin', role: 'ADMIN', password });
    const { token: adminToken } = await createClient({ baseUrl: server.url }).call('login', { body: { email, password } });
    const admin = createClient({ baseUrl: server.url, token: () => adminToken });

    const ladder = await admin.call('replaceTiers', {
      body: {
        tiers: DEMO_TIERS.map((t) => ({
          code: t.code,
          name: t.name,
          rank: t.rank,
          minSpend: t.minSpendKurus ?? null,
          minPoints: t.minPoints ?? null,
          multiplier: (t.multiplierBp ?? 10_000) / 10_000,
          benefits: (t.benefits ?? '').split('\n').filter(Boolean),
        })),
      },
    });
    const base = await admin.call('createEarningRule', {
      body: { name: 'Her 1 TL’ye 1 puan', priority: 0, effect: { kind: 'base', pointsPerTry: 1 } },
    });
    // A campaign that starts now: history receipts predate it, the receipts booked during the run earn by it.
    const campaignStart = new Date();
    await admin.call('createEarningRule', {
      body: {
        name: 'Meyve-sebzede 2 kat puan',
        priority: 10,
        effect: { kind: 'multiplier', multiplier: 2, match: { categories: ['Meyve-Sebze'] } },
        validFrom: campaignStart.toISOString(),
      },
    });
    const settings = await admin.call('getProgramSettings', {});

    const store = await admin.call('createStore', { body: { code: 'BENCH-POS', name: 'Kulüp Market Bench', city: 'İstanbul' } });
    const created = await admin.call('createTerminal', { body: { storeId: store.id, kind: 'POS', name: 'Bench kasa' } });
    const publicClient = createClient({ baseUrl: server.url });
    const enrolled = await publicClient.call('enrolTerminal', { body: { code: created.enrolment.code } });
    const pos: BenchPos = {
      terminalId: enrolled.terminalId,
      storeId: store.id,
      token: async () => {
        const call = () => publicClient.call('terminalToken', { body: { terminalId: enrolled.terminalId, secret: enrolled.secret } });
        // PGlite seeding blocks the server's event loop for seconds, so the server may close an idle keep-alive
        // socket just as fetch reuses it ("fetch failed"); that request never reached a handler and is safe to resend.
        return (await call().catch((e: unknown) => (e instanceof TypeError ? call() : Promise.reject(e)))).accessToken;
      },
    };

    return {
      kind,
      server,
      url: server.url,
      sql,
      admin,
      pos,
      program: {
        settings,
        tiers: ladder.tiers.map((t) => ({ code: t.code, rank: t.rank, minSpend: t.minSpend, minPoints: t.minPoints })),
        baseRule: { id: base.id, name: base.name },
        campaignStart,
      },
      databaseVersion: version,
      location,
      cardMasterKey,
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** One statement on the server's admin database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
