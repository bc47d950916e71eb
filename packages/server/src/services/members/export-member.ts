import type { TMemberExport } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toCard, toConsent, toMemberBase } from './member.mapper';

/**
 * Everything held about a member as JSON (KVKK art. 11 access request): profile, consent history, cards,
 * points history, receipts, offers, tickets, survey answers, segments and analytics. The export itself is audited.
 */
export async function exportMember(db: Db, actor: Actor, memberId: string): Promise<TMemberExport> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({
      where: { id: memberId },
      include: { consents: { orderBy: { recordedAt: 'asc' } }, cards: { orderBy: { issuedAt: 'asc' } } },
    });
    if (!member) throw notFound('Member');
    const cardIds = member.cards.map((c) => c.id);
    const audit = await tx.auditLog.findMany({
      where: { OR: [{ entityType: 'member', entityId: memberId }, { entityType: 'card', entityId: { in: cardIds } }] },
      orderBy: { id: 'asc' },
    });
    const [ledger, receipts, offers, pin, tickets, responses] = await Promise.all([
      tx.ledgerEntry.findMany({ where: { memberId, account: 'member' }, orderBy: { id: 'asc' } }),
      tx.receipt.findMany({ where: { memberId }, orderBy: { occurredAt: 'asc' }, include: { lines: { orderBy: { lineNo: 'asc' } } } }),
      tx.personalOffer.findMany({ where: { memberId }, orderBy: { issuedAt: 'asc' } }),
      tx.memberPin.findUnique({ where: { memberId }, select: { memberId: true } }),
      // Internal notes are staff records about the case, not data the member gave: replies and status changes are.
      tx.ticket.findMany({
        where: { memberId },
        orderBy: { createdAt: 'asc' },
        include: { events: { where: { kind: { not: 'NOTE' } }, orderBy: { at: 'asc' } } },
      }),
      tx.surveyResponse.findMany({ where: { memberId }, orderBy: { submittedAt: 'asc' } }),
    ]);
    const segments = await tx.segmentMember.findMany({ where: { memberId }, include: { segment: { select: { name: true } } }, orderBy: { addedAt: 'asc' } });
    const metrics = await tx.memberMetrics.findUnique({ where: { memberId } });
    const campaignAwards = await tx.campaignAward.findMany({ where: { memberId }, orderBy: { createdAt: 'asc' } });
    const campaignControls = await tx.campaignControl.findMany({ where: { memberId }, orderBy: { createdAt: 'asc' } });
    const campaignMessages = await tx.campaignMessage.findMany({ where: { memberId }, orderBy: { createdAt: 'asc' } });
    await writeAudit(tx, actor, { action: 'member.export', entityType: 'member', entityId: memberId });
    return {
      exportedAt: new Date().toISOString(),
      member: toMemberBase(member),
      consentHistory: member.consents.map(toConsent),
      cards: member.cards.map(toCard),
      auditTrail: audit.map((a) => ({
        at: a.at.toISOString(),
        action: a.action,
        actorType: a.actorType,
        before: a.before,
        after: a.after,
      })),
      pointsHistory: ledger.map((e) => ({ at: e.createdAt.toISOString(), kind: e.kind, points: e.points, event: e.eventKey })),
      receipts: receipts.map((r) => ({
        id: r.id,
        occurredAt: r.occurredAt.toISOString(),
        storeId: r.storeId,
        status: r.status,
        totalKurus: r.totalKurus,
        pointsEarned: r.pointsEarned,
        pointsRedeemed: r.pointsRedeemed,
        lines: r.lines.map((l) => ({ sku: l.sku, category: l.category, quantity: l.quantity, netKurus: l.netKurus })),
      })),
      offers: offers.map((o) => ({ id: o.id, title: o.titleTr, status: o.status, validFrom: o.validFrom.toISOString(), validTo: o.validTo.toISOString() })),
      kioskPinSet: pin !== null,
      tickets: tickets.map((t) => ({
        number: t.number,
        kind: t.kind,
        status: t.status,
        createdAt: t.createdAt.toISOString(),
        text: t.text,
        messages: t.events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, body: e.body })),
      })),
      surveyResponses: responses.map((r) => ({ surveyId: r.surveyId, submittedAt: r.submittedAt.toISOString(), answers: r.answers })),
      segments: segments.map((m) => ({ segmentId: m.segmentId, name: m.segment.name, addedAt: m.addedAt.toISOString() })),
      metrics: metrics ? (JSON.parse(JSON.stringify(metrics)) as Record<string, unknown>) : null,
      campaigns: {
        awards: campaignAwards.map((a) => ({
          campaignId: a.campaignId,
          receiptId: a.receiptId,
          points: a.points,
          discountKurus: a.discountKurus,
          drawEntries: a.drawEntries,
          explanation: a.explanation,
          at: a.createdAt.toISOString(),
        })),
        controlGroups: campaignControls.map((c) => ({ campaignId: c.campaignId, since: c.createdAt.toISOString() })),
        messages: campaignMessages.map((m) => ({ campaignId: m.campaignId, channel: m.channel, status: m.status, reason: m.reason, at: m.createdAt.toISOString() })),
      },
    };
  });
}
