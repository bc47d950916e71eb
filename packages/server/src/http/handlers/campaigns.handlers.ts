import type { campaignsRoutes } from '@kulup/contracts';

import { campaignMessageStats } from '../../services/campaigns/campaign-message-stats';
import { createCampaign } from '../../services/campaigns/create-campaign';
import { evaluateCampaign } from '../../services/campaigns/evaluate-campaign';
import { forecastCampaign } from '../../services/campaigns/forecast-campaign';
import { issueCampaignOffers } from '../../services/campaigns/issue-campaign-offers';
import { getCampaign, listCampaigns } from '../../services/campaigns/list-campaigns';
import { listPosMemberOffers } from '../../services/campaigns/list-pos-member-offers';
import { sendCampaignMessage } from '../../services/campaigns/send-campaign-message';
import { transitionCampaign } from '../../services/campaigns/transition-campaign';
import { updateCampaign } from '../../services/campaigns/update-campaign';
import type { AreaHandlers } from '../register-routes';

/** Thin HTTP handlers for campaigns. */
export const campaignsHandlers: AreaHandlers<typeof campaignsRoutes> = {
  listCampaigns: ({ deps, query }) => listCampaigns(deps.db, query),
  createCampaign: ({ deps, actor, body }) => createCampaign(deps.db, actor, body),
  getCampaign: ({ deps, params }) => getCampaign(deps.db, params.campaignId),
  updateCampaign: ({ deps, actor, params, body }) => updateCampaign(deps.db, actor, params.campaignId, body),
  transitionCampaign: ({ deps, actor, params, body }) => transitionCampaign(deps.db, actor, params.campaignId, body.to),
  forecastCampaign: ({ deps, params, query }) => forecastCampaign(deps.db, params.campaignId, query.days),
  evaluateCampaign: ({ deps, params }) => evaluateCampaign(deps.db, params.campaignId),
  issueCampaignOffers: ({ deps, actor, params }) => issueCampaignOffers(deps.db, actor, params.memberId),
  sendCampaignMessage: ({ deps, actor, params, body }) => sendCampaignMessage(deps.db, actor, params.campaignId, body),
  campaignMessageStats: ({ deps, params }) => campaignMessageStats(deps.db, params.campaignId),
  listPosMemberOffers: ({ deps, params }) => listPosMemberOffers(deps.db, params.memberId),
};
