import type { TProgramSettings, TTierOutcome } from '@kulup/contracts';
import { evaluateTier } from '@kulup/domain';
import type { TierDefinition } from '@kulup/domain';

import { ServiceError } from '../../http/service-error';
import { emitEvent } from '../outbox/emit-event';
import type { Tx } from '../context';
import { loadProgramSettings } from '../program/program-settings';
import { qualifyingTotals } from './qualifying-totals';
import { loadTierDefinitions } from './tier.mapper';

export type EvaluateMemberTierOptions = {
  /** Already loaded by the caller (the nightly job loads them once). */
  tiers?: TierDefinition[];
  settings?: TProgramSettings;
};

/**
 * Re-evaluates one member's tier at `at` from rolling 12-month spend and points, under the program's
 * downgrade policy and grace; on a change it updates the member, appends tier history and emits
 * `tier.changed`, all in the caller's transaction. The caller holds the member lock. Null when no tier
 * ladder is configured.
 */
export async function evaluateMemberTier(
  tx: Tx,
  memberId: string,
  at: Date,
  options: EvaluateMemberTierOptions = {},
): Promise<TTierOutcome | null> {
  const tiers = options.tiers ?? (await loadTierDefinitions(tx));
  if (tiers.length === 0) return null;
  const settings = options.settings ?? (await loadProgramSettings(tx));
  const member = await tx.member.findUnique({
    where: { id: memberId },
    select: { tierCode: true, tierSince: true, tierGraceUntil: true },
  });
  if (!member) throw new ServiceError('UNKNOWN_REFERENCE', 'Member not found', [{ path: 'memberId', message: 'No such member' }]);
  const totals = (await qualifyingTotals(tx, [memberId], at)).get(memberId) ?? { spend: 0, points: 0 };
  const result = evaluateTier({
    tiers,
    current: member.tierCode,
    qualifyingSpend: totals.spend,
    qualifyingPoints: totals.points,
    at,
    currentSince: member.tierSince,
    graceUntil: member.tierGraceUntil,
    downgradePolicy: settings.downgradePolicy,
    graceDays: settings.tierGraceDays,
  });
  const changed = result.tierCode !== member.tierCode;
  const graceChanged = (result.graceUntil?.getTime() ?? null) !== (member.tierGraceUntil?.getTime() ?? null);
  if (changed) {
    await tx.member.update({
      where: { id: memberId },
      data: { tierCode: result.tierCode, tierSince: at, tierGraceUntil: result.graceUntil },
    });
    await tx.tierHistory.create({
      data: { memberId, fromCode: member.tierCode, toCode: result.tierCode, reason: result.reason, at },
    });
    await emitEvent(tx, 'tier.changed', memberId, {
      memberId,
      from: member.tierCode,
      to: result.tierCode,
      change: result.change,
      reason: result.reason,
      qualifyingSpend: totals.spend,
      qualifyingPoints: totals.points,
      at: at.toISOString(),
    });
  } else if (graceChanged) {
    await tx.member.update({ where: { id: memberId }, data: { tierGraceUntil: result.graceUntil } });
  }
  return {
    code: result.tierCode,
    previousCode: changed ? member.tierCode : null,
    change: changed ? result.change : 'unchanged',
    graceUntil: result.graceUntil?.toISOString() ?? null,
  };
}
