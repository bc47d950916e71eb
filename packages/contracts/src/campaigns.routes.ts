import {
  ZCampaign,
  ZCampaignEvaluation,
  ZCampaignForecast,
  ZCampaignForecastQuery,
  ZCampaignEvaluationExportQuery,
  ZCampaignList,
  ZCampaignListExportQuery,
  ZCampaignListQuery,
  ZCampaignParams,
  ZCampaignRequest,
  ZCampaignTransitionRequest,
  ZCampaignMessagePreview,
  ZCampaignMessageQueued,
  ZCampaignMessageRequest,
  ZCampaignMessageStats,
  ZCampaignOfferGeneration,
  ZIssuedCampaignOffers,
  ZMemberCampaignOffersParams,
  ZPosMemberOffers,
} from './campaigns.schema';
import { EXPORT_CONTENT_TYPES, ZFileDownload } from './exports.schema';
import { MARKETING, staff } from './route-def';
import type { RouteDef } from './route-def';

const EXPORT_FILE = { contentTypes: Object.values(EXPORT_CONTENT_TYPES) } as const;

/** Campaigns: definitions and lifecycle, forecast before activation, evaluation with uplift, personal offers. */
export const campaignsRoutes = {
  listCampaigns: {
    method: 'get', path: '/api/v1/campaigns', tag: 'Campaigns',
    summary: 'Campaigns, newest first, optionally by status',
    auth: staff(MARKETING), query: ZCampaignListQuery, response: ZCampaignList,
  },
  // Before `/campaigns/:campaignId`, so `export` is not taken for a campaign id.
  exportCampaigns: {
    method: 'get', path: '/api/v1/campaigns/export', tag: 'Campaigns',
    summary: 'Every campaign (optionally of one status) as a CSV or XLSX file: type, status, dates, channels, budget cap and use',
    auth: staff(MARKETING), query: ZCampaignListExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },
  createCampaign: {
    method: 'post', path: '/api/v1/campaigns', tag: 'Campaigns',
    summary: 'Create a campaign as a draft (type-specific params validated here)',
    auth: staff(MARKETING), body: ZCampaignRequest, response: ZCampaign, status: 201,
  },
  getCampaign: {
    method: 'get', path: '/api/v1/campaigns/:campaignId', tag: 'Campaigns',
    summary: 'One campaign with its budget use and allowed next statuses',
    auth: staff(MARKETING), params: ZCampaignParams, response: ZCampaign,
  },
  updateCampaign: {
    method: 'put', path: '/api/v1/campaigns/:campaignId', tag: 'Campaigns',
    summary: 'Replace the definition of a draft or scheduled campaign',
    auth: staff(MARKETING), params: ZCampaignParams, body: ZCampaignRequest, response: ZCampaign,
  },
  transitionCampaign: {
    method: 'post', path: '/api/v1/campaigns/:campaignId/transition', tag: 'Campaigns',
    summary: 'Move a campaign along draft → scheduled → active ⇄ paused → ended (409 when not allowed)',
    auth: staff(MARKETING), params: ZCampaignParams, body: ZCampaignTransitionRequest, response: ZCampaign,
  },
  forecastCampaign: {
    method: 'get', path: '/api/v1/campaigns/:campaignId/forecast', tag: 'Campaigns',
    summary: "Reach and cost (points liability) if the campaign had run over the last period's receipts",
    auth: staff(MARKETING), params: ZCampaignParams, query: ZCampaignForecastQuery, response: ZCampaignForecast,
  },
  evaluateCampaign: {
    method: 'get', path: '/api/v1/campaigns/:campaignId/evaluation', tag: 'Campaigns',
    summary: 'Reach, awards, cost, offer funnel, incremental spend versus the control group (Welch 95% CI) and ROI',
    auth: staff(MARKETING), params: ZCampaignParams, response: ZCampaignEvaluation,
  },
  exportCampaignEvaluation: {
    method: 'get', path: '/api/v1/campaigns/:campaignId/evaluation/export', tag: 'Campaigns',
    summary: 'The evaluation as a CSV or XLSX file, one row per figure (section, measure, value, unit), message delivery included',
    auth: staff(MARKETING), params: ZCampaignParams, query: ZCampaignEvaluationExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },
  generateCampaignOffers: {
    method: 'post', path: '/api/v1/campaigns/offers/generate', tag: 'Campaigns',
    summary: 'Issue personal offers to every eligible member of every active offer campaign now (the nightly job, on demand)',
    auth: staff(MARKETING), response: ZCampaignOfferGeneration,
  },
  issueCampaignOffers: {
    method: 'post', path: '/api/v1/members/:memberId/campaign-offers', tag: 'Campaigns',
    summary: "Issue the member's ranked personal offers from eligible campaigns (control group excluded)",
    auth: staff(MARKETING), params: ZMemberCampaignOffersParams, response: ZIssuedCampaignOffers,
  },
  sendCampaignMessage: {
    method: 'post', path: '/api/v1/campaigns/:campaignId/messages', tag: 'Campaigns',
    summary: 'Queue an SMS or e-mail to the audience: consent per channel, frequency cap, control group excluded',
    auth: staff(MARKETING), params: ZCampaignParams, body: ZCampaignMessageRequest, response: ZCampaignMessageQueued, status: 201,
  },
  previewCampaignMessage: {
    method: 'post', path: '/api/v1/campaigns/:campaignId/messages/preview', tag: 'Campaigns',
    summary: 'Who a campaign message would reach now (consent, address, frequency cap, control group), queueing nothing',
    auth: staff(MARKETING), params: ZCampaignParams, body: ZCampaignMessageRequest, response: ZCampaignMessagePreview,
  },
  campaignMessageStats: {
    method: 'get', path: '/api/v1/campaigns/:campaignId/messages', tag: 'Campaigns',
    summary: "Delivery status of the campaign's messages by channel, status and reason",
    auth: staff(MARKETING), params: ZCampaignParams, response: ZCampaignMessageStats,
  },
  listPosMemberOffers: {
    method: 'get', path: '/api/v1/pos/members/:memberId/offers', tag: 'Campaigns',
    summary: "The identified member's open personal offers, for the till",
    auth: { kind: 'terminal', terminalKinds: ['POS'] }, params: ZMemberCampaignOffersParams, response: ZPosMemberOffers,
  },
} as const satisfies Record<string, RouteDef>;
