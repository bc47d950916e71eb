import type { TTicketDetail } from '@kulup/contracts';
import { TICKET_TRANSITIONS } from '@kulup/domain';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import type { Tx } from '../context';
import { currentConsents } from '../members/member.mapper';
import { loadBusinessCalendar } from '../sla/business-calendar';
import { checkReplyChannels } from './reply-channels';
import { ticketSummaryInclude, toTicketSummary } from './ticket.mapper';

const RECENT_TICKETS = 5;

/** A ticket as the agent's ticket page shows it: history, attachments, SLA clocks and the member's summary. */
export async function getTicket(db: Db | Tx, ticketId: string, now: Date = new Date()): Promise<TTicketDetail> {
  const ticket = await db.ticket.findUnique({
    where: { id: ticketId },
    include: {
      ...ticketSummaryInclude,
      events: { orderBy: { id: 'asc' } },
      attachments: { orderBy: { createdAt: 'asc' } },
      followUp: { include: { response: { select: { answers: true } } } },
      member: { include: { consents: true } },
    },
  });
  if (!ticket) throw notFound('Ticket');
  const calendar = await loadBusinessCalendar(db);
  const member = ticket.member;
  const recent = member
    ? await db.ticket.findMany({
        where: { memberId: member.id, id: { not: ticket.id } },
        orderBy: { createdAt: 'desc' },
        take: RECENT_TICKETS,
        select: { id: true, number: true, status: true, createdAt: true },
      })
    : [];
  const channels = checkReplyChannels(ticket, member);
  const inForce = member ? currentConsents(member.consents) : [];
  const granted = (kind: 'SMS' | 'EMAIL' | 'CALL') => inForce.some((c) => c.kind === kind && c.status === 'GRANTED');
  const followUp = ticket.followUp;
  const score = followUp?.response ? (followUp.response.answers as Record<string, unknown>).csat : undefined;
  return {
    ...toTicketSummary(ticket, calendar, now),
    text: ticket.text,
    contactChannel: ticket.contactChannel,
    contact:
      ticket.contactName || ticket.contactPhone || ticket.contactEmail
        ? { name: ticket.contactName, phone: ticket.contactPhone, email: ticket.contactEmail }
        : null,
    closedAt: ticket.closedAt?.toISOString() ?? null,
    allowedTransitions: [...TICKET_TRANSITIONS[ticket.status]],
    replyChannels: channels.filter((c) => c.allowed).map((c) => c.channel),
    member: member
      ? {
          memberId: member.id,
          firstName: member.firstName,
          tierCode: member.tierCode,
          pointsBalance: member.pointsBalance,
          erased: member.erasedAt !== null,
          consents: { SMS: granted('SMS'), EMAIL: granted('EMAIL'), CALL: granted('CALL') },
          recentTickets: recent.map((r) => ({ id: r.id, number: r.number, status: r.status, createdAt: r.createdAt.toISOString() })),
        }
      : null,
    events: ticket.events.map((e) => ({
      id: String(e.id),
      kind: e.kind,
      actorType: e.actorType,
      actorId: e.actorId,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      channel: e.channel,
      body: e.body,
      data: e.data ?? null,
      at: e.at.toISOString(),
    })),
    attachments: ticket.attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      contentType: a.contentType,
      byteSize: a.byteSize,
      sha256: a.sha256,
      createdAt: a.createdAt.toISOString(),
    })),
    followUp: followUp
      ? {
          status: followUp.respondedAt ? 'ANSWERED' : followUp.expiresAt <= now ? 'EXPIRED' : 'PENDING',
          score: typeof score === 'number' ? score : null,
        }
      : null,
  };
}
