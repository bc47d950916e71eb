// What the figures were measured on: they only compare within one run and one machine.

import os from 'node:os';

import pg from 'pg';

export type MachineInfo = {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverage1m: number;
  postgres?: { version: string; settings: Record<string, string> };
};

const SETTINGS = ['shared_buffers', 'synchronous_commit', 'fsync', 'max_connections', 'work_mem'];

export async function machineInfo(postgresUrl: string | undefined): Promise<MachineInfo> {
  const info: MachineInfo = {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
  if (postgresUrl) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const version = (await client.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? '?';
      const rows = (
        await client.query<{ name: string; setting: string; unit: string | null }>(
          'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
          [SETTINGS],
        )
      ).rows;
      const settings = Object.fromEntries(rows.map((r) => [r.name, r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024} MB` : `${r.setting}${r.unit ?? ''}`]));
      info.postgres = { version, settings };
    } finally {
      await client.end();
    }
  }
  return info;
}
