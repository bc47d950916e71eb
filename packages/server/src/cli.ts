import { readFile, readdir, writeFile } from 'node:fs/promises';

import { PGlite } from '@electric-sql/pglite';

import { buildSunNdefTemplate, personaliseSunCard } from '@kulup/domain';

import { loadConfig } from './config';
import { lockDataDir } from './db/data-dir-lock';
import { migratePostgres, openDatabase } from './db/database';
import { applyMigrations, createMigration } from './db/migrate';
import { loadCardMasterKey } from './lib/card-master-key';
import { createLogger } from './logger';
import { startServer } from './server';
import { runImportCommand } from './services/import/import-command';
import { checkCommand, jobsCommand } from './services/jobs/cli-commands';
import { runTicketsCommand } from './services/tickets/import-mail-command';

const usage = `Usage: kulup <command>
  start                     start the server (embedded PGlite unless DATABASE_URL is set)
  migrate                   apply pending migrations
  migrate create <name>     create a migration folder from schema changes (offline, WASM schema engine)
  backup <file.tar.gz>      copy the embedded database to a file (stop the server first)
  restore <file.tar.gz>     restore the embedded database from a backup into an empty data directory
  import <file.csv> [--dry-run]
                            import members from a previous program (format: docs/import.md)
  cards personalise --base-url <https://…> <UID>…
                            keys and NDEF/SDM settings (JSON lines) to program blank NTAG 424 DNA cards
  jobs list | jobs run <name>
                            list the scheduled jobs, or run one now (stop an embedded server first)
  check                     check the points ledger invariants; exit code 1 on any violation
  tickets import-mail <file.eml | file.mbox | directory>… [--category CODE]
                            file e-mailed complaints as EMAIL tickets, once per Message-ID`;

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const [command, ...args] = argv;
  switch (command) {
    case 'start': {
      const logger = createLogger(config.logLevel);
      const starting = startServer(config, logger);
      // Handlers go in before the server is up: a signal during start-up must still close cleanly.
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        // PGlite does not fsync on its own: a clean close is what makes the data directory safe (DESIGN.md §3).
        starting
          .then((running) => running.close())
          .then(
            () => process.exit(0),
            (error: unknown) => {
              logger.error({ err: error }, 'shutdown failed');
              process.exit(1);
            },
          );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      await starting;
      return;
    }
    case 'migrate': {
      if (args[0] === 'create') {
        if (!args[1]) throw new Error('Name the migration: kulup migrate create <name>');
        const name = await createMigration({ name: args[1] });
        console.log(name ? `Created prisma/migrations/${name}` : 'The schema matches the migrations; nothing to create.');
        return;
      }
      let applied: string[];
      if (config.databaseUrl) {
        applied = await migratePostgres(config.databaseUrl);
      } else {
        const database = await openDatabase({ dataDir: config.dataDir, migrate: false });
        try {
          applied = await applyMigrations({ adapterFactory: database.adapterFactory });
        } finally {
          await database.close();
        }
      }
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
      return;
    }
    case 'backup': {
      if (config.databaseUrl) throw new Error('On PostgreSQL use pg_dump / your platform backups.');
      if (!args[0]) throw new Error('Name the backup file: kulup backup <file.tar.gz>');
      const database = await openDatabase({ dataDir: config.dataDir, migrate: false });
      try {
        const dump = await database.pglite!.dumpDataDir('gzip');
        await writeFile(args[0], Buffer.from(await dump.arrayBuffer()));
        console.log(`Backed up ${config.dataDir} to ${args[0]}`);
      } finally {
        await database.close();
      }
      return;
    }
    case 'restore': {
      if (config.databaseUrl) throw new Error('On PostgreSQL use pg_restore / your platform backups.');
      if (!args[0]) throw new Error('Name the backup file: kulup restore <file.tar.gz>');
      const existing = await readdir(config.dataDir).catch(() => []);
      if (existing.length > 0) {
        throw new Error(`${config.dataDir} is not empty. Move it away first; restore never overwrites a database.`);
      }
      const lock = await lockDataDir(config.dataDir);
      try {
        const blob = new Blob([await readFile(args[0])]);
        const pglite = await PGlite.create(config.dataDir, { loadDataDir: blob });
        await pglite.query('select 1');
        await pglite.close();
        console.log(`Restored ${args[0]} into ${config.dataDir}`);
      } finally {
        await lock.release();
      }
      return;
    }
    case 'import': {
      process.exitCode = await runImportCommand(args, config);
      return;
    }
    case 'cards': {
      if (args[0] !== 'personalise') throw new Error('Usage: kulup cards personalise --base-url https://… <UID hex>…');
      const baseIndex = args.indexOf('--base-url');
      const baseUrl = baseIndex >= 0 ? args[baseIndex + 1] : undefined;
      const uids = args.slice(1).filter((a, i, all) => a !== '--base-url' && all[i - 1] !== '--base-url');
      if (!baseUrl || uids.length === 0) throw new Error('Usage: kulup cards personalise --base-url https://… <UID hex>…');
      const bad = uids.filter((u) => !/^[0-9A-Fa-f]{14}$/.test(u));
      if (bad.length) throw new Error(`Not 7-byte NTAG 424 UIDs: ${bad.join(', ')}`);
      const master = await loadCardMasterKey({ envKey: config.cardMasterKeyHex, keyFile: config.cardKeyFile });
      const template = buildSunNdefTemplate(baseUrl);
      // Keys in clear go to the card-programming station only: handle this output as a secret.
      for (const uid of uids) console.log(JSON.stringify(personaliseSunCard(master, uid, template)));
      return;
    }
    case 'jobs':
      process.exitCode = await jobsCommand(config, args);
      return;
    case 'check':
      process.exitCode = await checkCommand(config);
      return;
    case 'tickets':
      process.exitCode = await runTicketsCommand(args, config);
      return;
    default:
      console.log(usage);
      if (command !== undefined && command !== 'help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
