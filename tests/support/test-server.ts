import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createClient } from '@kulup/contracts';
import type { KulupClient, TStaffRole } from '@kulup/contracts';
import { createStaff, loadConfig, startServer, systemActor } from '@kulup/server';
import type { RunningServer } from '@kulup/server';

import { freshDatabase } from './databases';
import type { DatabaseKind } from './databases';

export type TestServer = RunningServer & {
  kind: DatabaseKind;
  /** The throwaway KULUP_FILES_DIR of this server (uploaded media). */
  filesDir: string;
  /** A client sending the given bearer token. */
  client: (token?: string) => KulupClient;
  /** Creates a staff user of this role and returns a logged-in client and token. */
  staff: (role: TStaffRole) => Promise<{ client: KulupClient; token: string; id: string }>;
  /** Creates a store and an enrolled terminal; returns its access token. */
  terminal: (kind: 'POS' | 'KIOSK') => Promise<{ client: KulupClient; token: string; terminalId: string; storeId: string; secret: string }>;
  /** Raw fetch against the server, for malformed requests the typed client cannot send. */
  raw: (path: string, init?: RequestInit & { token?: string }) => Promise<{ status: number; body: any }>;
};

let counter = 0;

/** The card master key test servers use, so tests can build real SUN messages for their cards. */
export const TEST_CARD_MASTER_KEY = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');

/** Starts a real server on a fresh database of the given kind (no demo data), listening on a random port. */
export async function startTestServer(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestServer> {
  const database = await freshDatabase(kind);
  // Uploaded media go to a throwaway directory, never into the repository's .data.
  const filesDir = mkdtempSync(path.join(tmpdir(), 'kulup-files-'));
  const config = loadConfig({
    KULUP_DATA_DIR: 'memory://',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    PORT: '0',
    LOG_LEVEL: 'silent',
    KULUP_SEED_DEMO: 'never',
    // Tests run jobs explicitly (runJob / the services); a background scheduler would race them.
    KULUP_JOBS: 'off',
    KULUP_CARD_MASTER_KEY: TEST_CARD_MASTER_KEY.toString('hex'),
    KULUP_FILES_DIR: filesDir,
    ...env,
  });
  const running = await startServer(config);
  const client = (token?: string) => createClient({ baseUrl: running.url, token: () => token });
  const admin = await (async () => {
    const email = `root${++counter}@test.local`;
    await createStaff(running.database.prisma, systemActor, { email, name: 'Root', role: 'ADMIN', password: 'root-password-123' });
    return (await client().call('login', { body: { email, password: 'root-password-123' } })).token;
  })();

  const server: TestServer = {
    ...running,
    kind,
    filesDir,
    client,
    close: async () => {
      await running.close();
      await database.drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
    staff: async (role) => {
      const email = `${role.toLowerCase()}${++counter}@test.local`;
      const password = 'correct horse battery';
      const user = await client(admin).call('createStaff', { body: { email, name: `Test ${role}`, role, password } });
      const { token } = await client().call('login', { body: { email, password } });
      return { client: client(token), token, id: user.id };
    },
    terminal: async (kind) => {
      const n = ++counter;
      const store = await client(admin).call('createStore', { body: { code: `S-${n}`, name: `Store ${n}`, city: 'İstanbul' } });
      const created = await client(admin).call('createTerminal', { body: { storeId: store.id, kind, name: `${kind} ${n}` } });
      const enrolled = await client().call('enrolTerminal', { body: { code: created.enrolment.code } });
      const { accessToken } = await client().call('terminalToken', { body: { terminalId: enrolled.terminalId, secret: enrolled.secret } });
      return { client: client(accessToken), token: accessToken, terminalId: enrolled.terminalId, storeId: store.id, secret: enrolled.secret };
    },
    raw: async (path, init = {}) => {
      const { token, headers, ...rest } = init;
      const response = await fetch(new URL(path, running.url), {
        ...rest,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(headers as Record<string, string>) },
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // non-JSON bodies (metrics, docs) stay text
      }
      return { status: response.status, body };
    },
  };
  return server;
}
