import { z } from 'zod';

import {
  ZAnalyticsRefreshResult,
  ZBasketRules,
  ZBasketRulesQuery,
  ZLifecycleReport,
  ZLifecycleReportQuery,
  ZMemberValue,
  ZRevenueShare,
  ZRevenueShareQuery,
  ZRfmDistribution,
  ZSatisfactionLoyaltyMatrix,
} from './analytics.schema';
import { ZId, ZOk } from './common.schema';
import { ALL_STAFF, MARKETING, staff } from './route-def';
import type { RouteDef } from './route-def';
import {
  ZSegment,
  ZSegmentCreateRequest,
  ZSegmentList,
  ZSegmentListQuery,
  ZSegmentMemberList,
  ZSegmentMembersQuery,
  ZSegmentPreview,
  ZSegmentPreviewRequest,
  ZSegmentRefreshResult,
  ZSegmentSizeHistory,
  ZSegmentUpdateRequest,
} from './segments.schema';

const ZSegmentParams = z.strictObject({ segmentId: ZId });
const ZMemberParams = z.strictObject({ memberId: ZId });

/** Segments (rule-defined member groups, materialised) and analytics dashboards over receipts and surveys. */
export const segmentsRoutes = {
  listSegments: {
    method: 'get', path: '/api/v1/segments', tag: 'Segments', summary: 'Segments with their size at the last refresh',
    auth: staff(MARKETING), query: ZSegmentListQuery, response: ZSegmentList,
  },
  createSegment: {
    method: 'post', path: '/api/v1/segments', tag: 'Segments',
    summary: 'Define a segment by rules (422 SEGMENT_RULES_INVALID / UNKNOWN_REFERENCE with field paths); refresh to fill it',
    auth: staff(MARKETING), body: ZSegmentCreateRequest, response: ZSegment, status: 201,
  },
  previewSegment: {
    method: 'post', path: '/api/v1/segments/preview', tag: 'Segments',
    summary: 'Live member count and a few sample members of a rule tree, without saving anything',
    auth: staff(MARKETING), body: ZSegmentPreviewRequest, response: ZSegmentPreview,
  },
  getSegment: {
    method: 'get', path: '/api/v1/segments/:segmentId', tag: 'Segments', summary: 'A segment and its rules',
    auth: staff(MARKETING), params: ZSegmentParams, response: ZSegment,
  },
  updateSegment: {
    method: 'patch', path: '/api/v1/segments/:segmentId', tag: 'Segments',
    summary: 'Rename, change the rules of, or archive a segment (membership changes at the next refresh)',
    auth: staff(MARKETING), params: ZSegmentParams, body: ZSegmentUpdateRequest, response: ZSegment,
  },
  archiveSegment: {
    method: 'delete', path: '/api/v1/segments/:segmentId', tag: 'Segments',
    summary: 'Archive a segment: it is no longer refreshed; its last membership and history are kept',
    auth: staff(MARKETING), params: ZSegmentParams, response: ZOk,
  },
  refreshSegment: {
    method: 'post', path: '/api/v1/segments/:segmentId/refresh', tag: 'Segments',
    summary: 'Materialise the membership now (replaced in one transaction) and record its size',
    auth: staff(MARKETING), params: ZSegmentParams, response: ZSegmentRefreshResult,
  },
  segmentSizes: {
    method: 'get', path: '/api/v1/segments/:segmentId/sizes', tag: 'Segments', summary: 'Size history, one row per refresh, oldest first',
    auth: staff(MARKETING), params: ZSegmentParams, response: ZSegmentSizeHistory,
  },
  segmentMembers: {
    method: 'get', path: '/api/v1/segments/:segmentId/members', tag: 'Segments', summary: 'Members as of the last refresh, paged by member id',
    auth: staff(MARKETING), params: ZSegmentParams, query: ZSegmentMembersQuery, response: ZSegmentMemberList,
  },

  refreshAnalytics: {
    method: 'post', path: '/api/v1/analytics/refresh', tag: 'Analytics',
    summary: 'Recompute the member metrics snapshot and lifecycle stages now (the nightly job does this too)',
    auth: staff(MARKETING), response: ZAnalyticsRefreshResult,
  },
  rfmAnalytics: {
    method: 'get', path: '/api/v1/analytics/rfm', tag: 'Analytics', summary: 'RFM score distributions and named groups',
    auth: staff(MARKETING), response: ZRfmDistribution,
  },
  revenueShare: {
    method: 'get', path: '/api/v1/analytics/revenue-share', tag: 'Analytics',
    summary: "Members' share of revenue and the share of the top 10 % / 20 % of members",
    auth: staff(MARKETING), query: ZRevenueShareQuery, response: ZRevenueShare,
  },
  satisfactionLoyaltyMatrix: {
    method: 'get', path: '/api/v1/analytics/satisfaction-loyalty', tag: 'Analytics',
    summary: 'Members per satisfaction × loyalty group (apostles, mercenaries, hostages, defectors)',
    auth: staff(MARKETING), response: ZSatisfactionLoyaltyMatrix,
  },
  lifecycleReport: {
    method: 'get', path: '/api/v1/analytics/lifecycle', tag: 'Analytics', summary: 'Members per lifecycle stage and recent stage transitions',
    auth: staff(MARKETING), query: ZLifecycleReportQuery, response: ZLifecycleReport,
  },
  basketRules: {
    method: 'get', path: '/api/v1/analytics/basket-rules', tag: 'Analytics',
    summary: 'Association rules between categories or products bought together (support, confidence, lift)',
    auth: staff(MARKETING), query: ZBasketRulesQuery, response: ZBasketRules,
  },
  memberValue: {
    method: 'get', path: '/api/v1/members/:memberId/value', tag: 'Analytics',
    summary: "A member's RFM scores, value (CLV), lapse risk and satisfaction group for the 360° view",
    auth: staff(ALL_STAFF), params: ZMemberParams, response: ZMemberValue,
  },
} as const satisfies Record<string, RouteDef>;
