import { campaignsRoutes } from './campaigns.routes';
import { foundationRoutes } from './foundation.routes';
import { integrationsRoutes } from './integrations.routes';
import { kioskRoutes } from './kiosk.routes';
import { lifecycleRoutes } from './lifecycle.routes';
import { pointsRoutes } from './points.routes';
import type { RouteDef } from './route-def';
import { segmentsRoutes } from './segments.routes';
import { voiceRoutes } from './voice.routes';


/** Every API route: the one definition the server validates with, the client calls through and OpenAPI documents. */
export const routes = {
  ...foundationRoutes,
  ...integrationsRoutes,
  ...pointsRoutes,
  ...kioskRoutes,
  ...lifecycleRoutes,
  ...voiceRoutes,
  ...segmentsRoutes,
  ...campaignsRoutes,
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteId = keyof Routes;
