import type { Ticket } from '../../generated/prisma/client';
import type { Tx } from '../context';

/** The system survey (seeded by the customer_voice migration) asked after a resolved ticket. */
export const FOLLOW_UP_SURVEY_CODE = 'TICKET_FOLLOW_UP';
const FOLLOW_UP_DAYS = 14;

/**
 * Asks the member of a just-resolved ticket the one-question satisfaction follow-up (the kiosk offers it for
 * 14 days). Once per ticket: a reopened and re-resolved ticket keeps its first follow-up. Anonymous tickets and
 * erased members get none.
 */
export async function createFollowUp(tx: Tx, ticket: Pick<Ticket, 'id' | 'memberId'>, at: Date): Promise<void> {
  if (!ticket.memberId) return;
  const member = await tx.member.findUnique({ where: { id: ticket.memberId }, select: { erasedAt: true } });
  if (!member || member.erasedAt) return;
  const survey = await tx.survey.findUnique({ where: { code: FOLLOW_UP_SURVEY_CODE }, select: { id: true, status: true } });
  if (!survey || survey.status !== 'ACTIVE') return;
  const existing = await tx.surveyFollowUp.findUnique({ where: { ticketId: ticket.id }, select: { id: true } });
  if (existing) return;
  await tx.surveyFollowUp.create({
    data: { surveyId: survey.id, ticketId: ticket.id, memberId: ticket.memberId, createdAt: at, expiresAt: new Date(at.getTime() + FOLLOW_UP_DAYS * 86_400_000) },
  });
}
