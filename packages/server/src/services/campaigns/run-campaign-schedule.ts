import { scheduledTransition } from '@kulup/domain';

import type { Db } from '../../db/database';
import { systemActor } from '../context';
import { transitionCampaignInTx } from './transition-campaign';

/**
 * Activates scheduled campaigns whose window began, ends those whose window closed, and expires campaign
 * offers that are past their validity or whose campaign ended (the scheduler job).
 */
export async function runCampaignSchedule(db: Db, at: Date): Promise<{ activated: number; ended: number; offersExpired: number }> {
  const due = await db.campaign.findMany({
    where: {
      OR: [
        { status: 'SCHEDULED', startsAt: { lte: at } },
        { status: { in: ['SCHEDULED', 'ACTIVE', 'PAUSED'] }, endsAt: { lte: at } },
      ],
    },
    select: { id: true, status: true, startsAt: true, endsAt: true },
  });
  let activated = 0;
  let ended = 0;
  for (const c of due) {
    const to = scheduledTransition(c.status, c.startsAt, c.endsAt, at);
    if (!to) continue;
    await db.$transaction((tx) => transitionCampaignInTx(tx, systemActor, c.id, to, at));
    if (to === 'ACTIVE') activated++;
    else ended++;
  }
  const offersExpired = await db.$executeRaw`
    UPDATE personal_offer SET status = 'EXPIRED'
    WHERE campaign_id IS NOT NULL AND status IN ('ISSUED', 'SEEN', 'ACTIVATED')
      AND (valid_to <= ${at} OR campaign_id IN (SELECT id::text FROM campaign WHERE status = 'ENDED'))`;
  return { activated, ended, offersExpired };
}
