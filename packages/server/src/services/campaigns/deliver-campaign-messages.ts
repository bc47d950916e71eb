import { renderMessage } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { MessageSender } from './message-sender';

const BATCH = 200;
const MAX_ERROR_LENGTH = 500;

export type DeliverMessagesResult = { sent: number; failed: number; skipped: number };

/**
 * Sends queued campaign messages, oldest first, through the sender. Just before each send it re-reads the
 * member's permission for the channel (it may have been withdrawn, e.g. through IYS) and contact data; a
 * message without them is SKIPPED. A sender error marks the message FAILED with the error (not retried).
 * The job's lock keeps two instances from sending the same batch.
 */
export async function deliverCampaignMessages(db: Db, sender: MessageSender, options: { maxRounds?: number } = {}): Promise<DeliverMessagesResult> {
  const result: DeliverMessagesResult = { sent: 0, failed: 0, skipped: 0 };
  for (let round = 0; round < (options.maxRounds ?? 50); round++) {
    const due = await db.campaignMessage.findMany({
      where: { status: 'QUEUED' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: BATCH,
      include: { batch: { select: { subject: true, text: true } } },
    });
    if (due.length === 0) break;
    for (const m of due) {
      const member = await db.member.findUnique({ where: { id: m.memberId }, select: { firstName: true, phone: true, email: true, erasedAt: true } });
      const consent = await db.consent.findFirst({ where: { memberId: m.memberId, kind: m.channel }, orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }], select: { status: true } });
      const to = m.channel === 'SMS' ? member?.phone : member?.email;
      const skip = !member || member.erasedAt ? 'erased' : consent?.status !== 'GRANTED' ? 'no_consent' : !to ? 'no_address' : null;
      if (skip || !member || !to) {
        await db.campaignMessage.update({ where: { id: m.id }, data: { status: 'SKIPPED', reason: skip } });
        result.skipped++;
        continue;
      }
      try {
        await sender.send({ id: m.id, channel: m.channel, to, subject: m.batch.subject, text: renderMessage(m.batch.text, member, m.channel) });
        await db.campaignMessage.update({ where: { id: m.id }, data: { status: 'SENT', sentAt: new Date() } });
        result.sent++;
      } catch (error) {
        const reason = String((error as Error)?.message ?? error).slice(0, MAX_ERROR_LENGTH);
        await db.campaignMessage.update({ where: { id: m.id }, data: { status: 'FAILED', reason } });
        result.failed++;
      }
    }
  }
  return result;
}
