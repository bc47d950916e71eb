import type { TCampaignMessageStats } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';

/** Counts of a campaign's messages by channel, status and reason. */
export async function campaignMessageStats(db: Db, campaignId: string): Promise<TCampaignMessageStats> {
  if (!(await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } }))) throw notFound('Campaign');
  const groups = await db.campaignMessage.groupBy({ by: ['channel', 'status', 'reason'], where: { campaignId }, _count: { _all: true } });
  return {
    items: groups
      .map((g) => ({ channel: g.channel, status: g.status, reason: g.reason, count: g._count._all }))
      .sort((a, b) => a.channel.localeCompare(b.channel) || a.status.localeCompare(b.status) || (a.reason ?? '').localeCompare(b.reason ?? '')),
  };
}
