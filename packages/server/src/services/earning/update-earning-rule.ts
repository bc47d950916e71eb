import type { TEarningRule, ZEarningRuleUpdateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { checkEarningRule } from './check-earning-rule';
import { toEarningRule, toEarningRuleRow } from './earning-rule.mapper';
import type { EarningRuleFields } from './earning-rule.mapper';

/** Changes an earning rule (null clears a condition); the merged rule must pass the same checks as a new one. */
export async function updateEarningRule(
  db: Db,
  actor: Actor,
  ruleId: string,
  patch: z.output<typeof ZEarningRuleUpdateRequest>,
): Promise<TEarningRule> {
  return db.$transaction(async (tx) => {
    const row = await tx.earningRule.findUnique({ where: { id: ruleId } });
    if (!row) throw notFound('Earning rule');
    const before = toEarningRule(row);
    const { id: _id, createdAt: _c, updatedAt: _u, ...current } = before;
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const merged: EarningRuleFields = { ...current, ...changes };
    await checkEarningRule(tx, merged);
    const after = toEarningRule(await tx.earningRule.update({ where: { id: ruleId }, data: toEarningRuleRow(merged) }));
    await writeAudit(tx, actor, { action: 'earning-rule.update', entityType: 'earning_rule', entityId: ruleId, before, after });
    return after;
  });
}
