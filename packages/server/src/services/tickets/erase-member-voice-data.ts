import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../context';

const REDACTED = '[erased]';

/**
 * Removes a member's free texts from customer voice inside the erasure transaction (KVKK): ticket texts,
 * subjects and contact data, the bodies of their tickets' history (notes and replies may quote them), and
 * free-text survey answers. Ticket numbers, statuses, dates and scores stay for the service statistics.
 * Returns the storage keys of the tickets' attachments, for the caller to delete after commit.
 */
export async function eraseMemberVoiceData(tx: Tx, memberId: string): Promise<string[]> {
  const tickets = await tx.ticket.findMany({ where: { memberId }, select: { id: true } });
  const ticketIds = tickets.map((t) => t.id);
  await tx.ticket.updateMany({
    where: { memberId },
    data: { text: REDACTED, subject: null, contactName: null, contactPhone: null, contactEmail: null },
  });
  await tx.ticketEvent.updateMany({ where: { ticketId: { in: ticketIds }, body: { not: null } }, data: { body: REDACTED } });
  const attachments = await tx.ticketAttachment.findMany({ where: { ticketId: { in: ticketIds } }, select: { storageKey: true } });
  await tx.ticketAttachment.deleteMany({ where: { ticketId: { in: ticketIds } } });

  const responses = await tx.surveyResponse.findMany({ where: { memberId }, select: { id: true, answers: true, survey: { select: { questions: { select: { key: true, type: true } } } } } });
  for (const r of responses) {
    const textKeys = new Set(r.survey.questions.filter((q) => q.type === 'TEXT').map((q) => q.key));
    const answers = r.answers as Record<string, unknown>;
    if (![...textKeys].some((k) => k in answers)) continue;
    const kept = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, textKeys.has(k) ? REDACTED : v]));
    await tx.surveyResponse.update({ where: { id: r.id }, data: { answers: kept as Prisma.InputJsonValue } });
  }
  return attachments.map((a) => a.storageKey);
}
