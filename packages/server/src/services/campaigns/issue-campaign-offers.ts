import type { TIssuedCampaignOffers } from '@kulup/contracts';
import { isCampaignEligible, isInControlGroup, rankOffers } from '@kulup/domain';
import type { PurchaseHistory } from '@kulup/domain';

import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';
import { toDomainCampaign } from './campaign.mapper';
import { MAX_OPEN_OFFERS, OFFER_HISTORY_DAYS as HISTORY_DAYS, lockMemberOffers, offerCampaignsAt } from './offer-campaigns';
import type { OfferText } from './offer-campaigns';
import { loadMemberFacts } from './receipt-campaigns';

const DAY_MS = 86_400_000;

async function purchaseHistory(tx: Tx, memberId: string, now: Date): Promise<PurchaseHistory> {
  const lines = await tx.receiptLine.findMany({
    where: { isReward: false, netKurus: { gt: 0 }, receipt: { memberId, status: 'FINAL', occurredAt: { gte: new Date(now.getTime() - HISTORY_DAYS * DAY_MS), lte: now } } },
    select: { category: true, brand: true, sku: true, netKurus: true },
    take: 20_000,
  });
  const h = { byCategory: {} as Record<string, number>, byBrand: {} as Record<string, number>, bySku: {} as Record<string, number>, totalKurus: 0 };
  for (const l of lines) {
    h.byCategory[l.category] = (h.byCategory[l.category] ?? 0) + l.netKurus;
    if (l.brand) h.byBrand[l.brand] = (h.byBrand[l.brand] ?? 0) + l.netKurus;
    h.bySku[l.sku] = (h.bySku[l.sku] ?? 0) + l.netKurus;
    h.totalKurus += l.netKurus;
  }
  const last = await tx.receipt.findFirst({ where: { memberId, status: 'FINAL', occurredAt: { lte: now } }, orderBy: { occurredAt: 'desc' }, select: { occurredAt: true } });
  return { ...h, daysSinceLastVisit: last ? Math.floor((now.getTime() - last.occurredAt.getTime()) / DAY_MS) : null };
}

/**
 * Issues a member's personal offers from the active campaigns shown at the kiosk or the POS that have offer
 * texts: the member must be in the audience and not in the campaign's control group (control members never
 * get an offer), and hold no open offer of it yet. Ranked by the domain's rankOffers using purchase history
 * only with the member's profiling consent (KVKK); without it, by priority alone. At most five open campaign
 * offers; each is valid until its campaign ends. Issuing nothing writes nothing. generateCampaignOffers does the
 * same for every member at once; while it runs, this issues nothing (the run covers the member), and two calls
 * for one member queue (offer-campaigns.ts, locks).
 */
export async function issueCampaignOffers(db: Db, actor: Actor, memberId: string, now = new Date()): Promise<TIssuedCampaignOffers> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: memberId }, select: { tierCode: true, erasedAt: true } });
    if (!member) throw notFound('Member');
    if (member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
    const profiling = await tx.consent.findFirst({ where: { memberId, kind: 'PROFILING' }, orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }], select: { status: true } });
    const personalised = profiling?.status === 'GRANTED';
    // A set-wise run is issuing everyone's offers right now: it covers this member too.
    if (!(await lockMemberOffers(tx, memberId))) return { issued: [], personalised };

    const rows = await offerCampaignsAt(tx, now);
    if (rows.length === 0) return { issued: [], personalised };
    const { facts } = await loadMemberFacts(tx, memberId, member.tierCode, now, rows);
    const open = await tx.personalOffer.findMany({
      where: { memberId, campaignId: { in: rows.map((r) => r.id) }, status: { in: ['ISSUED', 'SEEN', 'ACTIVATED'] }, validTo: { gt: now } },
      select: { campaignId: true },
    });
    const held = new Set(open.map((o) => o.campaignId));
    const slots = MAX_OPEN_OFFERS - held.size;
    if (slots <= 0) return { issued: [], personalised };

    const eligible = rows.filter(
      (r) =>
        !held.has(r.id) &&
        !isInControlGroup(r.id, memberId, r.controlBasisPoints / 100) &&
        // Activation is what the offer is for, so it is not required to receive one.
        isCampaignEligible({ ...toDomainCampaign(r), requiresActivation: false, storeIds: [] }, facts, now, '', r.segmentId !== null),
    );
    const ranked = (
      personalised
        ? rankOffers(eligible.map(toDomainCampaign), await purchaseHistory(tx, memberId, now))
        : eligible.map((r) => ({ campaignId: r.id, score: r.priority, priority: r.priority })) // already in priority order
    ).slice(0, slots);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const issued: TIssuedCampaignOffers['issued'] = [];
    for (const [i, o] of ranked.entries()) {
      const campaign = byId.get(o.campaignId)!;
      const text = campaign.offer as OfferText;
      const created = await tx.personalOffer.create({
        data: {
          memberId,
          titleTr: text.titleTr,
          titleEn: text.titleEn ?? null,
          descriptionTr: text.descriptionTr ?? null,
          descriptionEn: text.descriptionEn ?? null,
          validFrom: now,
          validTo: campaign.endsAt,
          campaignId: campaign.id,
        },
      });
      issued.push({ offerId: created.id, campaignId: campaign.id, rank: held.size + i + 1, score: o.score });
    }
    if (issued.length > 0) {
      await writeAudit(tx, actor, { action: 'campaign.offers.issue', entityType: 'member', entityId: memberId, after: { personalised, issued } });
    }
    return { issued, personalised };
  });
}
