import { campaignsHandlers } from './handlers/campaigns.handlers';
import { foundationHandlers } from './handlers/foundation.handlers';
import { integrationsHandlers } from './handlers/integrations.handlers';
import { kioskHandlers } from './handlers/kiosk.handlers';
import { lifecycleHandlers } from './handlers/lifecycle.handlers';
import { pointsHandlers } from './handlers/points.handlers';
import { segmentsHandlers } from './handlers/segments.handlers';
import { voiceHandlers } from './handlers/voice.handlers';
import type { Handlers } from './register-routes';

/** Every route's handler, one file per area. */
export const handlers: Handlers = {
  ...foundationHandlers,
  ...integrationsHandlers,
  ...kioskHandlers,
  ...lifecycleHandlers,
  ...pointsHandlers,
  ...voiceHandlers,
  ...segmentsHandlers,
  ...campaignsHandlers,
};
