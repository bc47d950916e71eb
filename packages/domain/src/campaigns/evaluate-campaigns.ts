// Applies active campaigns to one basket. Stacking policy (docs/campaigns.md):
//   1. A campaign applies only inside its window (startsAt ≤ at < endsAt), in its stores, to members of its
//      audience, to members who activated its offer when it requires activation, and while the member has
//      awards left (maxAwardsPerMember). Members in its control group get nothing (reported as `controlled`).
//   2. Points multipliers never compound: each line takes the single highest multiplier among the campaigns
//      matching it (ties: higher priority, then smaller id); the extra is (m − 1) × the points the line earned
//      under the earning rules (tier multiplier included).
//   3. Fixed-points campaigns (bonus, basket threshold, cross-sell, birthday, win-back, tier upgrade) add up.
//   4. At most one discount coupon per receipt: the highest priority (ties: larger discount, smaller id).
//   5. Free gifts and draw entries add up, one award per campaign.
// Points are whole: each campaign's exact points are floored once and spread over the lines it touched by
// largest remainder, so a return reverses them like earned points. "Basket" is Σ net of non-reward lines.

import { createHash } from 'node:crypto';

import { type Fraction, div, floor, frac, fromDecimal, largestRemainder, mul, sub, sum, toSafeNumber } from '../points/fraction';
import { matchesLine } from '../points/earning-rules';
import type { LineMatch } from '../points/earning-rules';
import type { BasketLine, BudgetUnit, Campaign, CampaignAward, MemberFacts } from './campaign-types';

export type EvaluateCampaignsInput = {
  campaigns: readonly Campaign[];
  lines: readonly BasketLine[];
  member: MemberFacts;
  at: Date;
  storeId: string;
};

export type EvaluateCampaignsResult = {
  /** Awards in priority order (higher first, then id). */
  awards: CampaignAward[];
  /** Campaigns the member would have received but is held out from as a control-group member. */
  controlled: string[];
};

const BUCKETS = 10_000;

