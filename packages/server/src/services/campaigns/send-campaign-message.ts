import type { TCampaignMessageQueued, TCampaignMessageRequest } from '@kulup/contracts';
import { MESSAGE_FREQUENCY_CAP, isInControlGroup, messageSkipReason } from '@kulup/domain';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { campaignAudience } from './campaign-audience';

const DAY_MS = 86_400_000;

/**
 * Queues a campaign message for the campaign's audience in one transaction (the outbox the delivery job
 * sends from): only for a SCHEDULED or ACTIVE campaign that has the channel; control-group members get
 * nothing; members without permission for the channel (latest consent row), without an address, or over the
 * frequency cap get a SKIPPED row with the reason. Contact data is not copied: delivery reads it and
 * re-checks the permission just before sending.
 */
export async function sendCampaignMessage(db: Db, actor: Actor, campaignId: string, input: TCampaignMessageRequest, now = new Date()): Promise<TCampaignMessageQueued> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign) throw notFound('Campaign');
  if (campaign.status !== 'SCHEDULED' && campaign.status !== 'ACTIVE') {
    throw new ServiceError('TRANSITION_NOT_ALLOWED', `A ${campaign.status.toLowerCase()} campaign sends no messages`);
  }
  if (!campaign.channels.includes(input.channel)) {
    throw new ServiceError('VALIDATION_FAILED', `The campaign does not use the ${input.channel} channel`, [{ path: 'channel', message: 'Not one of the campaign channels' }]);
  }
  const audience = await campaignAudience(db, campaign.segmentId);
  const controlPct = campaign.controlBasisPoints / 100;
  const targets = audience.filter((id) => !isInControlGroup(campaign.id, id, controlPct));

  return db.$transaction(async (tx) => {
    const members = await tx.member.findMany({ where: { id: { in: targets } }, select: { id: true, phone: true, email: true, erasedAt: true } });
    const consents = await tx.consent.findMany({
      where: { memberId: { in: targets }, kind: input.channel },
      orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
      select: { memberId: true, status: true },
    });
    const latest = new Map<string, 'GRANTED' | 'REFUSED'>();
    for (const c of consents) if (!latest.has(c.memberId)) latest.set(c.memberId, c.status);
    const recent = await tx.campaignMessage.groupBy({
      by: ['memberId'],
      where: { memberId: { in: targets }, channel: input.channel, status: { in: ['QUEUED', 'SENT'] }, createdAt: { gte: new Date(now.getTime() - MESSAGE_FREQUENCY_CAP.days * DAY_MS) } },
      _count: { _all: true },
    });
    const recentCount = new Map(recent.map((r) => [r.memberId, r._count._all]));

    const batch = await tx.campaignMessageBatch.create({
      data: { campaignId, channel: input.channel, subject: input.subject ?? null, text: input.text, createdById: actor.type === 'STAFF' ? actor.id : null },
    });
    const skipped = { noConsent: 0, noAddress: 0, frequencyCap: 0 };
    const rows = members.map((m) => {
      const reason = messageSkipReason({
        consent: latest.get(m.id) ?? null,
        hasAddress: input.channel === 'SMS' ? m.phone !== null : m.email !== null,
        erased: m.erasedAt !== null,
        recentMessages: recentCount.get(m.id) ?? 0,
      });
      if (reason === 'no_consent' || reason === 'erased') skipped.noConsent++;
      else if (reason === 'no_address') skipped.noAddress++;
      else if (reason === 'frequency_cap') skipped.frequencyCap++;
      return { batchId: batch.id, campaignId, memberId: m.id, channel: input.channel, status: reason ? ('SKIPPED' as const) : ('QUEUED' as const), reason };
    });
    if (rows.length > 0) await tx.campaignMessage.createMany({ data: rows });
    const result = { batchId: batch.id, queued: rows.filter((r) => r.status === 'QUEUED').length, skipped, controlGroup: audience.length - targets.length };
    await writeAudit(tx, actor, { action: 'campaign.message.queue', entityType: 'campaign', entityId: campaignId, after: { ...result, channel: input.channel } });
    return result;
  });
}
