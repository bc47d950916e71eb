import type { pointsRoutes } from '@kulup/contracts';

import { createEarningRule } from '../../services/earning/create-earning-rule';
import { listEarningRules } from '../../services/earning/list-earning-rules';
import { updateEarningRule } from '../../services/earning/update-earning-rule';
import { createHold } from '../../services/holds/create-hold';
import { releaseHold } from '../../services/holds/release-hold';
import { loadProgramSettings } from '../../services/program/program-settings';
import { replaceProgramSettings } from '../../services/program/replace-program-settings';
import { bookReceipt } from '../../services/receipts/book-receipt';
import { getReceipt } from '../../services/receipts/get-receipt';
import { simulateReceipt } from '../../services/receipts/simulate-receipt';
import { listTiers } from '../../services/tiers/list-tiers';
import { replaceTiers } from '../../services/tiers/replace-tiers';
import { expectPrincipal as expect } from '../authenticate';
import type { AreaHandlers } from '../register-routes';

/** Thin HTTP handlers for receipts, holds, earning rules, tiers and program settings. */
export const pointsHandlers: AreaHandlers<typeof pointsRoutes> = {
  bookReceipt: async ({ deps, actor, principal, idempotency, markReplayed, body }) => {
    const terminal = expect(principal, 'terminal');
    const { body: result, replayed } = await bookReceipt(deps.db, actor, terminal, idempotency!, body);
    if (replayed) markReplayed();
    return result;
  },
  simulateReceipt: ({ deps, principal, body }) => simulateReceipt(deps.db, expect(principal, 'terminal'), body),
  getReceipt: ({ deps, params }) => getReceipt(deps.db, params.receiptId),
  createHold: async ({ deps, actor, principal, idempotency, markReplayed, body }) => {
    const { body: result, replayed } = await createHold(deps.db, actor, expect(principal, 'terminal').id, idempotency!, body);
    if (replayed) markReplayed();
    return result;
  },
  releaseHold: async ({ deps, actor, principal, idempotency, markReplayed, params }) => {
    const { body: result, replayed } = await releaseHold(deps.db, actor, expect(principal, 'terminal').id, idempotency!, params.holdId);
    if (replayed) markReplayed();
    return result;
  },
  listEarningRules: ({ deps }) => listEarningRules(deps.db),
  createEarningRule: ({ deps, actor, body }) => createEarningRule(deps.db, actor, body),
  updateEarningRule: ({ deps, actor, params, body }) => updateEarningRule(deps.db, actor, params.ruleId, body),
  listTiers: ({ deps }) => listTiers(deps.db),
  replaceTiers: ({ deps, actor, body }) => replaceTiers(deps.db, actor, body.tiers),
  getProgramSettings: ({ deps }) => loadProgramSettings(deps.db),
  replaceProgramSettings: ({ deps, actor, body }) => replaceProgramSettings(deps.db, actor, body),
};
