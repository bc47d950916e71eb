import { mkdir, readdir } from 'node:fs/promises';

import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { PrismaClient } from '../generated/prisma/client';
import { lockDataDir } from './data-dir-lock';
import type { DataDirLock } from './data-dir-lock';
import { applyMigrations } from './migrate';

export type Db = PrismaClient;
export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  kind: DatabaseKind;
  prisma: PrismaClient;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The PGlite instance, for backup; undefined on PostgreSQL. */
  pglite: PGlite | undefined;
  close: () => Promise<void>;
};

export type OpenDatabaseOptions = {
  /** postgresql:// URL; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  migrate?: boolean;
  migrationsDir?: string;
};

async function openPglite(dataDir: string): Promise<{ pglite: PGlite; lock: DataDirLock | undefined }> {
  if (dataDir.startsWith('memory://')) return { pglite: await PGlite.create(dataDir), lock: undefined };
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  const existing = (await readdir(dataDir)).length > 0;
  try {
    const pglite = await PGlite.create(dataDir);
    await pglite.query('select 1');
    return { pglite, lock };
  } catch (error) {
    await lock.release();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      existing
        ? `The embedded database in ${dataDir} could not be opened (${reason}). It may have been damaged by a ` +
            `crash. Restore a backup with \`pnpm kulup restore <file>\`, or move the directory away to start empty.`
        : `Could not create the embedded database in ${dataDir}: ${reason}`,
    );
  }
}

/**
 * Applies migrations over one dedicated connection, closed afterwards: the schema engine takes a session
 * advisory lock, which must be released on the connection that took it (with a pool it may not be, and the
 * next migrator then waits for the lock timeout).
 */
export async function migratePostgres(url: string, migrationsDir?: string): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await applyMigrations({ adapterFactory: wholeScriptAdapter(new PrismaPg(pool), pool), migrationsDir });
  } finally {
    await pool.end();
  }
}

/**
 * adapter-pg's executeScript splits a script on every `;`, which breaks semicolons inside comments and
 * function bodies. PostgreSQL's simple query protocol runs a whole multi-statement script itself (as the
 * native schema engine sends it), so migrations are sent in one piece.
 */
export function wholeScriptAdapter(factory: PrismaPg, pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connectToShadowDb: () => factory.connectToShadowDb(),
    connect: async () => {
      const adapter = await factory.connect();
      const mapError = (adapter as unknown as { onError: (e: unknown) => never }).onError.bind(adapter);
      adapter.executeScript = async (script: string) => {
        await pool.query(script).catch(mapError);
      };
      return adapter;
    },
  };
}

/** Opens the embedded PGlite database or PostgreSQL, applies pending migrations when asked, and returns one Prisma client. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) {
    if (options.migrate) await migratePostgres(options.url, options.migrationsDir);
    const adapterFactory = new PrismaPg({ connectionString: options.url, max: 20 });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return { kind: 'postgres', prisma, adapterFactory, pglite: undefined, close: () => prisma.$disconnect() };
  }
  const { pglite, lock } = await openPglite(options.dataDir ?? 'memory://');
  const adapterFactory = new PrismaPGlite(pglite);
  try {
    if (options.migrate) await applyMigrations({ adapterFactory, migrationsDir: options.migrationsDir });
  } catch (error) {
    await pglite.close();
    await lock?.release();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: 'pglite',
    prisma,
    adapterFactory,
    pglite,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      await lock?.release();
    },
  };
}
