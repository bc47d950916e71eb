import type { Db } from '../../db/database';
import { loadProgramSettings } from '../program/program-settings';

const DAY_MS = 86_400_000;

/**
 * Deletes idempotency records older than the program's idempotencyRetentionDays (which covers the POS
 * offline window with margin), in bounded batches so no statement locks the table for long. Records still
 * IN_PROGRESS are kept: their transaction has not finished.
 */
export async function purgeIdempotencyRecords(db: Db, at: Date, options: { batchSize?: number } = {}): Promise<{ deleted: number }> {
  const batchSize = options.batchSize ?? 5000;
  const { idempotencyRetentionDays } = await loadProgramSettings(db);
  const before = new Date(at.getTime() - idempotencyRetentionDays * DAY_MS);
  let deleted = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM idempotency_record WHERE (terminal_id, route, key) IN (
        SELECT terminal_id, route, key FROM idempotency_record
        WHERE created_at < ${before} AND status = 'COMPLETED' LIMIT ${batchSize})`;
    deleted += n;
    if (n < batchSize) return { deleted };
  }
}
