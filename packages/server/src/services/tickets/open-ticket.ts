import { addBusinessMinutes, routeTicket } from '@kulup/domain';

import type { ContactChannel, Ticket, TicketChannel, TicketKind, TicketPriority } from '../../generated/prisma/client';
import { ServiceError } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';
import { loadBusinessCalendar } from '../sla/business-calendar';
import { loadSlaTargets } from '../sla/sla-targets';
import { nextTicketNumber } from './ticket-number';

export type OpenTicketInput = {
  kind: TicketKind;
  channel: TicketChannel;
  categoryCode: string;
  text: string;
  subject?: string | undefined;
  priority?: TicketPriority | undefined;
  storeId: string | null;
  memberId: string | null;
  terminalId: string | null;
  contactChannel: ContactChannel | null;
  contact?: { name?: string | undefined; phone?: string | undefined; email?: string | undefined } | undefined;
  /** A ticket id chosen by the caller (files written before the row); generated otherwise. */
  id?: string | undefined;
  /** EMAIL imports: the mail's Message-ID (unique, so a mail is never filed twice). */
  emailMessageId?: string | undefined;
};

/**
 * Opens a ticket inside the caller's transaction: checks the category, store and member, routes it to a team
 * (and agent) by the routing rules, sets first-response and resolution targets in business minutes from the
 * SLA policy of its priority, and records the creation in the ticket history and the audit log.
 */
export async function openTicket(tx: Tx, actor: Actor, input: OpenTicketInput, at: Date = new Date()): Promise<Ticket> {
  const category = await tx.ticketCategory.findUnique({ where: { code: input.categoryCode } });
  if (!category?.active) {
    throw new ServiceError('UNKNOWN_REFERENCE', `There is no category ${input.categoryCode}`, [{ path: 'categoryCode', message: 'Unknown category' }]);
  }
  if (input.storeId && !(await tx.store.findUnique({ where: { id: input.storeId }, select: { id: true } }))) {
    throw new ServiceError('UNKNOWN_REFERENCE', 'There is no such store', [{ path: 'storeId', message: 'Unknown store' }]);
  }
  if (input.memberId) {
    const member = await tx.member.findUnique({ where: { id: input.memberId }, select: { erasedAt: true } });
    if (!member) throw new ServiceError('UNKNOWN_REFERENCE', 'There is no such member', [{ path: 'memberId', message: 'Unknown member' }]);
    if (member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
  }

  const rules = await tx.routingRule.findMany({ where: { active: true, team: { active: true } }, include: { category: { select: { code: true } } } });
  const rule = routeTicket(
    rules.map((r) => ({ id: r.id, categoryCode: r.category?.code ?? null, storeId: r.storeId, teamId: r.teamId, agentId: r.agentId, priority: r.priority })),
    { categoryCode: category.code, storeId: input.storeId },
  );
  const priority = input.priority ?? category.defaultPriority;
  // One after the other: queries of one transaction share its connection.
  const calendar = await loadBusinessCalendar(tx);
  const targets = await loadSlaTargets(tx, priority);
  const { seq, number } = await nextTicketNumber(tx, at);

  const ticket = await tx.ticket.create({
    data: {
      ...(input.id ? { id: input.id } : {}),
      ...(input.emailMessageId ? { emailMessageId: input.emailMessageId } : {}),
      number,
      seq,
      kind: input.kind,
      channel: input.channel,
      categoryId: category.id,
      priority,
      status: rule ? 'ASSIGNED' : 'NEW',
      storeId: input.storeId,
      memberId: input.memberId,
      terminalId: input.terminalId,
      createdById: actor.type === 'STAFF' ? actor.id : null,
      subject: input.subject ?? null,
      text: input.text,
      contactChannel: input.contactChannel,
      contactName: input.contact?.name ?? null,
      contactPhone: input.contact?.phone ?? null,
      contactEmail: input.contact?.email ?? null,
      teamId: rule?.teamId ?? null,
      assigneeId: rule?.agentId ?? null,
      firstResponseDueAt: addBusinessMinutes(at, targets.firstResponseMinutes, calendar),
      resolutionDueAt: addBusinessMinutes(at, targets.resolutionMinutes, calendar),
      createdAt: at,
    },
  });
  await tx.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      kind: 'CREATED',
      actorType: actor.type,
      actorId: actor.id,
      toStatus: ticket.status,
      data: { channel: ticket.channel, routingRuleId: rule?.id ?? null, teamId: ticket.teamId, assigneeId: ticket.assigneeId },
      at,
    },
  });
  await writeAudit(tx, actor, {
    action: 'ticket.create',
    entityType: 'ticket',
    entityId: ticket.id,
    after: { number, channel: ticket.channel, categoryCode: category.code, priority, memberId: ticket.memberId, storeId: ticket.storeId, teamId: ticket.teamId },
  });
  return ticket;
}
