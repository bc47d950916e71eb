import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from 'pino';

import { createApp } from './app';
import type { Config } from './config';
import { openDatabase } from './db/database';
import type { Database } from './db/database';
import { loadCardMasterKey } from './lib/card-master-key';
import { loadSigningKey } from './lib/signing-key';
import { createTokens } from './lib/tokens';
import { createLogger } from './logger';
import { formatCredentials } from './seed/print-credentials';
import { seedAllDemo } from './seed/seed-all-demo';
import { JOBS } from './services/jobs/job-definitions';
import { createJobRunner } from './services/jobs/job-runner';

export type RunningServer = { url: string; database: Database; server: Server; close: () => Promise<void> };

/** Opens the database (migrating it when configured), seeds demo data into an empty embedded one, and listens. */
export async function startServer(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, migrate: config.migrateOnStart });
  try {
    if (config.seedDemo && database.kind === 'pglite') {
      const credentials = await seedAllDemo(database.prisma, config);
      if (credentials) process.stdout.write(`${formatCredentials(credentials)}\n`);
    }
    const tokens = createTokens(await loadSigningKey(database.prisma, config.jwtSecret));
    const cardMasterKey = await loadCardMasterKey({ envKey: config.cardMasterKeyHex, keyFile: config.cardKeyFile });
    const app = createApp({ config, database, tokens, logger, cardMasterKey });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s)).on('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host}:${port}`;
    logger.info({ url, database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined }, 'Kulüp server listening');
    const jobs = config.jobs ? createJobRunner({ db: database.prisma, kind: database.kind, jobs: JOBS, logger }) : undefined;
    jobs?.start();
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await jobs?.stop();
        await database.close();
      })());
    return { url, database, server, close };
  } catch (error) {
    await database.close();
    throw error;
  }
}
