import type { TCampaign, TCampaignList, TCampaignStatus } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { toCampaign } from './campaign.mapper';

/** Campaigns newest first (at most 500), optionally of one status. */
export async function listCampaigns(db: Db, query: { status?: TCampaignStatus | undefined }): Promise<TCampaignList> {
  const rows = await db.campaign.findMany({
    where: query.status ? { status: query.status } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 500,
  });
  return { items: rows.map(toCampaign) };
}

/** One campaign. */
export async function getCampaign(db: Db, campaignId: string): Promise<TCampaign> {
  const row = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!row) throw notFound('Campaign');
  return toCampaign(row);
}
