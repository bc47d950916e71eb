import type { Db, DatabaseKind } from '../../db/database';
import type { JobDefinition, JobSchedule } from './job-types';
import { runJob } from './run-job';
import type { JobOutcome } from './run-job';
import { nextDailyRun } from './zoned-time';

/** The logger methods the runner uses (pino's Logger fits). */
export type JobLogger = {
  debug: (obj: object, msg: string) => void;
  info: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

export type JobRunner = {
  start: () => void;
  /** Stops scheduling and waits for runs in progress to finish. */
  stop: () => Promise<void>;
};

// A failed daily job is tried again after this long rather than waiting for the next night.
const DAILY_RETRY_MS = 15 * 60_000;

function nextAt(schedule: JobSchedule, after: Date): Date {
  if (schedule.kind === 'every') return new Date((Math.floor(after.getTime() / schedule.ms) + 1) * schedule.ms);
  return nextDailyRun(after, schedule.hour, schedule.minute, schedule.timeZone);
}

const laneKey = (s: JobSchedule): string => (s.kind === 'every' ? `every:${s.ms}` : `daily:${s.timeZone}:${s.hour}:${s.minute}`);

/**
 * An in-process scheduler. Jobs that share a schedule form a lane and run one after another in the given
 * order; lanes run independently, a job never overlaps itself in one process, and across processes
 * `runJob` makes each slot run once. A failure (of the job or of the database) is logged and the lane goes
 * on with its next slot.
 */
export function createJobRunner(options: {
  db: Db;
  kind: DatabaseKind;
  jobs: readonly JobDefinition[];
  logger: JobLogger;
  now?: () => Date;
}): JobRunner {
  const { db, kind, jobs, logger } = options;
  const now = options.now ?? (() => new Date());
  const lanes = new Map<string, JobDefinition[]>();
  for (const job of jobs) lanes.set(laneKey(job.schedule), [...(lanes.get(laneKey(job.schedule)) ?? []), job]);
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let running = false;

  const runLogged = async (job: JobDefinition): Promise<JobOutcome | undefined> => {
    try {
      const outcome = await runJob(db, kind, job, { at: now() });
      if (outcome.status === 'failed') logger.error({ job: job.name, runId: outcome.runId, err: outcome.error }, 'job failed');
      else if (outcome.status === 'ran') logger.info({ job: job.name, runId: outcome.runId, result: outcome.result }, 'job ran');
      else logger.debug({ job: job.name, reason: outcome.reason }, 'job skipped');
      return outcome;
    } catch (error) {
      logger.error({ job: job.name, err: error }, 'job could not run');
      return undefined;
    }
  };

  const schedule = (lane: JobDefinition[], at: Date): void => {
    if (!running) return;
    const delay = Math.max(0, at.getTime() - now().getTime());
    // setTimeout takes at most ~24.8 days; a nightly delay is far below that.
    const timer = setTimeout(() => {
      timers.delete(timer);
      const work = (async () => {
        let failed = false;
        for (const job of lane) {
          if (!running) return;
          const outcome = await runLogged(job);
          if (!outcome || outcome.status === 'failed') failed = true;
        }
        const schedule0 = lane[0]!.schedule;
        const next = nextAt(schedule0, now());
        const retry = schedule0.kind === 'daily' && failed ? new Date(now().getTime() + DAILY_RETRY_MS) : next;
        schedule(lane, retry < next ? retry : next);
      })();
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    }, delay);
    timer.unref?.();
    timers.add(timer);
  };

  return {
    start: () => {
      if (running) return;
      running = true;
      // Daily lanes start with a catch-up: a server that was down at 03:00 runs the night's jobs now
      // (runJob skips those that already ran in the current slot, here or on another instance).
      for (const lane of lanes.values()) schedule(lane, lane[0]!.schedule.kind === 'daily' ? now() : nextAt(lane[0]!.schedule, now()));
    },
    stop: async () => {
      running = false;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
