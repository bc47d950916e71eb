import type { TEarningRuleList } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { toEarningRule } from './earning-rule.mapper';

/** Every earning rule, active first, then by priority (highest first) and age. */
export async function listEarningRules(db: Db): Promise<TEarningRuleList> {
  const rows = await db.earningRule.findMany({ orderBy: [{ active: 'desc' }, { priority: 'desc' }, { createdAt: 'asc' }] });
  return { items: rows.map(toEarningRule) };
}
