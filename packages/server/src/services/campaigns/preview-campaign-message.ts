import type { TCampaignMessagePreview, TCampaignMessageRequest } from '@kulup/contracts';
import { MESSAGE_FREQUENCY_CAP, renderMessage } from '@kulup/domain';

import type { Db } from '../../db/database';
import { campaignAudience } from './campaign-audience';
import { loadMessageCampaign, planCampaignMessage } from './plan-campaign-message';

/**
 * What sending a campaign message now would do, by the same rules as sending (consent, address, frequency
 * cap, control group) and the same refusals (status, channel), writing nothing: recipients and skips, and the
 * message rendered for the first recipient.
 */
export async function previewCampaignMessage(db: Db, campaignId: string, input: TCampaignMessageRequest, now = new Date()): Promise<TCampaignMessagePreview> {
  const campaign = await loadMessageCampaign(db, campaignId, input.channel);
  const audience = await campaignAudience(db, campaign.segmentId);
  const plan = await planCampaignMessage(db, campaign, audience, input.channel, now);
  const first = plan.rows.filter((r) => r.status === 'QUEUED').sort((a, b) => a.memberId.localeCompare(b.memberId))[0];
  return {
    recipients: plan.queued,
    skipped: plan.skipped,
    controlGroup: plan.controlGroup,
    frequencyCap: { ...MESSAGE_FREQUENCY_CAP },
    example: first ? { firstName: first.firstName, text: renderMessage(input.text, first, input.channel) } : null,
  };
}
