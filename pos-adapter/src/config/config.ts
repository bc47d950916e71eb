import { readFileSync } from 'node:fs';
import { z } from 'zod';

// One JSON file plus environment overrides (env wins), so a systemd unit can pin a value without editing the file.

const ZPositiveMs = z.coerce.number().int().min(1).max(600_000);

export const ZAdapterConfig = z.strictObject({
  /** Base URL of the Kulüp server, e.g. https://kulup.example.com */
  serverUrl: z.url(),
  /** Where `enrol` stores { terminalId, secret } (mode 0600). */
  credentialsFile: z.string().min(1).default('/var/lib/kulup-pos-adapter/credentials.json'),
  /** The durable offline journal (SQLite). */
  journalFile: z.string().min(1).default('/var/lib/kulup-pos-adapter/journal.sqlite'),
  /** Local API port; the API always binds to 127.0.0.1. 0 picks a free port (tests). */
  port: z.coerce.number().int().min(0).max(65535).default(7878),
  /** Only readers whose PC/SC name contains this text are used; empty = all readers. */
  readerFilter: z.string().default(''),
  /** Set false to run without a PC/SC reader (typed card numbers only). */
  readerEnabled: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .default(true),
  requestTimeoutMs: ZPositiveMs.default(2000),
  tapTimeoutMs: ZPositiveMs.default(1500),
  /** Replay backoff: first delay, doubling with jitter up to the maximum. */
  backoffInitialMs: ZPositiveMs.default(500),
  backoffMaxMs: ZPositiveMs.default(30_000),
  /** Booked journal items older than this are deleted at start; failed and pending items are never deleted. */
  journalRetentionDays: z.coerce.number().int().min(1).max(3650).default(30),
  /** How often the replayer looks at the queue even without a trigger. */
  replayIntervalMs: ZPositiveMs.default(5000),
});
export type AdapterConfig = z.output<typeof ZAdapterConfig>;

const ENV_KEYS: Record<string, keyof AdapterConfig> = {
  KULUP_SERVER_URL: 'serverUrl',
  KULUP_ADAPTER_CREDENTIALS: 'credentialsFile',
  KULUP_ADAPTER_JOURNAL: 'journalFile',
  KULUP_ADAPTER_PORT: 'port',
  KULUP_ADAPTER_READER_FILTER: 'readerFilter',
  KULUP_ADAPTER_READER: 'readerEnabled',
  KULUP_ADAPTER_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
  KULUP_ADAPTER_TAP_TIMEOUT_MS: 'tapTimeoutMs',
  KULUP_ADAPTER_BACKOFF_INITIAL_MS: 'backoffInitialMs',
  KULUP_ADAPTER_BACKOFF_MAX_MS: 'backoffMaxMs',
  KULUP_ADAPTER_REPLAY_INTERVAL_MS: 'replayIntervalMs',
  KULUP_ADAPTER_JOURNAL_RETENTION_DAYS: 'journalRetentionDays',
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the config file named by KULUP_ADAPTER_CONFIG (if any), applies env overrides, validates everything. */
export function loadAdapterConfig(env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  let fromFile: Record<string, unknown> = {};
  const file = env.KULUP_ADAPTER_CONFIG;
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
    }
  }
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = ZAdapterConfig.safeParse(merged);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid POS adapter configuration: ${details}`);
  }
  return parsed.data;
}
