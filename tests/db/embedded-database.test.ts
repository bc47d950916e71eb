import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { killGroup, runCli, startCli } from '../support/cli';
import type { RunningCli } from '../support/cli';

// PGlite-only safeguards (DESIGN.md §3): lock, clean shutdown, open check, backup and restore.
// Each test runs the CLI two or three times, and every start opens PGlite and applies the migrations.
const CLI_TEST_MS = 120_000;
describe('embedded PGlite database safeguards', () => {
  let work: string;
  const started: RunningCli[] = [];
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'kulup-embedded-'));
  });
  afterAll(async () => {
    for (const s of started) killGroup(s.child);
    await rm(work, { recursive: true, force: true });
  });
  const start = async (env: Record<string, string>) => {
    const s = await startCli(env);
    started.push(s);
    return s;
  };

  const envFor = (dir: string) => ({ KULUP_DATA_DIR: dir, KULUP_SEED_DEMO: 'never', LOG_LEVEL: 'info' });

  it('locks the data directory, shuts down cleanly on SIGTERM and keeps the data', async () => {
    const dir = path.join(work, 'main');
    const first = await start(envFor(dir));
    expect(existsSync(`${dir}.lock`)).toBe(true);
    const health = await fetch(`${first.url}/health`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', database: 'pglite' });

    const second = await runCli(['start'], { ...envFor(dir), PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/is in use by process \d+\. Stop that process first/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('shutting down');
    expect(existsSync(`${dir}.lock`)).toBe(false);

    // Reopens with its migrations applied and nothing pending.
    const migrate = await runCli(['migrate'], envFor(dir));
    expect(migrate.stdout).toContain('No pending migrations.');
  }, CLI_TEST_MS);

  it('takes over a lock left by a dead process', async () => {
    const dir = path.join(work, 'stale');
    await writeFile(`${dir}.lock`, '999999');
    const server = await start(envFor(dir));
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  }, CLI_TEST_MS);

  it('backs up and restores, and refuses to restore over an existing database', async () => {
    const dir = path.join(work, 'main');
    const file = path.join(work, 'backup.tar.gz');
    const backup = await runCli(['backup', file], envFor(dir));
    expect(backup.code, backup.stderr).toBe(0);

    const restored = path.join(work, 'restored');
    const restore = await runCli(['restore', file], envFor(restored));
    expect(restore.code, restore.stderr).toBe(0);
    const migrate = await runCli(['migrate'], envFor(restored));
    expect(migrate.stdout).toContain('No pending migrations.');

    const over = await runCli(['restore', file], envFor(dir));
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('is not empty');
  }, CLI_TEST_MS);

  it('explains what to do when the data directory cannot be opened', async () => {
    const dir = path.join(work, 'broken');
    await mkdir(path.join(dir, 'base'), { recursive: true });
    await writeFile(path.join(dir, 'PG_VERSION'), 'garbage\n');
    await writeFile(path.join(dir, 'base', 'junk'), 'not a database');
    const result = await runCli(['start'], { ...envFor(dir), PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not be opened');
    expect(result.stderr).toContain('kulup restore');
    expect(existsSync(`${dir}.lock`)).toBe(false);
    expect(await readdir(dir)).toContain('PG_VERSION');
  }, CLI_TEST_MS);
});
