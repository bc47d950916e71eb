import type { campaignsRoutes } from '@kulup/contracts';

import { campaignMessageStats } from '../../services/campaigns/campaign-message-stats';
import { createCampaign } from '../../services/campaigns/create-campaign';
import { evaluateCampaign } from '../../services/campaigns/evaluate-campaign';
import { exportCampaignEvaluation } from '../../services/campaigns/export-campaign-evaluation';
import { exportCampaigns } from '../../services/campaigns/export-campaigns';
import { forecastCampaign } from '../../services/campaigns/forecast-campaign';
import { generateCampaignOffers } from '../../services/campaigns/generate-campaign-offers';
import { issueCampaignOffers } from '../../services/campaigns/issue-campaign-offers';
import { getCampaign, listCampaigns } from '../../services/campaigns/list-campaigns';
import { listPosMemberOffers } from '../../services/campaigns/list-pos-member-offers';
import { previewCampaignMessage } from '../../services/campaigns/preview-campaign-message';
import { sendCampaignMessage } from '../../services/campaigns/send-campaign-message';
import { transitionCampaign } from '../../services/campaigns/transition-campaign';
import { updateCampaign } from '../../services/campaigns/update-campaign';
import type { AreaHandlers } from '../register-routes';

/** Thin HTTP handlers for campaigns. */
export const campaignsHandlers: AreaHandlers<typeof campaignsRoutes> = {
  listCampaigns: ({ deps, query }) => listCampaigns(deps.db, query),
  exportCampaigns: ({ deps, query }) => exportCampaigns(deps.db, query),
  createCampaign: ({ deps, actor, body }) => createCampaign(deps.db, actor, body),
  getCampaign: ({ deps, params }) => getCampaign(deps.db, params.campaignId),
  updateCampaign: ({ deps, actor, params, body }) => updateCampaign(deps.db, actor, params.campaignId, body),
  transitionCampaign: ({ deps, actor, params, body }) => transitionCampaign(deps.db, actor, params.campaignId, body.to),
  forecastCampaign: ({ deps, params, query }) => forecastCampaign(deps.db, params.campaignId, query.days),
  evaluateCampaign: ({ deps, params }) => evaluateCampaign(deps.db, params.campaignId),
  exportCampaignEvaluation: ({ deps, params, query }) => exportCampaignEvaluation(deps.db, params.campaignId, query),
  generateCampaignOffers: ({ deps, actor }) => generateCampaignOffers(deps.db, actor),
  issueCampaignOffers: ({ deps, actor, params }) => issueCampaignOffers(deps.db, actor, params.memberId),
  sendCampaignMessage: ({ deps, actor, params, body }) => sendCampaignMessage(deps.db, actor, params.campaignId, body),
  previewCampaignMessage: ({ deps, params, body }) => previewCampaignMessage(deps.db, params.campaignId, body),
  campaignMessageStats: ({ deps, params }) => campaignMessageStats(deps.db, params.campaignId),
  listPosMemberOffers: ({ deps, params }) => listPosMemberOffers(deps.db, params.memberId),
};
