import type { TEarningBreakdownItem, TReceiptCampaignAward } from '@kulup/contracts';
import { awardCost, evaluateCampaigns } from '@kulup/domain';
import type { BasketLine, Campaign, CampaignAward, MemberFacts } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { Campaign as CampaignRow } from '../../generated/prisma/client';
import type { Actor, Tx } from '../context';
import { SYSTEM_ACCOUNT, postLedgerEvent } from '../points/ledger';
import { toDomainCampaign } from './campaign.mapper';

const DAY_MS = 86_400_000;
/** How far back "bought A" counts for cross-sell triggers. */
const CROSS_SELL_LOOKBACK_DAYS = 90;

export type ReceiptCampaignInput = {
  memberId: string;
  tierCode: string;
  storeId: string;
  occurredAt: Date;
  lines: readonly { lineNo: number; sku: string; category: string; brand?: string | undefined; quantity: number; unitPrice: number; lineDiscount: number; isReward?: boolean | undefined }[];
  /** Points each line earned under the earning rules. */
  earnedByLine: ReadonlyMap<number, number>;
};

/** Awards the campaigns would give, with what booking needs to record them. */
export type ReceiptCampaigns = {
  awards: CampaignAward[];
  controlled: string[];
  rows: Map<string, CampaignRow>;
  /** The activated offer each activation campaign redeems. */
  offerByCampaign: Map<string, string>;
};

