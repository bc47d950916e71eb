import { randomUUID } from 'node:crypto';

import pg from 'pg';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The databases every database test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
 * In CI a missing TEST_DATABASE_URL is an error, never a silent skip.
 */
export function testDatabases(): DatabaseKind[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half of the suite cannot be skipped in CI.');
  }
  return url ? ['pglite', 'postgres'] : ['pglite'];
}

export type TestDatabase = { url: string | undefined; drop: () => Promise<void> };

/** A fresh, empty database: in-memory PGlite, or a new database on the TEST_DATABASE_URL server. */
export async function freshDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') return { url: undefined, drop: async () => {} };
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const name = `kulup_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
