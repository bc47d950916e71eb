import type { Config } from '../../config';
import { openDatabase } from '../../db/database';
import type { Database } from '../../db/database';
import { checkLedger } from '../invariants/check-ledger';
import { JOBS } from './job-definitions';
import { runJob } from './run-job';

async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, migrate: false });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** `kulup jobs list | run <name>`: runs one job now (also when its slot already ran); exit code 1 if it fails. */
export async function jobsCommand(config: Config, args: string[]): Promise<number> {
  const names = JOBS.map((j) => j.name);
  if (args[0] === 'list' || args[0] === undefined) {
    for (const job of JOBS) {
      const when = job.schedule.kind === 'every' ? `every ${job.schedule.ms / 1000} s` : `daily ${String(job.schedule.hour).padStart(2, '0')}:${String(job.schedule.minute).padStart(2, '0')} ${job.schedule.timeZone}`;
      console.log(`${job.name.padEnd(28)}${when}`);
    }
    return 0;
  }
  const job = JOBS.find((j) => j.name === args[1]);
  if (args[0] !== 'run' || !job) throw new Error(`Usage: kulup jobs run <name>   (${names.join(', ')})`);
  return withDatabase(config, async (database) => {
    const outcome = await runJob(database.prisma, database.kind, job, { force: true });
    console.log(JSON.stringify(outcome, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
    return outcome.status === 'failed' ? 1 : 0;
  });
}

/** `kulup check`: prints every ledger invariant violation; exit code 1 if there is any. */
export async function checkCommand(config: Config): Promise<number> {
  return withDatabase(config, async (database) => {
    const violations = await checkLedger(database.prisma);
    for (const v of violations) console.log(`${v.invariant}\t${v.subject}\t${v.message}`);
    console.log(violations.length === 0 ? 'Ledger consistent: every invariant holds.' : `${violations.length} violation(s).`);
    return violations.length === 0 ? 0 : 1;
  });
}
