import type { segmentsRoutes } from '@kulup/contracts';

import { basketRules } from '../../services/analytics/basket-rules';
import { exportBasketRules } from '../../services/analytics/export-basket-rules';
import { exportLifecycleReport } from '../../services/analytics/export-lifecycle-report';
import { exportRevenueShare } from '../../services/analytics/export-revenue-share';
import { exportRfm } from '../../services/analytics/export-rfm';
import { exportSatisfactionLoyalty } from '../../services/analytics/export-satisfaction-loyalty';
import { lifecycleReport } from '../../services/analytics/lifecycle-report';
import { marketingDashboard } from '../../services/analytics/marketing-dashboard';
import { memberValue } from '../../services/analytics/member-value';
import { refreshMemberMetrics } from '../../services/analytics/refresh-member-metrics';
import { revenueShare } from '../../services/analytics/revenue-share';
import { rfmDistribution } from '../../services/analytics/rfm-distribution';
import { satisfactionLoyaltyMatrix } from '../../services/analytics/satisfaction-loyalty-matrix';
import { createSegment } from '../../services/segments/create-segment';
import { exportSegmentMembers } from '../../services/segments/export-segment-members';
import { getSegment, listSegmentMembers, listSegments, segmentSizes } from '../../services/segments/list-segments';
import { previewSegment } from '../../services/segments/preview-segment';
import { refreshSegment } from '../../services/segments/refresh-segment';
import { archiveSegment, updateSegment } from '../../services/segments/update-segment';
import type { AreaHandlers } from '../register-routes';

/** Thin HTTP handlers for segments and the analytics dashboards. */
export const segmentsHandlers: AreaHandlers<typeof segmentsRoutes> = {
  listSegments: ({ deps, query }) => listSegments(deps.db, query),
  createSegment: ({ deps, actor, body }) => createSegment(deps.db, actor, body),
  previewSegment: ({ deps, body }) => previewSegment(deps.db, body),
  getSegment: ({ deps, params }) => getSegment(deps.db, params.segmentId),
  updateSegment: ({ deps, actor, params, body }) => updateSegment(deps.db, actor, params.segmentId, body),
  archiveSegment: ({ deps, actor, params }) => archiveSegment(deps.db, actor, params.segmentId),
  refreshSegment: ({ deps, actor, params }) => refreshSegment(deps.db, actor, params.segmentId),
  segmentSizes: ({ deps, params }) => segmentSizes(deps.db, params.segmentId),
  segmentMembers: ({ deps, params, query }) => listSegmentMembers(deps.db, params.segmentId, query),
  exportSegmentMembers: ({ deps, actor, params, query }) => exportSegmentMembers(deps.db, actor, params.segmentId, query),
  marketingDashboard: ({ deps, query }) => marketingDashboard(deps.db, query),
  refreshAnalytics: ({ deps, actor }) => refreshMemberMetrics(deps.db, actor),
  rfmAnalytics: ({ deps }) => rfmDistribution(deps.db),
  exportRfm: ({ deps, query }) => exportRfm(deps.db, query),
  revenueShare: ({ deps, query }) => revenueShare(deps.db, query),
  exportRevenueShare: ({ deps, query }) => exportRevenueShare(deps.db, query),
  satisfactionLoyaltyMatrix: ({ deps }) => satisfactionLoyaltyMatrix(deps.db),
  exportSatisfactionLoyalty: ({ deps, query }) => exportSatisfactionLoyalty(deps.db, query),
  lifecycleReport: ({ deps, query }) => lifecycleReport(deps.db, query),
  exportLifecycleReport: ({ deps, query }) => exportLifecycleReport(deps.db, query),
  basketRules: ({ deps, query }) => basketRules(deps.db, query),
  exportBasketRules: ({ deps, query }) => exportBasketRules(deps.db, query),
  memberValue: ({ deps, params }) => memberValue(deps.db, params.memberId),
};
