import type { TCampaignMessageRequest } from '@kulup/contracts';
import { MESSAGE_FREQUENCY_CAP, isInControlGroup, messageSkipReason } from '@kulup/domain';
import type { MessageSkipReason } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { Campaign } from '../../generated/prisma/client';
import { ServiceError, notFound } from '../../http/service-error';
import type { Tx } from '../context';

const DAY_MS = 86_400_000;

/** The campaign a message is for: it must exist, be SCHEDULED or ACTIVE, and use the channel. */
export async function loadMessageCampaign(db: Db, campaignId: string, channel: TCampaignMessageRequest['channel']): Promise<Campaign> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) throw notFound('Campaign');
  if (campaign.status !== 'SCHEDULED' && campaign.status !== 'ACTIVE') {
    throw new ServiceError('TRANSITION_NOT_ALLOWED', `A ${campaign.status.toLowerCase()} campaign sends no messages`);
  }
  if (!campaign.channels.includes(channel)) {
    throw new ServiceError('VALIDATION_FAILED', `The campaign does not use the ${channel} channel`, [{ path: 'channel', message: 'Not one of the campaign channels' }]);
  }
  return campaign;
}

export type MessagePlanRow = { memberId: string; firstName: string; status: 'QUEUED' | 'SKIPPED'; reason: MessageSkipReason | null };
export type MessagePlan = {
  rows: MessagePlanRow[];
  queued: number;
  skipped: { noConsent: number; noAddress: number; frequencyCap: number };
  controlGroup: number;
};

/**
 * Who of the audience a campaign message goes to now, and why the others are skipped: control-group members
 * get nothing (no row); members without permission for the channel (latest consent row), without an address,
 * or over the frequency cap get a SKIPPED row with the reason. Reads only; sending and the console's preview
 * share it, so the confirmation shows exactly what sending does.
 */
export async function planCampaignMessage(
  tx: Db | Tx,
  campaign: Pick<Campaign, 'id' | 'controlBasisPoints'>,
  audience: readonly string[],
  channel: TCampaignMessageRequest['channel'],
  now: Date,
): Promise<MessagePlan> {
  const controlPct = campaign.controlBasisPoints / 100;
  const targets = audience.filter((id) => !isInControlGroup(campaign.id, id, controlPct));
  const members = await tx.member.findMany({ where: { id: { in: targets } }, select: { id: true, firstName: true, phone: true, email: true, erasedAt: true } });
  const consents = await tx.consent.findMany({
    where: { memberId: { in: targets }, kind: channel },
    orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
    select: { memberId: true, status: true },
  });
  const latest = new Map<string, 'GRANTED' | 'REFUSED'>();
  for (const c of consents) if (!latest.has(c.memberId)) latest.set(c.memberId, c.status);
  const recent = await tx.campaignMessage.groupBy({
    by: ['memberId'],
    where: { memberId: { in: targets }, channel, status: { in: ['QUEUED', 'SENT'] }, createdAt: { gte: new Date(now.getTime() - MESSAGE_FREQUENCY_CAP.days * DAY_MS) } },
    _count: { _all: true },
  });
  const recentCount = new Map(recent.map((r) => [r.memberId, r._count._all]));

  const skipped = { noConsent: 0, noAddress: 0, frequencyCap: 0 };
  const rows = members.map((m): MessagePlanRow => {
    const reason = messageSkipReason({
      consent: latest.get(m.id) ?? null,
      hasAddress: channel === 'SMS' ? m.phone !== null : m.email !== null,
      erased: m.erasedAt !== null,
      recentMessages: recentCount.get(m.id) ?? 0,
    });
    if (reason === 'no_consent' || reason === 'erased') skipped.noConsent++;
    else if (reason === 'no_address') skipped.noAddress++;
    else if (reason === 'frequency_cap') skipped.frequencyCap++;
    return { memberId: m.id, firstName: m.firstName, status: reason ? 'SKIPPED' : 'QUEUED', reason };
  });
  return { rows, queued: rows.filter((r) => r.status === 'QUEUED').length, skipped, controlGroup: audience.length - targets.length };
}
