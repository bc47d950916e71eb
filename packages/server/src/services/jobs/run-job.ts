import type { Db, DatabaseKind } from '../../db/database';
import type { Prisma } from '../../generated/prisma/client';
import { previousDailyRun } from './zoned-time';
import type { JobDefinition, JobSchedule } from './job-types';

export type JobOutcome =
  | { status: 'ran'; runId: string; result: unknown }
  | { status: 'failed'; runId: string; error: string }
  | { status: 'skipped'; reason: 'locked' | 'already_ran' };

// First key of the two-key advisory lock: "KULP", so Kulüp's job locks never meet another application's.
const LOCK_NAMESPACE = 0x4b554c50;

/** The scheduled slot `at` belongs to: the start of its interval, or the latest daily time ≤ `at`. */
export function slotOf(schedule: JobSchedule, at: Date): Date {
  if (schedule.kind === 'every') return new Date(Math.floor(at.getTime() / schedule.ms) * schedule.ms);
  return previousDailyRun(at, schedule.hour, schedule.minute, schedule.timeZone);
}

const json = (value: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(value ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as Prisma.InputJsonValue;

/**
 * Runs one job at most once per scheduled slot across every server instance, and records a job_run row.
 * On PostgreSQL the run holds `pg_try_advisory_xact_lock` in a transaction of its own for its whole length:
 * an instance that does not get the lock skips, and one that gets it after a successful run of the same slot
 * skips too. PGlite serves one process (its data directory is locked) and runs one transaction at a time, so
 * there the job simply runs. A failing job is recorded with its error and reported, never thrown.
 * `force` (the CLI) runs even if the slot already ran.
 */
export async function runJob(
  db: Db,
  kind: DatabaseKind,
  job: JobDefinition,
  options: { at?: Date; force?: boolean } = {},
): Promise<JobOutcome> {
  const at = options.at ?? new Date();
  const slot = slotOf(job.schedule, at);
  const alreadyRan = async (tx: Db | Prisma.TransactionClient): Promise<boolean> =>
    !options.force &&
    (await tx.jobRun.findFirst({ where: { job: job.name, startedAt: { gte: slot }, result: { path: ['ok'], equals: true } }, select: { id: true } })) !== null;
  const execute = async (tx: Db | Prisma.TransactionClient): Promise<JobOutcome> => {
    const run = await tx.jobRun.create({ data: { job: job.name, startedAt: new Date() } });
    let outcome: JobOutcome;
    try {
      const result = await job.run({ db, kind, at });
      outcome = { status: 'ran', runId: run.id.toString(), result };
      await tx.jobRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), result: json({ ok: true, slot, result }) } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = { status: 'failed', runId: run.id.toString(), error: message };
      await tx.jobRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), result: json({ ok: false, slot, error: message }) } });
    }
    return outcome;
  };

  if (kind === 'pglite') {
    if (await alreadyRan(db)) return { status: 'skipped', reason: 'already_ran' };
    return execute(db);
  }
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(${LOCK_NAMESPACE}::int, hashtext(${job.name})) AS locked`;
      if (!row?.locked) return { status: 'skipped', reason: 'locked' } as const;
      if (await alreadyRan(tx)) return { status: 'skipped', reason: 'already_ran' } as const;
      return execute(tx);
    },
    // The transaction holds only the advisory lock and the job_run row; the job's own work runs in its own
    // short transactions, so the long timeout here does not keep any data locked.
    { timeout: job.timeoutMs, maxWait: 10_000 },
  );
}
