import { z } from 'zod';

import { ZAdjustment, ZAdjustmentList, ZAdjustmentListQuery, ZAdjustmentRequest } from './adjustments.schema';
import { ZId } from './common.schema';
import { ZExpiringPointsQuery, ZExpiringPointsReport, ZMemberPoints, ZMemberPointsQuery } from './member-points.schema';
import { ADMIN, ALL_STAFF, MARKETING, SERVICE, staff } from './route-def';
import type { RouteDef } from './route-def';
import { ZReturnRequest, ZReturnResponse } from './returns.schema';
import { ZTierHistory, ZTierHistoryQuery } from './tiers.schema';

const ZMemberParams = z.strictObject({ memberId: ZId });
const ZAdjustmentParams = z.strictObject({ adjustmentId: ZId });

/** Points after the sale: returns, expiry report, the member's points view and manual adjustments. */
export const lifecycleRoutes = {
  bookReturn: {
    method: 'post', path: '/api/v1/terminal/returns', tag: 'Points',
    summary: 'Return goods against an original receipt: reverses earned points, refunds points tender',
    auth: { kind: 'terminal', terminalKinds: ['POS'] }, body: ZReturnRequest, response: ZReturnResponse, idempotent: true,
  },
  expiringPointsReport: {
    method: 'get', path: '/api/v1/reports/expiring-points', tag: 'Reports',
    summary: 'Members whose points expire within the warning window',
    auth: staff(MARKETING), query: ZExpiringPointsQuery, response: ZExpiringPointsReport,
  },
  memberPoints: {
    method: 'get', path: '/api/v1/members/:memberId/points', tag: 'Points',
    summary: "A member's balance, spendable, pending, held, expiring soon, tier progress and history",
    auth: staff(ALL_STAFF), params: ZMemberParams, query: ZMemberPointsQuery, response: ZMemberPoints,
  },
  memberTierHistory: {
    method: 'get', path: '/api/v1/members/:memberId/tier-history', tag: 'Tiers',
    summary: "A member's tier changes, newest first (at most `limit`)",
    auth: staff(ALL_STAFF), params: ZMemberParams, query: ZTierHistoryQuery, response: ZTierHistory,
  },
  myPoints: {
    method: 'get', path: '/api/v1/me/points', tag: 'Member session',
    summary: "The kiosk session member's own points (no purchase details)",
    auth: { kind: 'member' }, query: ZMemberPointsQuery, response: ZMemberPoints,
  },
  requestAdjustment: {
    method: 'post', path: '/api/v1/members/:memberId/adjustments', tag: 'Points',
    summary: 'Adjust points by hand; above the approval threshold it waits for a second admin',
    auth: staff(SERVICE), params: ZMemberParams, body: ZAdjustmentRequest, response: ZAdjustment, status: 201,
  },
  listAdjustments: {
    method: 'get', path: '/api/v1/adjustments', tag: 'Points', summary: 'Manual adjustments, newest first',
    auth: staff(SERVICE), query: ZAdjustmentListQuery, response: ZAdjustmentList,
  },
  approveAdjustment: {
    method: 'post', path: '/api/v1/adjustments/:adjustmentId/approve', tag: 'Points',
    summary: 'Approve and apply a pending adjustment (an admin other than the requester)',
    auth: staff(ADMIN), params: ZAdjustmentParams, response: ZAdjustment,
  },
  rejectAdjustment: {
    method: 'post', path: '/api/v1/adjustments/:adjustmentId/reject', tag: 'Points',
    summary: 'Reject a pending adjustment (an admin other than the requester)',
    auth: staff(ADMIN), params: ZAdjustmentParams, response: ZAdjustment,
  },
} as const satisfies Record<string, RouteDef>;
