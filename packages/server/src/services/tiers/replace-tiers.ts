import type { TTier, TTierLadder } from '@kulup/contracts';
import { validateTiers } from '@kulup/domain';

import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toTier, toTierRow } from './tier.mapper';

/**
 * Replaces the whole tier ladder after the domain accepts it (one entry tier at the lowest rank, unique codes
 * and ranks, rising thresholds). Members keep their stored tier until their next evaluation, which re-places
 * members whose tier no longer exists ('reset').
 */
export async function replaceTiers(db: Db, actor: Actor, tiers: TTier[]): Promise<TTierLadder> {
  const errors = validateTiers(
    tiers.map((t) => ({ ...t, minSpend: t.minSpend ?? undefined, minPoints: t.minPoints ?? undefined })),
  );
  if (errors.length > 0) {
    throw new ServiceError(
      'VALIDATION_FAILED',
      'The tier ladder is not valid',
      errors.map((e) => ({ path: e.path, message: e.message })),
    );
  }
  const rows = tiers.map(toTierRow);
  return db.$transaction(async (tx) => {
    const before = (await tx.tier.findMany({ orderBy: { rank: 'asc' } })).map(toTier);
    await tx.tier.deleteMany({});
    await tx.tier.createMany({ data: rows });
    const after = (await tx.tier.findMany({ orderBy: { rank: 'asc' } })).map(toTier);
    await writeAudit(tx, actor, { action: 'tiers.replace', entityType: 'tier', entityId: null, before, after });
    return { tiers: after };
  });
}
