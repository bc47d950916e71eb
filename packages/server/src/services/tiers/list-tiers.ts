import type { TTierLadder } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { toTier } from './tier.mapper';

/** The tier ladder, lowest rank first. */
export async function listTiers(db: Db): Promise<TTierLadder> {
  return { tiers: (await db.tier.findMany({ orderBy: { rank: 'asc' } })).map(toTier) };
}