/** Builds the member facts campaigns need (audience, activations, earlier awards, last visit, recent purchases). */
export async function loadMemberFacts(db: Db | Tx, memberId: string, tierCode: string, at: Date, campaigns: readonly CampaignRow[]) {
  const ids = campaigns.map((c) => c.id);
  const segmentIds = [...new Set(campaigns.map((c) => c.segmentId).filter((s): s is string => s !== null))];
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { birthDate: true } });
  const last = await db.receipt.findFirst({
    where: { memberId, status: 'FINAL', occurredAt: { lt: at } },
    orderBy: { occurredAt: 'desc' },
    select: { occurredAt: true },
  });
  const segments =
    segmentIds.length > 0
      ? new Set((await db.segmentMember.findMany({ where: { memberId, segmentId: { in: segmentIds } }, select: { segmentId: true } })).map((s) => s.segmentId))
      : new Set<string>();
  const offers = await db.personalOffer.findMany({
    where: { memberId, campaignId: { in: ids }, status: 'ACTIVATED', validFrom: { lte: at }, validTo: { gt: at } },
    orderBy: { activatedAt: 'asc' },
    select: { id: true, campaignId: true },
  });
  const offerByCampaign = new Map<string, string>();
  for (const o of offers) if (o.campaignId && !offerByCampaign.has(o.campaignId)) offerByCampaign.set(o.campaignId, o.id);
  const previous = await db.campaignAward.groupBy({
    by: ['campaignId'],
    where: { memberId, campaignId: { in: ids } },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  const recent = { skus: new Set<string>(), categories: new Set<string>(), brands: new Set<string>() };
  if (campaigns.some((c) => c.type === 'CROSS_SELL')) {
    const lines = await db.receiptLine.findMany({
      where: { isReward: false, receipt: { memberId, status: 'FINAL', occurredAt: { gte: new Date(at.getTime() - CROSS_SELL_LOOKBACK_DAYS * DAY_MS), lt: at } } },
      select: { sku: true, category: true, brand: true },
      take: 5000,
    });
    for (const l of lines) {
      recent.skus.add(l.sku);
      recent.categories.add(l.category);
      if (l.brand) recent.brands.add(l.brand);
    }
  }
  const facts: MemberFacts = {
    memberId,
    tierCode,
    birthDate: member.birthDate,
    daysSinceLastVisit: last ? Math.floor((at.getTime() - last.occurredAt.getTime()) / DAY_MS) : null,
    audienceCampaignIds: new Set(campaigns.filter((c) => c.segmentId !== null && segments.has(c.segmentId)).map((c) => c.id)),
    activatedCampaignIds: new Set(offerByCampaign.keys()),
    previousAwards: Object.fromEntries(previous.map((p) => [p.campaignId, { count: p._count._all, lastAt: p._max.createdAt ?? new Date(0) }])),
    recentPurchases: recent,
  };
  return { facts, offerByCampaign };
}

/** The basket as campaigns see it. */
export function basketLines(input: Pick<ReceiptCampaignInput, 'lines' | 'earnedByLine'>): BasketLine[] {
  return input.lines.map((l) => ({
    lineNo: l.lineNo,
    sku: l.sku,
    category: l.category,
    brand: l.brand,
    quantity: l.quantity,
    net: l.quantity * l.unitPrice - l.lineDiscount,
    isReward: l.isReward ?? false,
    points: input.earnedByLine.get(l.lineNo) ?? 0,
  }));
}

/** Campaigns in force at the sale (ACTIVE, window containing it), priority order. */
export async function activeCampaignsAt(db: Db | Tx, at: Date): Promise<CampaignRow[]> {
  return db.campaign.findMany({
    where: { status: 'ACTIVE', startsAt: { lte: at }, endsAt: { gt: at } },
    orderBy: [{ priority: 'desc' }, { id: 'asc' }],
  });
}

/** What the active campaigns give this member's basket (reads only; the budget is not reserved here). */
export async function computeReceiptCampaigns(db: Db | Tx, input: ReceiptCampaignInput): Promise<ReceiptCampaigns> {
  const rows = await activeCampaignsAt(db, input.occurredAt);
  if (rows.length === 0) return { awards: [], controlled: [], rows: new Map(), offerByCampaign: new Map() };
  const { facts, offerByCampaign } = await loadMemberFacts(db, input.memberId, input.tierCode, input.occurredAt, rows);
  const campaigns: Campaign[] = rows.map(toDomainCampaign);
  const result = evaluateCampaigns({
    campaigns,
    lines: basketLines(input),
    member: facts,
    at: input.occurredAt,
    storeId: input.storeId,
    segmented: new Set(rows.filter((r) => r.segmentId !== null).map((r) => r.id)),
  });
  return { ...result, rows: new Map(rows.map((r) => [r.id, r])), offerByCampaign };
}

/** Awards whose cost still fits the remaining budget as last read (the quote's view; booking reserves for real). */
export function withinBudgetAsRead(c: ReceiptCampaigns, kurusPerPoint: number): CampaignAward[] {
  return c.awards.filter((a) => {
    const row = c.rows.get(a.campaignId);
    return !row || row.budgetCap === null || row.budgetUsed + awardCost(a, row.budgetUnit, kurusPerPoint) <= row.budgetCap;
  });
}

/**
 * Reserves each award's cost on its campaign with one conditional UPDATE (in priority order, the same order
 * for every receipt, so concurrent receipts never deadlock): the row is re-checked after a concurrent commit,
 * so budget_used never passes budget_cap. An award that does not fit whole is dropped whole, and so is one
 * whose campaign stopped being ACTIVE meanwhile. Returns the awards that were reserved.
 */
export async function reserveCampaignBudgets(tx: Tx, c: ReceiptCampaigns, kurusPerPoint: number): Promise<(CampaignAward & { cost: number })[]> {
  const kept: (CampaignAward & { cost: number })[] = [];
  for (const award of c.awards) {
    const row = c.rows.get(award.campaignId);
    if (!row) continue;
    const cost = awardCost(award, row.budgetUnit, kurusPerPoint);
    const reserved = await tx.$executeRaw`
      UPDATE campaign SET budget_used = budget_used + ${cost}
      WHERE id = ${row.id}::uuid AND status = 'ACTIVE' AND (budget_cap IS NULL OR budget_used + ${cost} <= budget_cap)`;
    if (reserved === 1) kept.push({ ...award, cost });
  }
  return kept;
}

/** Per-line points of the awards, keyed by line number. */
export function campaignPointsByLine(awards: readonly CampaignAward[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const a of awards) for (const l of a.lines) out.set(l.lineNo, (out.get(l.lineNo) ?? 0) + l.points);
  return out;
}

/** Breakdown items for the awards that carry points (`campaign:<id>`), after the earning rules' items. */
export function campaignBreakdown(awards: readonly CampaignAward[]): TEarningBreakdownItem[] {
  return awards
    .filter((a) => a.points > 0)
    .map((a) => ({ ruleId: `campaign:${a.campaignId}`, ruleName: a.campaignName, kind: 'campaign', points: a.points, lines: a.lines.map((l) => l.lineNo), capped: false }));
}

/** The API view of the awards. */
export function toReceiptAwards(awards: readonly CampaignAward[]): TReceiptCampaignAward[] {
  return awards.map((a) => ({
    campaignId: a.campaignId,
    campaignName: a.campaignName,
    type: a.type,
    points: a.points,
    discountKurus: a.discountKurus,
    gift: a.gift,
    drawEntries: a.drawEntries,
    explanation: a.explanation,
  }));
}

export type RecordAwardsInput = {
  receiptId: string;
  memberId: string;
  occurredAt: Date;
  availableAt: Date;
  expiresAt: Date;
  awards: readonly (CampaignAward & { cost: number })[];
  campaigns: ReceiptCampaigns;
};

/**
 * Records reserved awards in the booking transaction: one campaign_award row each (unique per receipt and
 * campaign), a pending lot and ledger event per award with points (same pending and expiry rules as earned
 * points), the activated offer marked REDEEMED, and a campaign_control row for control-group members.
 */
export async function recordCampaignAwards(tx: Tx, actor: Actor, input: RecordAwardsInput): Promise<void> {
  for (const a of input.awards) {
    const offerId = input.campaigns.offerByCampaign.get(a.campaignId) ?? null;
    const row = input.campaigns.rows.get(a.campaignId);
    await tx.campaignAward.create({
      data: {
        campaignId: a.campaignId,
        receiptId: input.receiptId,
        memberId: input.memberId,
        points: a.points,
        discountKurus: a.discountKurus,
        giftKurus: a.gift?.valueKurus ?? 0,
        drawEntries: a.drawEntries,
        cost: a.cost,
        explanation: a.explanation,
        offerId: row?.requiresActivation ? offerId : null,
      },
    });
    if (a.points > 0) {
      const lot = await tx.pointsLot.create({
        data: {
          memberId: input.memberId,
          source: 'EARN',
          receiptId: input.receiptId,
          earned: a.points,
          earnedAt: input.occurredAt,
          availableAt: input.availableAt,
          expiresAt: input.expiresAt,
        },
      });
      await postLedgerEvent(tx, actor, {
        eventKey: `receipt:${input.receiptId}:campaign:${a.campaignId}`,
        kind: 'EARN',
        memberId: input.memberId,
        points: a.points,
        counterAccount: SYSTEM_ACCOUNT.issued,
        receiptId: input.receiptId,
        lotId: lot.id,
      });
    }
    if (row?.requiresActivation && offerId) {
      await tx.personalOffer.updateMany({ where: { id: offerId, status: 'ACTIVATED' }, data: { status: 'REDEEMED', redeemedAt: new Date() } });
    }
  }
  if (input.campaigns.controlled.length > 0) {
    await tx.campaignControl.createMany({
      data: input.campaigns.controlled.map((campaignId) => ({ campaignId, memberId: input.memberId, firstReceiptId: input.receiptId })),
      skipDuplicates: true,
    });
  }
}
