// Where the CPU went during a measurement: this Node process (server + load worker), the PostgreSQL backends
// of the benchmark database, the rest of PostgreSQL (WAL writer, checkpointer, other databases) and everything
// else on the machine. Tells a server-bound run from a database-bound one, and shows when other work on the
// machine skewed a run. Linux /proc only; elsewhere only the Node figure is given.

import { readFileSync, readdirSync } from 'node:fs';

type PostgresProcess = { ticks: number; bench: boolean };

export type CpuSnapshot = {
  at: number;
  machine: { busy: number; total: number } | undefined;
  process: NodeJS.CpuUsage;
  postgres: Map<string, PostgresProcess> | undefined;
};

/** Average cores busy over the window (e.g. 1.6 of 2). */
export type CpuUsage = {
  machine?: number;
  nodeProcess: number;
  /** Backends connected to the benchmark database. */
  postgresBench?: number;
  /** Other PostgreSQL processes: WAL writer, checkpointer, backends of other databases. */
  postgresOther?: number;
  /** Everything else on the machine. */
  other?: number;
};

// USER_HZ is 100 on every mainstream Linux build.
const TICK_MS = 10;

function machineTicks(): CpuSnapshot['machine'] {
  try {
    const v = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - (v[3] ?? 0) - (v[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

function postgresProcesses(database: string | undefined): CpuSnapshot['postgres'] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  const out = new Map<string, PostgresProcess>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // A backend's title is "postgres: <cluster>: <user> <database> <client> <state>".
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.set(pid, { ticks: Number(fields[11]) + Number(fields[12]), bench: database !== undefined && title.includes(` ${database} `) });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export function cpuSnapshot(database?: string): CpuSnapshot {
  return { at: performance.now(), machine: machineTicks(), process: process.cpuUsage(), postgres: postgresProcesses(database) };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Cores used between two snapshots. Processes that ended in between are missed (an undercount). */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, cores: number): CpuUsage {
  const wallMs = b.at - a.at;
  const nodeMs = (b.process.user - a.process.user + b.process.system - a.process.system) / 1000;
  const out: CpuUsage = { nodeProcess: round(nodeMs / wallMs) };
  if (a.postgres && b.postgres) {
    let bench = 0;
    let other = 0;
    for (const [pid, now] of b.postgres) {
      // A process new since the first snapshot started inside the window: all of its time counts.
      const ticks = now.ticks - (a.postgres.get(pid)?.ticks ?? 0);
      if (now.bench) bench += ticks;
      else other += ticks;
    }
    out.postgresBench = round((bench * TICK_MS) / wallMs);
    out.postgresOther = round((other * TICK_MS) / wallMs);
  }
  if (a.machine && b.machine && b.machine.total > a.machine.total) {
    out.machine = round(((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * cores);
    out.other = round(Math.max(0, out.machine - out.nodeProcess - (out.postgresBench ?? 0) - (out.postgresOther ?? 0)));
  }
  return out;
}
