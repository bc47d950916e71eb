import type { TCampaignEvaluation } from '@kulup/contracts';
import { isInControlGroup, welchInterval } from '@kulup/domain';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { loadProgramSettings } from '../program/program-settings';
import { campaignAudience } from './campaign-audience';

/**
 * A campaign's results (reads only): reach, awards and cost; its personal offers by status; spend per audience
 * member during the campaign window, treatment versus the control group, with Welch's 95% interval; and ROI on
 * sales, (incremental spend − cost in kuruş) ÷ cost. Members count in the group the stable hash puts them in,
 * whether or not they shopped.
 */
export async function evaluateCampaign(db: Db, campaignId: string, now = new Date()): Promise<TCampaignEvaluation> {
  const row = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!row) throw notFound('Campaign');
  const settings = await loadProgramSettings(db);
  const from = row.startsAt;
  const to = new Date(Math.min(row.endsAt.getTime(), now.getTime()));

  const totals = await db.campaignAward.aggregate({
    where: { campaignId },
    _count: { _all: true },
    _sum: { points: true, discountKurus: true, giftKurus: true, drawEntries: true },
  });
  const reach = (await db.campaignAward.groupBy({ by: ['memberId'], where: { campaignId } })).length;
  const offers = { issued: 0, seen: 0, activated: 0, redeemed: 0, expired: 0 };
  for (const g of await db.personalOffer.groupBy({ by: ['status'], where: { campaignId }, _count: { _all: true } })) {
    offers[g.status.toLowerCase() as keyof typeof offers] = g._count._all;
  }

  const audience = await campaignAudience(db, row.segmentId);
  const spend = new Map<string, number>();
  if (to > from) {
    const grouped = await db.receipt.groupBy({
      by: ['memberId'],
      where: { status: 'FINAL', memberId: { not: null }, occurredAt: { gte: from, lt: to } },
      _sum: { totalKurus: true },
    });
    for (const g of grouped) if (g.memberId) spend.set(g.memberId, g._sum.totalKurus ?? 0);
  }
  const controlPct = row.controlBasisPoints / 100;
  const treatment: number[] = [];
  const control: number[] = [];
  for (const memberId of audience) (isInControlGroup(row.id, memberId, controlPct) ? control : treatment).push(spend.get(memberId) ?? 0);
  const ci = welchInterval(treatment, control);

  const points = totals._sum.points ?? 0;
  const discountKurus = totals._sum.discountKurus ?? 0;
  const giftKurus = totals._sum.giftKurus ?? 0;
  const costKurus = points * settings.kurusPerPoint + discountKurus + giftKurus;
  const incrementalSpendKurus = control.length > 0 ? ci.difference * treatment.length : 0;
  return {
    campaignId,
    from: from.toISOString(),
    to: to.toISOString(),
    reach,
    awards: totals._count._all,
    points,
    discountKurus,
    giftKurus,
    drawEntries: totals._sum.drawEntries ?? 0,
    budgetUsed: row.budgetUsed,
    costKurus,
    offers,
    uplift: {
      treatmentMembers: treatment.length,
      controlMembers: control.length,
      meanSpendTreatmentKurus: ci.meanTreatment,
      meanSpendControlKurus: ci.meanControl,
      incrementalSpendPerMemberKurus: control.length > 0 ? ci.difference : 0,
      ciLowKurus: ci.low,
      ciHighKurus: ci.high,
      incrementalSpendKurus,
    },
    roi: costKurus > 0 && control.length > 0 ? (incrementalSpendKurus - costKurus) / costKurus : null,
  };
}
