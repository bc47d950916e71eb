import type { TEarningRule, ZEarningRuleCreateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { checkEarningRule } from './check-earning-rule';
import { toEarningRule, toEarningRuleRow } from './earning-rule.mapper';
import type { EarningRuleFields } from './earning-rule.mapper';

/** Creates an earning rule the domain accepts; it applies to receipts booked from now on. */
export async function createEarningRule(
  db: Db,
  actor: Actor,
  input: z.output<typeof ZEarningRuleCreateRequest>,
): Promise<TEarningRule> {
  const fields: EarningRuleFields = {
    name: input.name,
    priority: input.priority,
    effect: input.effect,
    validFrom: input.validFrom ?? null,
    validTo: input.validTo ?? null,
    storeIds: input.storeIds ?? null,
    tierCodes: input.tierCodes ?? null,
    minBasket: input.minBasket ?? null,
    maxPerReceipt: input.maxPerReceipt ?? null,
    maxPerDay: input.maxPerDay ?? null,
    active: input.active,
  };
  return db.$transaction(async (tx) => {
    await checkEarningRule(tx, fields);
    const rule = toEarningRule(await tx.earningRule.create({ data: toEarningRuleRow(fields) }));
    await writeAudit(tx, actor, { action: 'earning-rule.create', entityType: 'earning_rule', entityId: rule.id, after: rule });
    return rule;
  });
}
