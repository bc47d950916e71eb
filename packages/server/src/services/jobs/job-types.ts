import type { Db, DatabaseKind } from '../../db/database';

/** When a job runs: every `ms` milliseconds, or daily at a wall-clock time in a time zone. */
export type JobSchedule =
  | { kind: 'every'; ms: number }
  | { kind: 'daily'; hour: number; minute: number; timeZone: string };

export type JobContext = { db: Db; kind: DatabaseKind; at: Date };

export type JobDefinition = {
  name: string;
  schedule: JobSchedule;
  /** Longest a run may hold the job's lock (its transaction) on PostgreSQL. */
  timeoutMs: number;
  /** Returns a JSON-serialisable summary, stored in job_run.result. */
  run: (ctx: JobContext) => Promise<unknown>;
};
