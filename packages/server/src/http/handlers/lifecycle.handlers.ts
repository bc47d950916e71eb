import type { lifecycleRoutes } from '@kulup/contracts';

import { decideAdjustment } from '../../services/adjustments/decide-adjustment';
import { listAdjustments } from '../../services/adjustments/list-adjustments';
import { requestAdjustment } from '../../services/adjustments/request-adjustment';
import { listExpiringSoon } from '../../services/expiry/expiring-soon';
import { getMemberPoints } from '../../services/members-points/get-member-points';
import { bookReturn } from '../../services/returns/book-return';
import { listTierHistory } from '../../services/tiers/list-tier-history';
import { expectPrincipal as expect } from '../authenticate';
import type { AreaHandlers } from '../register-routes';

/** Thin HTTP handlers for returns, the expiry report, the member points view and adjustments. */
export const lifecycleHandlers: AreaHandlers<typeof lifecycleRoutes> = {
  bookReturn: async ({ deps, actor, idempotency, markReplayed, body }) => {
    const { body: response, replayed } = await bookReturn(deps.db, actor, idempotency!, body);
    if (replayed) markReplayed();
    return response;
  },
  expiringPointsReport: ({ deps, query }) =>
    listExpiringSoon(deps.db, { at: new Date(), days: query.days, limit: query.limit, cursor: query.cursor }),
  memberPoints: ({ deps, params, query }) =>
    getMemberPoints(deps.db, params.memberId, { at: new Date(), limit: query.limit, cursor: query.cursor, publicScreen: false }),
  memberTierHistory: ({ deps, params, query }) => listTierHistory(deps.db, params.memberId, query.limit),
  myPoints: ({ deps, principal, query }) =>
    getMemberPoints(deps.db, expect(principal, 'member').memberId, { at: new Date(), limit: query.limit, cursor: query.cursor, publicScreen: true }),
  requestAdjustment: ({ deps, actor, params, body }) => requestAdjustment(deps.db, actor, params.memberId, body),
  listAdjustments: async ({ deps, query }) => ({ items: await listAdjustments(deps.db, query) }),
  approveAdjustment: ({ deps, actor, params }) => decideAdjustment(deps.db, actor, params.adjustmentId, 'approve'),
  rejectAdjustment: ({ deps, actor, params }) => decideAdjustment(deps.db, actor, params.adjustmentId, 'reject'),
};
