import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { z } from 'zod';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const ZEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL; leave it unset for the embedded database')
    .optional(),
  KULUP_DATA_DIR: z.string().default(path.join(projectRoot, '.data', 'pglite')),
  KULUP_MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
  KULUP_SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KULUP_JWT_SECRET: z.string().min(32).optional(),
  KULUP_STAFF_SESSION_HOURS: z.coerce.number().positive().default(8),
  KULUP_TERMINAL_TOKEN_MINUTES: z.coerce.number().positive().default(15),
  KULUP_ENROLMENT_CODE_HOURS: z.coerce.number().positive().default(24),
  KULUP_SECRET_ROTATION_OVERLAP_HOURS: z.coerce.number().min(0).default(24),
  KULUP_MEMBER_SESSION_MINUTES: z.coerce.number().positive().default(5),
  KULUP_LOW_TRUST_CAN_REDEEM: z.enum(['true', 'false']).default('false'),
  KULUP_JOBS: z.enum(['on', 'off']).default('on'),
  KULUP_CARD_MASTER_KEY: z.string().optional(),
  KULUP_CARD_KEY_FILE: z.string().default(path.join(projectRoot, '.data', 'card-master.key')),
  KULUP_FILES_DIR: z.string().default(path.join(projectRoot, '.data', 'files')),
  KULUP_KIOSK_DIR: z.string().default(path.join(projectRoot, 'kiosk', 'dist')),
  KULUP_CONSOLE_DIR: z.string().default(path.join(projectRoot, 'packages', 'console', 'dist')),
});

export type Config = {
  databaseUrl: string | undefined;
  dataDir: string;
  migrateOnStart: boolean;
  seedDemo: boolean;
  host: string;
  port: number;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  jwtSecret: string | undefined;
  staffSessionHours: number;
  terminalTokenMinutes: number;
  enrolmentCodeHours: number;
  secretRotationOverlapHours: number;
  memberSessionMinutes: number;
  lowTrustCanRedeem: boolean;
  /** Run the in-process job scheduler (holds, webhooks, nightly expiry and tiers); `KULUP_JOBS=off` for a web-only replica. */
  jobs: boolean;
  cardMasterKeyHex: string | undefined;
  cardKeyFile: string;
  /** Uploaded media (bulletin images and videos), one file per asset id. */
  filesDir: string;
  /** The built kiosk PWA served at /kiosk/ (default kiosk/dist; a deployment may serve another build). */
  kioskDir: string;
  /** The built staff console served at /console/ (default packages/console/dist). */
  consoleDir: string;
};

/** Reads configuration from the environment, failing with every invalid variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.KULUP_DATA_DIR.startsWith('memory://') ? e.KULUP_DATA_DIR : path.resolve(e.KULUP_DATA_DIR),
    migrateOnStart: e.KULUP_MIGRATE_ON_START === 'true',
    seedDemo: e.KULUP_SEED_DEMO === 'auto',
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    jwtSecret: e.KULUP_JWT_SECRET,
    staffSessionHours: e.KULUP_STAFF_SESSION_HOURS,
    terminalTokenMinutes: e.KULUP_TERMINAL_TOKEN_MINUTES,
    enrolmentCodeHours: e.KULUP_ENROLMENT_CODE_HOURS,
    secretRotationOverlapHours: e.KULUP_SECRET_ROTATION_OVERLAP_HOURS,
    memberSessionMinutes: e.KULUP_MEMBER_SESSION_MINUTES,
    lowTrustCanRedeem: e.KULUP_LOW_TRUST_CAN_REDEEM === 'true',
    jobs: e.KULUP_JOBS === 'on',
    cardMasterKeyHex: e.KULUP_CARD_MASTER_KEY,
    cardKeyFile: path.resolve(e.KULUP_CARD_KEY_FILE),
    filesDir: path.resolve(e.KULUP_FILES_DIR),
    kioskDir: path.resolve(e.KULUP_KIOSK_DIR),
    consoleDir: path.resolve(e.KULUP_CONSOLE_DIR),
  };
}
