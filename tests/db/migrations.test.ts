import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { applyMigrations, createMigration, wholeScriptAdapter } from '@kulup/server';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freshDatabase, testDatabases } from '../support/databases';
import type { TestDatabase } from '../support/databases';

const serverDir = path.resolve(import.meta.dirname, '../../packages/server');

type Sql = { query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>; close: () => Promise<void> };

describe.each(testDatabases())('migrations on %s', (kind) => {
  let work: string;
  let database: TestDatabase;
  let factory: SqlMigrationAwareDriverAdapterFactory;
  let sql: Sql;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'kulup-migrations-'));
    await cp(path.join(serverDir, 'prisma'), work, { recursive: true });
    database = await freshDatabase(kind);
    if (database.url) {
      // One connection, as the server migrates (the engine's advisory lock is per session).
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      factory = wholeScriptAdapter(new PrismaPg(pool), pool);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      sql = { query: (q) => client.query(q), close: async () => { await client.end(); await pool.end(); } };
    } else {
      const pglite = await PGlite.create();
      factory = new PrismaPGlite(pglite);
      sql = { query: (q) => pglite.query(q), close: () => pglite.close() };
    }
  });
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('has migrations that match the schema exactly', async () => {
    const name = await createMigration({ name: 'drift_check', migrationsDir: path.join(work, 'migrations'), schemaPath: path.join(work, 'schema.prisma') });
    expect(name).toBeNull();
  });

  it('applies a second migration on top of existing data', async () => {
    const migrationsDir = path.join(work, 'migrations');
    const first = await applyMigrations({ adapterFactory: factory, migrationsDir });
    expect(first.length).toBeGreaterThan(0);
    await sql.query(`insert into store (id, code, name, city) values ('0193f3c2-0000-7000-8000-000000000001', 'IST-1', 'Kadıköy', 'İstanbul')`);
    await sql.query(`insert into member (id, first_name, last_name, phone, points_balance, updated_at) values ('0193f3c2-0000-7000-8000-000000000002', 'Ayşe', 'Kaya', '+905321112233', 750, now())`);

    const schemaPath = path.join(work, 'schema.prisma');
    const schema = await readFile(schemaPath, 'utf8');
    await writeFile(
      schemaPath,
      schema.replace('  isStaff        Boolean', '  nickname       String?\n  isStaff        Boolean') +
        '\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  text String\n\n  @@map("note")\n}\n',
    );
    const second = await createMigration({ name: 'add_nickname', migrationsDir, schemaPath });
    expect(second).toMatch(/^\d{14}_add_nickname$/);
    const script = await readFile(path.join(migrationsDir, second!, 'migration.sql'), 'utf8');
    expect(script).toContain('ADD COLUMN     "nickname" TEXT');

    expect(await applyMigrations({ adapterFactory: factory, migrationsDir })).toEqual([second]);
    expect(await applyMigrations({ adapterFactory: factory, migrationsDir })).toEqual([]);

    const member = await sql.query(`select first_name, points_balance, nickname from member`);
    expect(member.rows).toEqual([{ first_name: 'Ayşe', points_balance: 750, nickname: null }]);
    expect((await sql.query(`select count(*)::int as n from store`)).rows[0]!.n).toBe(1);
    const recorded = await sql.query(`select migration_name from _prisma_migrations where finished_at is not null order by migration_name`);
    expect(recorded.rows.map((r) => r.migration_name)).toEqual([...first, second]);
    expect((await readdir(migrationsDir)).filter((d) => d !== 'migration_lock.toml')).toHaveLength(first.length + 1);
  });
});