/** The member's stable bucket 0…9999 for a campaign: SHA-256 of `campaignId:memberId`. */
export function controlBucket(campaignId: string, memberId: string): number {
  const digest = createHash('sha256').update(`${campaignId}:${memberId}`).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/**
 * controlBucket as a PostgreSQL expression (PostgreSQL ≥ 11 and PGlite) over two text expressions, e.g.
 * `controlBucketSql('c.id::text', 'm.id::text')`: the same SHA-256 bytes read as an unsigned big-endian
 * 32-bit number, so set-wise SQL holds out exactly the members this module does (tests/campaigns check both).
 */
export function controlBucketSql(campaignIdText: string, memberIdText: string): string {
  const digest = `sha256(convert_to(${campaignIdText} || ':' || ${memberIdText}, 'UTF8'))`;
  return `(('x' || encode(substring(${digest} FROM 1 FOR 4), 'hex'))::bit(32)::bigint % ${BUCKETS})`;
}

/** True when the member is in the campaign's control group (bucket < controlPct % of the buckets). */
export function isInControlGroup(campaignId: string, memberId: string, controlPct: number): boolean {
  return controlBucket(campaignId, memberId) < Math.round(controlPct * (BUCKETS / 100));
}

/** The basket amount campaigns judge thresholds by: Σ net of non-reward lines. */
export function basketAmount(lines: readonly BasketLine[]): number {
  return lines.reduce((s, l) => s + (l.isReward || l.net <= 0 ? 0 : l.net), 0);
}

const asReceiptLine = (l: BasketLine) => ({ ...l, unitPrice: 0, lineDiscount: 0 });
const matches = (m: LineMatch | undefined, l: BasketLine): boolean => matchesLine(m, asReceiptLine(l));
const earning = (lines: readonly BasketLine[]): BasketLine[] => lines.filter((l) => !l.isReward && l.net > 0);

/** Spreads exact per-line quotas as whole points: floor(Σ) split by largest remainder. */
function spread(quotas: { lineNo: number; quota: Fraction }[]): { total: number; lines: { lineNo: number; points: number }[] } {
  const exact = sum(quotas.map((q) => q.quota));
  const total = floor(exact);
  if (total <= 0n) return { total: 0, lines: [] };
  const scale = div(frac(total), exact);
  const shares = largestRemainder(
    quotas.map((q) => mul(q.quota, scale)),
    total,
  );
  return {
    total: toSafeNumber(total),
    lines: quotas.map((q, i) => ({ lineNo: q.lineNo, points: toSafeNumber(shares[i] ?? 0n) })).filter((l) => l.points > 0),
  };
}

/** Fixed points spread over lines by net value. */
function fixedPoints(points: number, lines: readonly BasketLine[]) {
  const net = lines.reduce((s, l) => s + l.net, 0);
  if (net <= 0 || points <= 0) return { total: 0, lines: [] };
  return spread(lines.map((l) => ({ lineNo: l.lineNo, quota: frac(BigInt(points) * BigInt(l.net), net) })));
}

const DAY_MS = 86_400_000;
const ISTANBUL_OFFSET_MS = 3 * 3_600_000; // Türkiye has been UTC+3 all year since 2016.

function istanbulDay(at: Date): number {
  return Math.floor((at.getTime() + ISTANBUL_OFFSET_MS) / DAY_MS);
}

/** The start (UTC day number and instant) of the birthday window containing `at`, or null. */
function birthdayWindowStart(birthDate: Date, at: Date, windowDays: number): { day: number; startsAt: Date } | null {
  const today = istanbulDay(at);
  const todayDate = new Date(today * DAY_MS);
  for (const year of [todayDate.getUTCFullYear(), todayDate.getUTCFullYear() - 1]) {
    const day = Math.floor(Date.UTC(year, birthDate.getUTCMonth(), birthDate.getUTCDate()) / DAY_MS);
    if (today >= day && today - day <= windowDays) return { day, startsAt: new Date(day * DAY_MS - ISTANBUL_OFFSET_MS) };
  }
  return null;
}

function setMatches(m: LineMatch, bought: MemberFacts['recentPurchases']): boolean {
  const any = (xs: readonly string[] | undefined, set: ReadonlySet<string>) => xs === undefined || xs.some((x) => set.has(x));
  return any(m.categories, bought.categories) && any(m.brands, bought.brands) && any(m.skus, bought.skus);
}

type Draft = Omit<CampaignAward, 'campaignId' | 'campaignName' | 'type' | 'priority'>;
const empty: Draft = { points: 0, lines: [], discountKurus: 0, gift: null, drawEntries: 0, explanation: '' };

/** What one campaign alone would give this basket (multipliers without the non-compounding rule); null when nothing. */
function draftAward(c: Campaign, lines: readonly BasketLine[], member: MemberFacts, at: Date): Draft | null {
  const eligible = earning(lines);
  const basket = basketAmount(lines);
  const tl = (k: number) => `${(k / 100).toFixed(2)} TL`;
  switch (c.type) {
    case 'POINTS_MULTIPLIER': {
      const extra = sub(fromDecimal(c.params.multiplier), frac(1));
      const touched = eligible.filter((l) => matches(c.params.match, l) && l.points > 0);
      const s = spread(touched.map((l) => ({ lineNo: l.lineNo, quota: mul(frac(l.points), extra) })));
      return s.total > 0 ? { ...empty, points: s.total, lines: s.lines, explanation: `${c.params.multiplier}× points on ${touched.length} line(s)` } : null;
    }
    case 'BONUS_POINTS': {
      const touched = eligible.filter((l) => matches(c.params.match, l));
      const units = touched.reduce((s, l) => s + l.quantity, 0);
      if (touched.length === 0 || units < (c.params.minQuantity ?? 1)) return null;
      const points = c.params.per === 'unit' ? c.params.points * units : c.params.points;
      const s =
        c.params.per === 'unit'
          ? spread(touched.map((l) => ({ lineNo: l.lineNo, quota: frac(c.params.points * l.quantity) })))
          : fixedPoints(points, touched);
      const how = c.params.per === 'unit' ? `${c.params.points} points × ${units} unit(s)` : `${c.params.points} bonus points`;
      return { ...empty, points: s.total, lines: s.lines, explanation: `${how} on matching products` };
    }
    case 'BASKET_THRESHOLD': {
      if (basket < c.params.minBasketKurus) return null;
      const s = fixedPoints(c.params.points, eligible);
      return s.total > 0 ? { ...empty, points: s.total, lines: s.lines, explanation: `${c.params.points} points for a basket of ${tl(c.params.minBasketKurus)} or more` } : null;
    }
    case 'DISCOUNT_COUPON': {
      if (basket < (c.params.minBasketKurus ?? 0)) return null;
      const touched = eligible.filter((l) => matches(c.params.match, l));
      const base = touched.reduce((s, l) => s + l.net, 0);
      if (base <= 0) return null;
      let discount =
        c.params.percent !== undefined ? Math.floor((base * c.params.percent) / 100) : Math.min(c.params.amountKurus ?? 0, base);
      if (c.params.maxDiscountKurus !== undefined) discount = Math.min(discount, c.params.maxDiscountKurus);
      if (discount <= 0) return null;
      const what = c.params.percent !== undefined ? `${c.params.percent}% off` : `${tl(c.params.amountKurus ?? 0)} off`;
      return { ...empty, discountKurus: discount, explanation: `Coupon: ${what} (${tl(discount)})` };
    }
    case 'FREE_GIFT': {
      if (basket < (c.params.minBasketKurus ?? 0)) return null;
      if (c.params.match && !eligible.some((l) => matches(c.params.match, l))) return null;
      return {
        ...empty,
        gift: { sku: c.params.giftSku, name: c.params.giftName, valueKurus: c.params.giftValueKurus },
        explanation: `Free gift: ${c.params.giftName}`,
      };
    }
    case 'CROSS_SELL': {
      const triggerLines = eligible.filter((l) => matches(c.params.trigger, l));
      const triggered = triggerLines.length > 0 || setMatches(c.params.trigger, member.recentPurchases);
      if (!triggered) return null;
      // A line cannot be both what was bought and what is offered, unless history triggered it.
      const historic = setMatches(c.params.trigger, member.recentPurchases);
      const targets = eligible.filter((l) => matches(c.params.target, l) && (historic || !triggerLines.includes(l)));
      if (targets.length === 0) return null;
      const s = fixedPoints(c.params.points, targets);
      return { ...empty, points: s.total, lines: s.lines, explanation: `${c.params.points} points for the recommended product` };
    }
    case 'BIRTHDAY': {
      if (!member.birthDate || eligible.length === 0) return null;
      const window = birthdayWindowStart(member.birthDate, at, c.params.windowDays);
      if (!window) return null;
      const last = member.previousAwards[c.id]?.lastAt;
      if (last && last.getTime() >= window.startsAt.getTime()) return null; // once per birthday
      const s = fixedPoints(c.params.points, eligible);
      return { ...empty, points: s.total, lines: s.lines, explanation: `Happy birthday: ${c.params.points} points` };
    }
    case 'WIN_BACK': {
      const away = member.daysSinceLastVisit;
      if (away === null || away < c.params.minDaysSinceLastVisit || basket < (c.params.minBasketKurus ?? 0)) return null;
      const s = fixedPoints(c.params.points, eligible);
      return s.total > 0 ? { ...empty, points: s.total, lines: s.lines, explanation: `Welcome back after ${away} days: ${c.params.points} points` } : null;
    }
    case 'TIER_UPGRADE': {
      if (!c.params.tierCodes.includes(member.tierCode) || basket < (c.params.minBasketKurus ?? 0)) return null;
      const s = fixedPoints(c.params.points, eligible);
      return s.total > 0 ? { ...empty, points: s.total, lines: s.lines, explanation: `${c.params.points} points towards your next tier` } : null;
    }
    case 'DRAW_ENTRIES': {
      let entries = Math.floor(basket / c.params.kurusPerEntry);
      if (c.params.maxEntries !== undefined) entries = Math.min(entries, c.params.maxEntries);
      return entries > 0 ? { ...empty, drawEntries: entries, explanation: `${entries} entr${entries === 1 ? 'y' : 'ies'} into ${c.params.drawName}` } : null;
    }
  }
}

/** True when the campaign may apply to this member at this sale (before the control group and the basket). */
export function isCampaignEligible(c: Campaign, member: MemberFacts, at: Date, storeId: string, audienceRequired: boolean): boolean {
  const t = at.getTime();
  if (t < c.startsAt.getTime() || t >= c.endsAt.getTime()) return false;
  if (c.storeIds.length > 0 && !c.storeIds.includes(storeId)) return false;
  if (audienceRequired && !member.audienceCampaignIds.has(c.id)) return false;
  if (c.requiresActivation && !member.activatedCampaignIds.has(c.id)) return false;
  const previous = member.previousAwards[c.id]?.count ?? 0;
  if (c.maxAwardsPerMember !== undefined && previous >= c.maxAwardsPerMember) return false;
  return true;
}

const byPriority = (a: { priority: number; id: string }, b: { priority: number; id: string }) =>
  b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Awards of every applicable campaign on one basket under the stacking policy above. `segmented` names the
 * campaigns that have an audience segment (membership is then `member.audienceCampaignIds`).
 */
export function evaluateCampaigns(input: EvaluateCampaignsInput & { segmented?: ReadonlySet<string> }): EvaluateCampaignsResult {
  const { member, lines, at, storeId } = input;
  const segmented = input.segmented ?? new Set<string>();
  const candidates = [...input.campaigns]
    .filter((c) => isCampaignEligible(c, member, at, storeId, segmented.has(c.id)))
    .sort((a, b) => byPriority(a, b));
  const controlled: string[] = [];
  const drafts: { c: Campaign; d: Draft }[] = [];
  for (const c of candidates) {
    const d = draftAward(c, lines, member, at);
    if (!d) continue;
    if (isInControlGroup(c.id, member.memberId, c.controlPct)) controlled.push(c.id);
    else drafts.push({ c, d });
  }

  // Multipliers: each line keeps only its best multiplier.
  const multipliers = drafts.filter((x) => x.c.type === 'POINTS_MULTIPLIER');
  const winners = new Map<number, Campaign>();
  for (const l of earning(lines)) {
    let best: Campaign | undefined;
    for (const { c } of multipliers) {
      if (c.type !== 'POINTS_MULTIPLIER' || !matches(c.params.match, l)) continue;
      if (!best || best.type !== 'POINTS_MULTIPLIER') best = c;
      else {
        const better = c.params.multiplier > best.params.multiplier || (c.params.multiplier === best.params.multiplier && byPriority(c, best) < 0);
        if (better) best = c;
      }
    }
    if (best) winners.set(l.lineNo, best);
  }
  const kept: { c: Campaign; d: Draft }[] = [];
  for (const x of drafts) {
    if (x.c.type === 'POINTS_MULTIPLIER') {
      const own = earning(lines).filter((l) => winners.get(l.lineNo)?.id === x.c.id);
      const d = x.c.type === 'POINTS_MULTIPLIER' ? draftAward(x.c, own, member, at) : null;
      if (d) kept.push({ c: x.c, d });
      continue;
    }
    kept.push(x);
  }

  // One discount coupon: highest priority, then larger discount, then smaller id.
  const coupons = kept.filter((x) => x.c.type === 'DISCOUNT_COUPON');
  coupons.sort((a, b) => b.c.priority - a.c.priority || b.d.discountKurus - a.d.discountKurus || (a.c.id < b.c.id ? -1 : 1));
  const coupon = coupons[0];
  const final = kept.filter((x) => x.c.type !== 'DISCOUNT_COUPON' || x === coupon);

  return {
    awards: final.map(({ c, d }) => ({ campaignId: c.id, campaignName: c.name, type: c.type, priority: c.priority, ...d })),
    controlled,
  };
}

/** What an award costs against a budget: points, or kuruş (discount + gift value + points × kurusPerPoint). */
export function awardCost(award: Pick<CampaignAward, 'points' | 'discountKurus' | 'gift'>, unit: BudgetUnit, kurusPerPoint: number): number {
  if (unit === 'POINTS') return award.points;
  return award.discountKurus + (award.gift?.valueKurus ?? 0) + award.points * kurusPerPoint;
}
