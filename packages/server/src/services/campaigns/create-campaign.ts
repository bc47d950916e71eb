import type { TCampaign, TCampaignDefinition } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { campaignData, toCampaign } from './campaign.mapper';
import { checkCampaignReferences } from './check-campaign-references';

/** Creates a campaign as a DRAFT from a definition the contract validated; audited in the same transaction. */
export async function createCampaign(db: Db, actor: Actor, def: TCampaignDefinition): Promise<TCampaign> {
  return db.$transaction(async (tx) => {
    await checkCampaignReferences(tx, def);
    const row = await tx.campaign.create({ data: { ...campaignData(def), createdById: actor.type === 'STAFF' ? actor.id : null } });
    const campaign = toCampaign(row);
    await writeAudit(tx, actor, { action: 'campaign.create', entityType: 'campaign', entityId: row.id, after: campaign });
    return campaign;
  });
}
