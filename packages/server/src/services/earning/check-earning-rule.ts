import { validateEarningRules } from '@kulup/domain';

import { ServiceError } from '../../http/service-error';
import type { Tx } from '../context';
import { toDomainRule } from './earning-rule.mapper';
import type { EarningRuleFields } from './earning-rule.mapper';

/**
 * Refuses a rule the domain would not run (VALIDATION_FAILED with the rule's own field paths) or one naming
 * stores or tiers that do not exist (UNKNOWN_REFERENCE), so a typo cannot silently switch a rule off.
 */
export async function checkEarningRule(tx: Tx, rule: EarningRuleFields): Promise<void> {
  const errors = validateEarningRules([toDomainRule('candidate', rule)]);
  if (errors.length > 0) {
    throw new ServiceError(
      'VALIDATION_FAILED',
      'The earning rule is not valid',
      errors.map((e) => ({ path: e.path.replace(/^rules\.0\./, ''), message: e.message })),
    );
  }
  const fields: { path: string; message: string }[] = [];
  if (rule.storeIds) {
    const known = new Set((await tx.store.findMany({ where: { id: { in: rule.storeIds } }, select: { id: true } })).map((s) => s.id));
    rule.storeIds.forEach((id, i) => {
      if (!known.has(id)) fields.push({ path: `storeIds.${i}`, message: `No store ${id}` });
    });
  }
  if (rule.tierCodes) {
    const known = new Set((await tx.tier.findMany({ select: { code: true } })).map((t) => t.code));
    rule.tierCodes.forEach((code, i) => {
      if (!known.has(code)) fields.push({ path: `tierCodes.${i}`, message: `No tier ${code} in the ladder` });
    });
  }
  if (fields.length > 0) throw new ServiceError('UNKNOWN_REFERENCE', 'The rule names stores or tiers that do not exist', fields);
}
