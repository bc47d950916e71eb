import type { TCampaignForecast } from '@kulup/contracts';
import { forecastCampaign as forecast } from '@kulup/domain';
import type { MemberFacts, PastReceipt } from '@kulup/domain';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { loadProgramSettings } from '../program/program-settings';
import { toDomainCampaign } from './campaign.mapper';
import { campaignAudience } from './campaign-audience';

const DAY_MS = 86_400_000;
/** The forecast replays at most this many of the period's most recent receipts. */
const MAX_RECEIPTS = 50_000;

/**
 * Reach and cost of a campaign had it run over the last `days` days of its audience's receipts (reads only):
 * every eligible member assumed to activate, the control group held out, the budget cap ignored. Cross-sell
 * triggers count from the basket only, and tiers are the members' current ones.
 */
export async function forecastCampaign(db: Db, campaignId: string, days: number, now = new Date()): Promise<TCampaignForecast> {
  const row = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!row) throw notFound('Campaign');
  const settings = await loadProgramSettings(db);
  const from = new Date(now.getTime() - days * DAY_MS);
  const audience = await campaignAudience(db, row.segmentId);
  const inAudience = new Set(audience);
  const receipts = (
    await db.receipt.findMany({
      where: { status: 'FINAL', memberId: { not: null }, occurredAt: { gte: from, lt: now } },
      orderBy: { occurredAt: 'desc' },
      take: MAX_RECEIPTS,
      select: { id: true, memberId: true, storeId: true, occurredAt: true },
    })
  ).filter((r) => r.memberId !== null && inAudience.has(r.memberId));
  const memberIds = [...new Set(receipts.map((r) => r.memberId as string))];
  const members = new Map(
    (await db.member.findMany({ where: { id: { in: memberIds } }, select: { id: true, tierCode: true, birthDate: true } })).map((m) => [m.id, m]),
  );
  const lines = await db.receiptLine.findMany({ where: { receiptId: { in: receipts.map((r) => r.id) } } });
  const linesByReceipt = new Map<string, typeof lines>();
  for (const l of lines) linesByReceipt.set(l.receiptId, [...(linesByReceipt.get(l.receiptId) ?? []), l]);
  // Visits in time order per member, to know the days since the previous one.
  const previousBefore = new Map(
    (
      await db.receipt.groupBy({ by: ['memberId'], where: { status: 'FINAL', memberId: { in: memberIds }, occurredAt: { lt: from } }, _max: { occurredAt: true } })
    ).map((g) => [g.memberId as string, g._max.occurredAt]),
  );
  const chronological = [...receipts].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const lastVisit = new Map<string, Date | null>(memberIds.map((id) => [id, previousBefore.get(id) ?? null]));
  const past: PastReceipt[] = [];
  for (const r of chronological) {
    const memberId = r.memberId as string;
    const m = members.get(memberId);
    if (!m) continue;
    const last = lastVisit.get(memberId) ?? null;
    const facts: MemberFacts = {
      memberId,
      tierCode: m.tierCode,
      birthDate: m.birthDate,
      daysSinceLastVisit: last ? Math.floor((r.occurredAt.getTime() - last.getTime()) / DAY_MS) : null,
      audienceCampaignIds: new Set([row.id]),
      activatedCampaignIds: new Set([row.id]),
      previousAwards: {},
      recentPurchases: { skus: new Set(), categories: new Set(), brands: new Set() },
    };
    lastVisit.set(memberId, r.occurredAt);
    past.push({
      at: r.occurredAt,
      storeId: r.storeId,
      member: facts,
      lines: (linesByReceipt.get(r.id) ?? []).map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        category: l.category,
        brand: l.brand ?? undefined,
        quantity: l.quantity,
        net: l.netKurus,
        isReward: l.isReward,
        points: l.pointsEarned,
      })),
    });
  }
  const result = forecast(toDomainCampaign(row), past, row.budgetUnit, settings.kurusPerPoint);
  return { ...result, from: from.toISOString(), to: now.toISOString(), audienceSize: audience.length, budgetUnit: row.budgetUnit };
}
