import { rm } from 'node:fs/promises';

import type { Config } from '../../config';
import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { eraseMemberVoiceData } from '../tickets/erase-member-voice-data';
import { attachmentPath } from '../tickets/upload-ticket-attachment';

const REDACTED = '[erased]';

/**
 * Erases a member's personal data (KVKK art. 7): names, contact data, birth date, city, gender, card
 * numbers and UIDs, consent evidence, the kiosk PIN, complaint and survey free texts (and attachments) and
 * personal data in the audit trail are removed; the member row, points balance, tier, ledger, ticket
 * numbers and survey scores stay as pseudonymous records.
 */
export async function eraseMember(
  deps: { db: Db; config: Pick<Config, 'filesDir'> },
  actor: Actor,
  memberId: string,
): Promise<{ memberId: string; erasedAt: string }> {
  const { erasedAt, attachmentKeys } = await deps.db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: memberId }, include: { cards: true } });
    if (!member) throw notFound('Member');
    if (member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has already been erased');
    const erasedAt = new Date();
    await tx.member.update({
      where: { id: memberId },
      data: {
        firstName: REDACTED, lastName: REDACTED, phone: null, email: null, birthDate: null,
        city: null, gender: null, lifecycleStage: 'FORMER', erasedAt,
      },
    });
    for (const card of member.cards) {
      await tx.card.update({
        where: { id: card.id },
        // Card numbers are unique; an erased card keeps a unique, meaningless placeholder.
        data: { number: `ERASED-${card.id}`, nfcUid: null, status: card.status === 'ACTIVE' ? 'BLOCKED' : card.status, statusReason: 'member erased' },
      });
    }
    await tx.consent.updateMany({ where: { memberId }, data: { evidence: null } });
    await tx.memberPin.deleteMany({ where: { memberId } });
    // Complaint texts, notes, replies and free-text survey answers; numbers, statuses and scores stay.
    const attachmentKeys = await eraseMemberVoiceData(tx, memberId);
    // Profiling results go with the personal data: segment memberships and the analytics snapshot.
    await tx.segmentMember.deleteMany({ where: { memberId } });
    await tx.memberMetrics.deleteMany({ where: { memberId } });
    // Earlier audit rows hold personal data in before/after: keep the fact of each action, drop the values.
    const cardIds = member.cards.map((c) => c.id);
    await tx.auditLog.updateMany({
      where: { OR: [{ entityType: 'member', entityId: memberId }, { entityType: 'card', entityId: { in: cardIds } }] },
      data: { before: { redacted: true }, after: { redacted: true } },
    });
    await writeAudit(tx, actor, {
      action: 'member.erase',
      entityType: 'member',
      entityId: memberId,
      after: { erasedAt: erasedAt.toISOString(), pointsBalance: member.pointsBalance, tierCode: member.tierCode },
    });
    return { erasedAt, attachmentKeys };
  });
  // Files are removed once the erasure is committed; a failure here leaves files an admin can still delete.
  await Promise.all(attachmentKeys.map((key) => rm(attachmentPath(deps.config.filesDir, key), { force: true })));
  return { memberId, erasedAt: erasedAt.toISOString() };
}
