import type { TCampaign, TCampaignDefinition } from '@kulup/contracts';
import { isCampaignEditable } from '@kulup/domain';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { campaignData, toCampaign } from './campaign.mapper';
import { checkCampaignReferences } from './check-campaign-references';

/** Replaces a DRAFT or SCHEDULED campaign's definition (409 once it has run); audited with before and after. */
export async function updateCampaign(db: Db, actor: Actor, campaignId: string, def: TCampaignDefinition): Promise<TCampaign> {
  return db.$transaction(async (tx) => {
    const before = await tx.campaign.findUnique({ where: { id: campaignId } });
    if (!before) throw notFound('Campaign');
    await checkCampaignReferences(tx, def);
    // Conditional on the status, so a concurrent activation cannot be overwritten.
    const changed = await tx.campaign.updateMany({ where: { id: campaignId, status: { in: ['DRAFT', 'SCHEDULED'] } }, data: campaignData(def) });
    if (changed.count !== 1 || !isCampaignEditable(before.status)) {
      throw new ServiceError('TRANSITION_NOT_ALLOWED', `A ${before.status.toLowerCase()} campaign can no longer be edited`);
    }
    const after = toCampaign(await tx.campaign.findUniqueOrThrow({ where: { id: campaignId } }));
    await writeAudit(tx, actor, { action: 'campaign.update', entityType: 'campaign', entityId: campaignId, before: toCampaign(before), after });
    return after;
  });
}
