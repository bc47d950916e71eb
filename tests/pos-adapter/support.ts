import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createClient } from '@kulup/contracts';
import type { KulupClient } from '@kulup/contracts';
import { createStaff, loadConfig, startServer, systemActor } from '@kulup/server';
import type { RunningServer } from '@kulup/server';

import { freshDatabase } from '../support/databases';
import type { DatabaseKind, TestDatabase } from '../support/databases';
import { TEST_CARD_MASTER_KEY } from '../support/test-server';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'pos-adapter/src/main.ts');

/** A port nobody listens on right now, so a server can be stopped and started again at the same address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A Kulüp server that can be stopped and started again on the same database and port: a PGlite data directory
 * on disk, or a fresh PostgreSQL database.
 */
export type RestartableServer = {
  url: string;
  running: () => RunningServer;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  dispose: () => Promise<void>;
};

export async function restartableServer(kind: DatabaseKind): Promise<RestartableServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kulup-pos-pglite-'));
  const filesDir = mkdtempSync(path.join(tmpdir(), 'kulup-pos-files-'));
  const database: TestDatabase | null = kind === 'postgres' ? await freshDatabase('postgres') : null;
  let current: RunningServer | null = null;
  const config = () =>
    loadConfig({
      KULUP_DATA_DIR: dataDir,
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      KULUP_SEED_DEMO: 'never',
      KULUP_JOBS: 'off',
      KULUP_CARD_MASTER_KEY: TEST_CARD_MASTER_KEY.toString('hex'),
      KULUP_FILES_DIR: filesDir,
    });
  const self: RestartableServer = {
    url: `http://127.0.0.1:${port}`,
    running: () => {
      if (!current) throw new Error('server is stopped');
      return current;
    },
    start: async () => {
      if (current) return;
      current = await startServer(config());
    },
    stop: async () => {
      const stopping = current;
      current = null;
      await stopping?.close();
    },
    dispose: async () => {
      await self.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
  await self.start();
  return self;
}

let counter = 0;

/** Admin client, a store with a POS terminal (not yet enrolled), a base earning rule and a member with a printed card. */
export async function posWorld(baseUrl: string, prisma: RunningServer['database']['prisma']) {
  const email = `pos-admin-${process.pid}-${++counter}@test.local`;
  await createStaff(prisma, systemActor, { email, name: 'Root', role: 'ADMIN', password: 'root-password-123' });
  const { token } = await createClient({ baseUrl }).call('login', { body: { email, password: 'root-password-123' } });
  const admin: KulupClient = createClient({ baseUrl, token: () => token });
  const store = await admin.call('createStore', { body: { code: `P-${counter}`, name: `Store ${counter}`, city: 'İzmir' } });
  const terminal = await admin.call('createTerminal', { body: { storeId: store.id, kind: 'POS', name: `Till ${counter}` } });
  await admin.call('createEarningRule', { body: { name: 'Base', priority: 10, effect: { kind: 'base', pointsPerTry: 1 } } });
  const member = await admin.call('createMember', { body: { firstName: 'Elif', lastName: 'Kaya' } });
  const card = await admin.call('issueCard', { params: { memberId: member.id }, body: { kind: 'PRINTED' } });
  return { admin, storeId: store.id, terminalId: terminal.terminal.id, enrolmentCode: terminal.enrolment.code, memberId: member.id, cardNumber: card.number };
}

/** A basket of grocery lines that adds up, paid by card. */
export function basket(externalRef: string, unitPrices: number[] = [12_50, 7_25]) {
  const lines = unitPrices.map((unitPrice, i) => ({ lineNo: i + 1, sku: `SKU-${i + 1}`, category: 'grocery', quantity: 1, unitPrice }));
  const total = unitPrices.reduce((a, b) => a + b, 0);
  return { externalRef, occurredAt: new Date().toISOString(), lines, total, payments: [{ method: 'card', amount: total }] };
}

export type AdapterProcess = { url: string; child: ChildProcess; output: () => string; kill: (signal: NodeJS.Signals) => Promise<void> };

/** Runs `node --import tsx pos-adapter/src/main.ts <args>` with the given environment. */
export function runAdapterCommand(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the enrol command to completion; throws with its output if it fails. */
export async function enrolAdapter(env: Record<string, string>, code: string): Promise<void> {
  const child = runAdapterCommand(['enrol', code], env);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exit = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (exit !== 0) throw new Error(`enrol exited ${exit}: ${output}`);
}

/** Starts the daemon as a child process and waits until its local API listens. */
export async function startAdapter(env: Record<string, string>): Promise<AdapterProcess> {
  const child = runAdapterCommand(['run'], env);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`adapter did not start: ${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"msg":"POS adapter listening","url":"([^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`adapter exited ${code} before listening: ${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

/** JSON over fetch against the local API. */
export async function local(base: string, method: string, route: string, body?: unknown, raw?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL(route, base), {
    method,
    headers: body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {},
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Polls until check() returns a truthy value. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
