import type { TCampaign, TCampaignStatus } from '@kulup/contracts';
import { canTransitionCampaign } from '@kulup/domain';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';
import { toCampaign } from './campaign.mapper';

/**
 * Moves a campaign along its lifecycle if the move is allowed from its current status (409 otherwise).
 * Activating is refused once the window has closed. One conditional UPDATE, so concurrent moves apply once.
 */
export async function transitionCampaign(db: Db, actor: Actor, campaignId: string, to: TCampaignStatus, now = new Date()): Promise<TCampaign> {
  return db.$transaction((tx) => transitionCampaignInTx(tx, actor, campaignId, to, now));
}

export async function transitionCampaignInTx(tx: Tx, actor: Actor, campaignId: string, to: TCampaignStatus, now: Date): Promise<TCampaign> {
  const before = await tx.campaign.findUnique({ where: { id: campaignId } });
  if (!before) throw notFound('Campaign');
  if (!canTransitionCampaign(before.status, to)) {
    throw new ServiceError('TRANSITION_NOT_ALLOWED', `A ${before.status.toLowerCase()} campaign cannot become ${to.toLowerCase()}`, [
      { path: 'to', message: `Not allowed from ${before.status}` },
    ]);
  }
  if (to === 'ACTIVE' && before.endsAt <= now) {
    throw new ServiceError('TRANSITION_NOT_ALLOWED', 'The campaign window has already closed', [{ path: 'to', message: 'The window is over' }]);
  }
  const changed = await tx.campaign.updateMany({ where: { id: campaignId, status: before.status }, data: { status: to } });
  if (changed.count !== 1) throw new ServiceError('CONFLICT', 'The campaign changed meanwhile; reload and retry');
  const after = toCampaign(await tx.campaign.findUniqueOrThrow({ where: { id: campaignId } }));
  await writeAudit(tx, actor, { action: 'campaign.transition', entityType: 'campaign', entityId: campaignId, before: { status: before.status }, after: { status: to } });
  return after;
}
