import { evaluateTier } from '@kulup/domain';

import type { Db } from '../../db/database';
import { lockMember } from '../points/ledger';
import { loadProgramSettings } from '../program/program-settings';
import { evaluateMemberTier } from './evaluate-member-tier';
import { qualifyingTotals } from './qualifying-totals';
import { loadTierDefinitions } from './tier.mapper';

export type EvaluateAllTiersResult = { evaluated: number; changed: number; graceUpdated: number };

/**
 * The nightly tier run: evaluates every non-erased member at `at` in batches. Figures for a whole batch come
 * from one query; only members whose tier or grace would change get a short transaction of their own, which
 * takes the member lock and re-evaluates from fresh data (a receipt may have arrived meanwhile).
 */
export async function evaluateAllTiers(
  db: Db,
  options: { at?: Date; batchSize?: number } = {},
): Promise<EvaluateAllTiersResult> {
  const at = options.at ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const result: EvaluateAllTiersResult = { evaluated: 0, changed: 0, graceUpdated: 0 };
  const tiers = await loadTierDefinitions(db);
  if (tiers.length === 0) return result;
  const settings = await loadProgramSettings(db);
  let cursor: string | undefined;
  for (;;) {
    const members = await db.member.findMany({
      where: { erasedAt: null, ...(cursor ? { id: { gt: cursor } } : {}) },
      select: { id: true, tierCode: true, tierSince: true, tierGraceUntil: true },
      orderBy: { id: 'asc' },
      take: batchSize,
    });
    if (members.length === 0) break;
    cursor = members[members.length - 1]?.id;
    const totals = await qualifyingTotals(db, members.map((m) => m.id), at);
    for (const m of members) {
      result.evaluated += 1;
      const t = totals.get(m.id) ?? { spend: 0, points: 0 };
      const preview = evaluateTier({
        tiers,
        current: m.tierCode,
        qualifyingSpend: t.spend,
        qualifyingPoints: t.points,
        at,
        currentSince: m.tierSince,
        graceUntil: m.tierGraceUntil,
        downgradePolicy: settings.downgradePolicy,
        graceDays: settings.tierGraceDays,
      });
      const graceSame = (preview.graceUntil?.getTime() ?? null) === (m.tierGraceUntil?.getTime() ?? null);
      if (preview.tierCode === m.tierCode && graceSame) continue;
      const outcome = await db.$transaction(async (tx) => {
        await lockMember(tx, m.id);
        return evaluateMemberTier(tx, m.id, at, { tiers, settings });
      });
      if (outcome?.previousCode) result.changed += 1;
      else if (outcome) result.graceUpdated += 1;
    }
    if (members.length < batchSize) break;
  }
  return result;
}
