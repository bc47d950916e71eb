import type { TFieldError } from '@kulup/contracts';
import { criteriaOf, validateSegmentRule } from '@kulup/domain';
import type { SegmentRule } from '@kulup/domain';

import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import type { Tx } from '../context';

/**
 * Refuses a rule tree the domain finds unsound (422 SEGMENT_RULES_INVALID) or one naming tiers or stores that
 * do not exist (422 UNKNOWN_REFERENCE), each with field paths under `prefix`, so a typo cannot silently empty
 * a segment. Categories, brands and cities are free values (a new category may not have sales yet).
 */
export async function checkSegmentRules(db: Db | Tx, rules: SegmentRule, prefix = 'rules'): Promise<void> {
  const errors = validateSegmentRule(rules, prefix);
  if (errors.length > 0) throw new ServiceError('SEGMENT_RULES_INVALID', 'The segment rules are not valid', errors);
  const fields: TFieldError[] = [];
  const all = criteriaOf(rules, prefix);
  const tierCodes = all.flatMap((c) => (c.criterion.kind === 'tier' ? c.criterion.in : []));
  const storeIds = all.flatMap((c) => (c.criterion.kind === 'store' ? c.criterion.in : []));
  const knownTiers = new Set(tierCodes.length ? (await db.tier.findMany({ select: { code: true } })).map((t) => t.code) : []);
  const knownStores = new Set(
    storeIds.length ? (await db.store.findMany({ where: { id: { in: storeIds } }, select: { id: true } })).map((s) => s.id) : [],
  );
  for (const { path, criterion } of all) {
    if (criterion.kind === 'tier') {
      criterion.in.forEach((code, i) => {
        if (!knownTiers.has(code)) fields.push({ path: `${path}.in.${i}`, message: `No tier ${code} in the ladder` });
      });
    }
    if (criterion.kind === 'store') {
      criterion.in.forEach((id, i) => {
        if (!knownStores.has(id)) fields.push({ path: `${path}.in.${i}`, message: `No store ${id}` });
      });
    }
  }
  if (fields.length > 0) throw new ServiceError('UNKNOWN_REFERENCE', 'The segment rules name tiers or stores that do not exist', fields);
}
