import { ALL_STAFF, MARKETING, SERVICE } from '@kulup/contracts';
import type { TStaffRole } from '@kulup/contracts';
import { lazy } from 'react';
import type { ComponentType, LazyExoticComponent } from 'react';

import type { NavKey } from './i18n/tr';

/**
 * The console's one route table. Each area lives in `src/pages/<area>/` and adds its entries here: the path
 * under /console/, the roles that may open it (the same role lists the API enforces) and, for top-level
 * pages, its place in the navigation. Pages load lazily, so an area's code (and e.g. the chart library)
 * is only downloaded by staff who open it. Add `src/pages/segments`, `src/pages/campaigns` the same way.
 */
export type ConsoleRoute = {
  path: string;
  roles: readonly TStaffRole[];
  /** Shown in the navigation with this label (translation key `nav.<key>`); absent for detail pages. */
  nav?: NavKey;
  Page: LazyExoticComponent<ComponentType>;
};

export const consoleRoutes: readonly ConsoleRoute[] = [
  { path: 'tickets', roles: SERVICE, nav: 'tickets', Page: lazy(() => import('./pages/tickets/TicketQueuePage')) },
  { path: 'tickets/:ticketId', roles: SERVICE, Page: lazy(() => import('./pages/tickets/TicketPage')) },
  { path: 'service-dashboard', roles: SERVICE, nav: 'serviceDashboard', Page: lazy(() => import('./pages/dashboard/ServiceDashboardPage')) },
  { path: 'marketing', roles: MARKETING, nav: 'marketing', Page: lazy(() => import('./pages/dashboard/MarketingHomePage')) },
  { path: 'segments', roles: MARKETING, nav: 'segments', Page: lazy(() => import('./pages/segments/SegmentListPage')) },
  { path: 'segments/new', roles: MARKETING, Page: lazy(() => import('./pages/segments/SegmentPage')) },
  { path: 'segments/:segmentId', roles: MARKETING, Page: lazy(() => import('./pages/segments/SegmentPage')) },
  { path: 'campaigns', roles: MARKETING, nav: 'campaigns', Page: lazy(() => import('./pages/campaigns/CampaignListPage')) },
  { path: 'campaigns/new', roles: MARKETING, Page: lazy(() => import('./pages/campaigns/CampaignEditorPage')) },
  { path: 'campaigns/:campaignId', roles: MARKETING, Page: lazy(() => import('./pages/campaigns/CampaignEditorPage')) },
  { path: 'campaigns/:campaignId/performance', roles: MARKETING, Page: lazy(() => import('./pages/campaigns/CampaignPerformancePage')) },
  { path: 'surveys', roles: MARKETING, nav: 'surveys', Page: lazy(() => import('./pages/surveys/SurveyListPage')) },
  { path: 'surveys/new', roles: MARKETING, Page: lazy(() => import('./pages/surveys/SurveyEditorPage')) },
  { path: 'surveys/:surveyId', roles: MARKETING, Page: lazy(() => import('./pages/surveys/SurveyEditorPage')) },
  { path: 'surveys/:surveyId/results', roles: MARKETING, Page: lazy(() => import('./pages/surveys/SurveyResultsPage')) },
  { path: 'bulletins', roles: MARKETING, nav: 'bulletins', Page: lazy(() => import('./pages/bulletins/BulletinListPage')) },
  { path: 'bulletins/new', roles: MARKETING, Page: lazy(() => import('./pages/bulletins/BulletinEditorPage')) },
  { path: 'bulletins/media', roles: MARKETING, Page: lazy(() => import('./pages/bulletins/MediaLibraryPage')) },
  { path: 'bulletins/:bulletinId', roles: MARKETING, Page: lazy(() => import('./pages/bulletins/BulletinEditorPage')) },
  { path: 'analytics', roles: MARKETING, nav: 'analytics', Page: lazy(() => import('./pages/analytics/AnalyticsPage')) },
  { path: 'members', roles: ALL_STAFF, nav: 'members', Page: lazy(() => import('./pages/members/MemberListPage')) },
  { path: 'members/:memberId', roles: ALL_STAFF, Page: lazy(() => import('./pages/members/MemberPage')) },
];

/** Where a role lands after login: its first page in the navigation. */
export function homePath(role: TStaffRole): string {
  const first = consoleRoutes.find((r) => r.nav && r.roles.includes(role));
  return first ? `/${first.path}` : '/members';
}

