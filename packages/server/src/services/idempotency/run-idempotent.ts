import type { Db } from '../../db/database';
import { Prisma } from '../../generated/prisma/client';
import { ServiceError } from '../../http/service-error';
import type { Tx } from '../context';

/** The key a terminal sent for one write, scoped by (terminal, route, key) with the body's SHA-256. */
export type IdempotencyScope = { terminalId: string; route: string; key: string; requestHash: string };

export type IdempotentResult<T> = { body: T; replayed: boolean };

// How long a duplicate waits for the original's transaction before it is told "still in progress".
const CLAIM_WAIT = '1s';

function isLockTimeout(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ''} ${JSON.stringify((error as { meta?: unknown })?.meta ?? {})}`;
  return text.includes('55P03') || text.includes('lock timeout') || text.includes('LockNotAvailable');
}

/**
 * Runs a terminal write exactly once per idempotency key. The key is claimed with INSERT … ON CONFLICT DO
 * NOTHING inside the same transaction as the write and completed with the response in it, so a crash
 * leaves either both or neither. A replay with the same body gets the first response; a different body is
 * IDEMPOTENCY_KEY_REUSED (422); a duplicate arriving while the original's transaction still runs waits up
 * to a second, then gets IDEMPOTENCY_IN_PROGRESS (409). Failed writes roll the claim back, so validation
 * failures are not stored and the client may retry with the same key.
 */
export async function runIdempotent<T>(
  db: Db,
  scope: IdempotencyScope,
  work: (tx: Tx) => Promise<T>,
  options: { timeout?: number } = {},
): Promise<IdempotentResult<T>> {
  try {
    return await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${CLAIM_WAIT}'`);
        const claimed = await tx.$executeRaw`
          INSERT INTO idempotency_record (terminal_id, route, key, request_hash, status)
          VALUES (${scope.terminalId}::uuid, ${scope.route}, ${scope.key}, ${scope.requestHash}, 'IN_PROGRESS')
          ON CONFLICT DO NOTHING`;
        if (claimed === 0) return replay<T>(tx, scope);
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = 0`);
        const body = await work(tx);
        await tx.idempotencyRecord.update({
          where: { terminalId_route_key: { terminalId: scope.terminalId, route: scope.route, key: scope.key } },
          data: { status: 'COMPLETED', responseStatus: 200, responseBody: body as Prisma.InputJsonValue, completedAt: new Date() },
        });
        return { body, replayed: false };
      },
      { timeout: options.timeout ?? 10_000, maxWait: 5_000 },
    );
  } catch (error) {
    if (isLockTimeout(error)) {
      throw new ServiceError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly');
    }
    throw error;
  }
}

async function replay<T>(tx: Tx, scope: IdempotencyScope): Promise<IdempotentResult<T>> {
  const record = await tx.idempotencyRecord.findUniqueOrThrow({
    where: { terminalId_route_key: { terminalId: scope.terminalId, route: scope.route, key: scope.key } },
  });
  if (record.requestHash !== scope.requestHash) {
    throw new ServiceError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body');
  }
  if (record.status !== 'COMPLETED') {
    throw new ServiceError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly');
  }
  return { body: record.responseBody as T, replayed: true };
}
