import { z } from 'zod';

import {
  ZAnalyticsExportQuery,
  ZAnalyticsRefreshResult,
  ZBasketRules,
  ZBasketRulesExportQuery,
  ZBasketRulesQuery,
  ZLifecycleReport,
  ZLifecycleReportExportQuery,
  ZLifecycleReportQuery,
  ZMarketingDashboard,
  ZMarketingDashboardQuery,
  ZMemberValue,
  ZRevenueShare,
  ZRevenueShareExportQuery,
  ZRevenueShareQuery,
  ZRfmDistribution,
  ZSatisfactionLoyaltyMatrix,
} from './analytics.schema';
import { ZId, ZOk } from './common.schema';
import { EXPORT_CONTENT_TYPES, ZFileDownload } from './exports.schema';
import { ALL_STAFF, MARKETING, staff } from './route-def';
import type { RouteDef } from './route-def';
import {
  ZSegment,
  ZSegmentCreateRequest,
  ZSegmentList,
  ZSegmentListQuery,
  ZSegmentMemberList,
  ZSegmentMembersExportQuery,
  ZSegmentMembersQuery,
  ZSegmentPreview,
  ZSegmentPreviewRequest,
  ZSegmentRefreshResult,
  ZSegmentSizeHistory,
  ZSegmentUpdateRequest,
} from './segments.schema';

const ZSegmentParams = z.strictObject({ segmentId: ZId });
const ZMemberParams = z.strictObject({ memberId: ZId });
const EXPORT_FILE = { contentTypes: Object.values(EXPORT_CONTENT_TYPES) } as const;

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
  exportSegmentMembers: {
    method: 'get', path: '/api/v1/segments/:segmentId/members/export', tag: 'Segments',
    summary: 'Every member as of the last refresh as a CSV or XLSX file (id, first and last name, tier, city, added); audited',
    auth: staff(MARKETING), params: ZSegmentParams, query: ZSegmentMembersExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },

  marketingDashboard: {
    method: 'get', path: '/api/v1/analytics/dashboard', tag: 'Analytics',
    summary: "The marketer's home: active members, member revenue share, points liability, redemption rate, NPS, and monthly trends",
    auth: staff(MARKETING), query: ZMarketingDashboardQuery, response: ZMarketingDashboard,
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
  exportRfm: {
    method: 'get', path: '/api/v1/analytics/rfm/export', tag: 'Analytics',
    summary: 'RFM groups (members, 12-month spend) and score distributions as a CSV or XLSX file',
    auth: staff(MARKETING), query: ZAnalyticsExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },
  revenueShare: {
    method: 'get', path: '/api/v1/analytics/revenue-share', tag: 'Analytics',
    summary: "Members' share of revenue and the share of the top 10 % / 20 % of members",
    auth: staff(MARKETING), query: ZRevenueShareQuery, response: ZRevenueShare,
  },
  exportRevenueShare: {
    method: 'get', path: '/api/v1/analytics/revenue-share/export', tag: 'Analytics',
    summary: 'The revenue share report of the last `days` days as a CSV or XLSX file, one row per figure',
    auth: staff(MARKETING), query: ZRevenueShareExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },
  satisfactionLoyaltyMatrix: {
    method: 'get', path: '/api/v1/analytics/satisfaction-loyalty', tag: 'Analytics',
    summary: 'Members per satisfaction × loyalty group (apostles, mercenaries, hostages, defectors)',
    auth: staff(MARKETING), response: ZSatisfactionLoyaltyMatrix,
  },
  exportSatisfactionLoyalty: {
    method: 'get', path: '/api/v1/analytics/satisfaction-loyalty/export', tag: 'Analytics',
    summary: 'Members per satisfaction × loyalty group and per satisfaction group as a CSV or XLSX file',
    auth: staff(MARKETING), query: ZAnalyticsExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },
  lifecycleReport: {
    method: 'get', path: '/api/v1/analytics/lifecycle', tag: 'Analytics', summary: 'Members per lifecycle stage and recent stage transitions',
    auth: staff(MARKETING), query: ZLifecycleReportQuery, response: ZLifecycleReport,
  },
  exportLifecycleReport: {
    method: 'get', path: '/api/v1/analytics/lifecycle/export', tag: 'Analytics',
    summary: 'Members per lifecycle stage and the stage transitions of the last `days` days as a CSV or XLSX file',
    auth: staff(MARKETING), query: ZLifecycleReportExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },
  basketRules: {
    method: 'get', path: '/api/v1/analytics/basket-rules', tag: 'Analytics',
    summary: 'Association rules between categories or products bought together (support, confidence, lift)',
    auth: staff(MARKETING), query: ZBasketRulesQuery, response: ZBasketRules,
  },
  exportBasketRules: {
    method: 'get', path: '/api/v1/analytics/basket-rules/export', tag: 'Analytics',
    summary: 'The association rules (same filters as the report) as a CSV or XLSX file: support, confidence, lift',
    auth: staff(MARKETING), query: ZBasketRulesExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },
  memberValue: {
    method: 'get', path: '/api/v1/members/:memberId/value', tag: 'Analytics',
    summary: "A member's RFM scores, value (CLV), lapse risk and satisfaction group for the 360° view",
    auth: staff(ALL_STAFF), params: ZMemberParams, response: ZMemberValue,
  },
} as const satisfies Record<string, RouteDef>;
