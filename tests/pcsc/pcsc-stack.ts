import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isPcscdReachable, type CardReaderEvent } from '@kulup/pos-adapter';

// The real PC/SC stack for tests: Debian pcscd with the vsmartcard vpcd driver. Missing packages are an error,
// never a skip: a green run must mean the reader code was exercised.

const INSTALL_HINT = 'install them with: apt-get install -y pcscd vsmartcard-vpcd libpcsclite-dev';
const VPCD_DRIVER_PATHS = ['/usr/lib/pcsc/drivers/serial/libifdvpcd.so'];
const READER_CONF_DIR = '/etc/reader.conf.d';

/** PC/SC name of the reader whose virtual card connects on vpcd port 35963. */
export const VPCD_READER = 'Virtual PCD 00 00';

function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

function vpcdConfigured(): boolean {
  if (!VPCD_DRIVER_PATHS.some((path) => existsSync(path))) return false;
  if (!existsSync(READER_CONF_DIR)) return false;
  return readdirSync(READER_CONF_DIR).some((file) => /libifdvpcd/.test(readFileSync(join(READER_CONF_DIR, file), 'utf8')));
}

/** pids of running pcscd processes. */
export function pcscdPids(): number[] {
  try {
    return execFileSync('pidof', ['pcscd'], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// pcscd is one per machine (its socket and pid file paths are compiled in), and several test files use it at once
// (tests/pcsc on "Virtual PCD 00 00", tests/pos-adapter on "00 01"). Coordination, across vitest's worker
// processes, through two files: a lease per process that uses pcscd, and a lock held while pcscd is restarted.
const COORDINATION_DIR = join(tmpdir(), 'kulup-pcscd');
const LEASE_DIR = join(COORDINATION_DIR, 'leases');
const RESTART_LOCK = join(COORDINATION_DIR, 'restart.lock');

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function leaseFile(pid: number): string {
  return join(LEASE_DIR, String(pid));
}

/** Marks this process as using pcscd until it exits or calls `releasePcscd()`; restarts wait for other leases. */
function takeLease(): void {
  mkdirSync(LEASE_DIR, { recursive: true });
  writeFileSync(leaseFile(process.pid), `${Date.now()}\n`);
  process.once('exit', releasePcscd);
}

/** Gives up this process's lease (see `ensurePcscd`); optional, the lease also ends with the process. */
export function releasePcscd(): void {
  rmSync(leaseFile(process.pid), { force: true });
}

function otherLeaseHolders(): number[] {
  if (!existsSync(LEASE_DIR)) return [];
  const pids = readdirSync(LEASE_DIR).map(Number).filter((pid) => Number.isInteger(pid) && pid !== process.pid);
  return pids.filter((pid) => {
    if (processAlive(pid)) return true;
    rmSync(leaseFile(pid), { force: true });
    return false;
  });
}

function restartLockHolder(): number | null {
  try {
    const pid = Number(readFileSync(RESTART_LOCK, 'utf8'));
    if (Number.isInteger(pid) && processAlive(pid)) return pid;
    rmSync(RESTART_LOCK, { force: true });
  } catch {
    // no lock
  }
  return null;
}

function tryRestartLock(): boolean {
  mkdirSync(COORDINATION_DIR, { recursive: true });
  try {
    writeFileSync(RESTART_LOCK, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    restartLockHolder(); // clears a stale lock for the next attempt
    return false;
  }
}

/** Starts pcscd (it daemonizes itself) and waits until it accepts clients; a pcscd started meanwhile is fine. */
export async function startPcscd(): Promise<void> {
  const pcscd = findExecutable('pcscd');
  if (!pcscd) throw new Error(`pcscd is not installed; ${INSTALL_HINT}`);
  // Own session: a Ctrl-C or timeout aimed at the test run's process group must not take pcscd down mid-test.
  const child = spawn(pcscd, [], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0 && pcscdPids().length === 0) throw new Error(`pcscd failed to start (exit ${code}): ${stderr.trim()}`);
  await waitUntil(() => isPcscdReachable(), 10_000, 'pcscd to accept clients');
}

/** Stops every running pcscd with SIGTERM and waits for it to exit. Prefer `restartPcscd`. */
export async function stopPcscd(): Promise<void> {
  for (const pid of pcscdPids()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await waitUntil(() => pcscdPids().length === 0, 10_000, 'pcscd to exit');
}

/**
 * Stops pcscd, runs `whileDown` (e.g. assert the readers went away), then starts it again; waits first until no
 * other test process holds a lease, so a restart never pulls readers from under another suite's taps.
 */
export async function restartPcscd(whileDown: () => Promise<void> = async () => {}, waitForOthersMs = 90_000): Promise<void> {
  await waitUntil(
    () => otherLeaseHolders().length === 0 && tryRestartLock(),
    waitForOthersMs,
    `other test processes to release pcscd (leases: ${COORDINATION_DIR})`,
  );
  try {
    await stopPcscd();
    await whileDown();
  } finally {
    try {
      await startPcscd();
    } finally {
      rmSync(RESTART_LOCK, { force: true });
    }
  }
}

/**
 * Makes sure pcscd with the vpcd driver is running and takes a lease on it for this process; throws with an install
 * hint if the packages are missing. pcscd is left running afterwards: other suites may be using it.
 */
export async function ensurePcscd(): Promise<{ startedHere: boolean }> {
  if (!findExecutable('pcscd')) throw new Error(`pcscd is not installed; ${INSTALL_HINT}`);
  if (!vpcdConfigured()) throw new Error(`the vsmartcard vpcd driver is not installed or not configured; ${INSTALL_HINT}`);
  // A restart by another suite is over within seconds; do not race it by starting a second pcscd.
  await waitUntil(() => restartLockHolder() === null, 30_000, 'another test process to finish restarting pcscd');
  takeLease();
  if (pcscdPids().length > 0) {
    await waitUntil(() => isPcscdReachable(), 10_000, 'the running pcscd to accept clients');
    return { startedHere: false };
  }
  await startPcscd();
  return { startedHere: true };
}

type Waiter = { predicate: (event: CardReaderEvent) => boolean; resolve: (event: CardReaderEvent) => void };

/**
 * Records card-reader events and lets a test await the next one matching a predicate. Events are consumed in
 * order: `next` only looks at events after the last one it returned (or after `mark()`).
 */
export class EventLog {
  readonly all: CardReaderEvent[] = [];
  private cursor = 0;
  private waiters: Waiter[] = [];

  readonly push = (event: CardReaderEvent): void => {
    this.all.push(event);
    for (const waiter of [...this.waiters]) {
      if (this.all.length - 1 >= this.cursor && waiter.predicate(event)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        this.cursor = this.all.length;
        waiter.resolve(event);
      }
    }
  };

  /** Forgets everything recorded so far for the purpose of `next`; returns the position for `since`. */
  mark(): number {
    this.cursor = this.all.length;
    return this.cursor;
  }

  /** Everything recorded from a `mark()` position on, whether `next` consumed it or not. */
  since(position: number): CardReaderEvent[] {
    return this.all.slice(position);
  }

  /** Events recorded since the last `mark()`/`next()`. */
  pending(): CardReaderEvent[] {
    return this.all.slice(this.cursor);
  }

  next<K extends CardReaderEvent['kind']>(
    kinds: K | readonly K[],
    options: { timeoutMs?: number; where?: (event: Extract<CardReaderEvent, { kind: K }>) => boolean } = {},
  ): Promise<Extract<CardReaderEvent, { kind: K }>> {
    const wanted: readonly string[] = Array.isArray(kinds) ? kinds : [kinds];
    const predicate = (event: CardReaderEvent) =>
      wanted.includes(event.kind) && (options.where?.(event as Extract<CardReaderEvent, { kind: K }>) ?? true);
    const index = this.all.findIndex((event, i) => i >= this.cursor && predicate(event));
    if (index !== -1) {
      this.cursor = index + 1;
      return Promise.resolve(this.all[index] as Extract<CardReaderEvent, { kind: K }>);
    }
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${wanted.join('/')} event within ${timeoutMs} ms; since last: ${JSON.stringify(this.pending())}`));
      }, timeoutMs);
      const waiter: Waiter = {
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event as Extract<CardReaderEvent, { kind: K }>);
        },
      };
      this.waiters.push(waiter);
    });
  }
}
