import type { TCampaignMessageQueued, TCampaignMessageRequest } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { campaignAudience } from './campaign-audience';
import { loadMessageCampaign, planCampaignMessage } from './plan-campaign-message';

/**
 * Queues a campaign message for the campaign's audience in one transaction (the outbox the delivery job
 * sends from): only for a SCHEDULED or ACTIVE campaign that has the channel; control-group members get
 * nothing; members without permission for the channel (latest consent row), without an address, or over the
 * frequency cap get a SKIPPED row with the reason. Contact data is not copied: delivery reads it and
 * re-checks the permission just before sending.
 */
export async function sendCampaignMessage(db: Db, actor: Actor, campaignId: string, input: TCampaignMessageRequest, now = new Date()): Promise<TCampaignMessageQueued> {
  const campaign = await loadMessageCampaign(db, campaignId, input.channel);
  const audience = await campaignAudience(db, campaign.segmentId);

  return db.$transaction(async (tx) => {
    const plan = await planCampaignMessage(tx, campaign, audience, input.channel, now);
    const batch = await tx.campaignMessageBatch.create({
      data: { campaignId, channel: input.channel, subject: input.subject ?? null, text: input.text, createdById: actor.type === 'STAFF' ? actor.id : null },
    });
    const rows = plan.rows.map((r) => ({ batchId: batch.id, campaignId, memberId: r.memberId, channel: input.channel, status: r.status, reason: r.reason }));
    if (rows.length > 0) await tx.campaignMessage.createMany({ data: rows });
    const result = { batchId: batch.id, queued: plan.queued, skipped: plan.skipped, controlGroup: plan.controlGroup };
    await writeAudit(tx, actor, { action: 'campaign.message.queue', entityType: 'campaign', entityId: campaignId, after: { ...result, channel: input.channel } });
    return result;
  });
}
