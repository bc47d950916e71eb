// The marketer's dashboard in a handful of set-wise statements, each one scan of its table:
//   receipts   → revenue, member revenue, points earned and tendered, per business day, then per month and for
//                the KPI period
//   receipts   → active members at each month's end (90-day window, one LEAD() pass, no DISTINCT)
//   member     → new members per month, running total
//   points_lot → points expired per month (by the lot's expiry date); outstanding points (liability)
//   survey_response × survey_question → NPS per month
// Months are Europe/Istanbul calendar months: their start instants (or first days, for receipts' business dates)
// are computed here (zoned-time) and passed as one sorted array to `width_bucket`, which places every row in its
// month with a binary search. The KPI period is the second grouping set of the same statement. Measured on
// 100,000 members / 954,000 receipts (PostgreSQL): about five full scans of `receipt`. Definitions are in the
// contract (analytics.schema.ts).
import type { TMarketingDashboard, TMarketingTrendMonth, TNpsSummary, ZMarketingDashboardQuery } from '@kulup/contracts';
import { LIFECYCLE_DAYS } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import { zonedMonthStart, zonedYearMonth } from '../jobs/zoned-time';
import { loadProgramSettings } from '../program/program-settings';
import { toNumber } from '../segments/segment-sql';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** "Active" is the lifecycle's window: a purchase within this many days (stages ACTIVE and NEW-with-a-purchase). */
const ACTIVE_DAYS = LIFECYCLE_DAYS.active;
const ACTIVE_WINDOW = `interval '${ACTIVE_DAYS * 24} hours'`;
/** The valid NPS answers as jsonb (a number 0–10; jsonb compares numbers by value, so 9.0 = 9 but "9" ≠ 9). */
const NPS_SCORES = `ARRAY[${Array.from({ length: 11 }, (_, i) => `'${i}'`).join(', ')}]::jsonb[]`;

type Num = bigint | number | string | null;
/** A row of `GROUP BY GROUPING SETS ((b), (k))`: `by_kpi` = 0 for a month row (b = 1…n), 1 for a KPI-flag row. */
type Grouped = { by_kpi: Num; b: Num; k: boolean | null };

type Month = { month: string; from: Date; to: Date };

/** The Istanbul months of the trend, oldest first; the last one is the current month and ends now. */
function trendMonths(now: Date, count: number): Month[] {
  const { year, month } = zonedYearMonth(now);
  return Array.from({ length: count }, (_, i) => {
    const offset = i - (count - 1);
    const from = zonedMonthStart(year, month + offset);
    const to = offset === 0 ? now : zonedMonthStart(year, month + offset + 1);
    const key = zonedYearMonth(new Date(from.getTime() + 12 * HOUR));
    return { month: `${key.year}-${String(key.month).padStart(2, '0')}`, from, to };
  });
}

/** Splits grouping-set rows into month rows (by bucket 1…n) and the KPI-period row. */
function split<R extends Grouped>(rows: R[]): { months: Map<number, R>; kpi: R | undefined } {
  const months = new Map<number, R>();
  let kpi: R | undefined;
  for (const row of rows) {
    if (toNumber(row.by_kpi) === 0) months.set(toNumber(row.b), row);
    else if (row.k === true) kpi = row;
  }
  return { months, kpi };
}

/** The same formula as the domain's computeNps, from counts. */
function npsSummary(row: { n?: Num; p?: Num; d?: Num } | undefined): TNpsSummary {
  const responses = toNumber(row?.n);
  const promoters = toNumber(row?.p);
  const detractors = toNumber(row?.d);
  return {
    responses,
    promoters,
    passives: responses - promoters - detractors,
    detractors,
    nps: responses === 0 ? null : Math.round(((promoters - detractors) * 100) / responses),
  };
}

type FlowRow = Grouped & { revenue?: Num; member_revenue?: Num; earned?: Num; redeemed?: Num };

function flows(receipts: FlowRow | undefined, expired: Num | undefined, nps: TNpsSummary) {
  const revenueKurus = toNumber(receipts?.revenue);
  const memberRevenueKurus = toNumber(receipts?.member_revenue);
  const pointsEarned = toNumber(receipts?.earned);
  const pointsRedeemed = toNumber(receipts?.redeemed);
  return {
    revenueKurus,
    memberRevenueKurus,
    memberRevenueShare: revenueKurus > 0 ? Math.min(1, Math.max(0, memberRevenueKurus / revenueKurus)) : null,
    pointsEarned,
    pointsRedeemed,
    pointsExpired: toNumber(expired),
    redemptionRate: pointsEarned > 0 ? pointsRedeemed / pointsEarned : null,
    nps,
  };
}

/**
 * The marketer's dashboard as of `now`: members, active members (a FINAL receipt in the last 90 days), member
 * revenue share, points earned, redeemed and expired and the redemption rate over the last `days` days, the
 * outstanding points liability and its value, NPS, and the same figures per Europe/Istanbul month for the last
 * `months` months. Read-only; with `storeId`, receipt and survey figures are that store's.
 */
export async function marketingDashboard(db: Db, query: z.output<typeof ZMarketingDashboardQuery>, now = new Date()): Promise<TMarketingDashboard> {
  const storeId = query.storeId ?? null;
  if (storeId && !(await db.store.findUnique({ where: { id: storeId }, select: { id: true } }))) {
    throw new ServiceError('UNKNOWN_REFERENCE', `There is no store ${storeId}`, [{ path: 'query.storeId', message: 'Unknown store' }]);
  }
  const months = trendMonths(now, query.months);
  const kpiFrom = new Date(now.getTime() - query.days * DAY);
  const first = months[0]!.from;
  const scanFrom = new Date(Math.min(first.getTime(), kpiFrom.getTime()));
  // width_bucket thresholds: month i (1…n) is [starts[i-1], starts[i]); the last threshold is now.
  const thresholds = [...months.map((m) => m.from.toISOString()), now.toISOString()];
  // Active members are counted at each month's end: the next month's start, or now.
  const ends = months.map((m) => m.to.toISOString());
  const iso = (d: Date) => d.toISOString();
  // Positional parameters shared by the statements below: $1 thresholds, $2 KPI start, $3 scan start, $4 now.
  const common = [thresholds, iso(kpiFrom), iso(scanFrom), iso(now)] as const;
  // The same months as business days (`date`), for receipts.
  const monthDays = months.map((m) => `${m.month}-01`);
  const atStore = (column: string) => (storeId ? ` AND ${column} = $5::uuid` : '');
  const withStore = (params: readonly unknown[]) => (storeId ? [...params, storeId] : [...params]);

  const [receipts, active, members, expired, nps, liability, settings] = await Promise.all([
    // Months of receipts go by their business day (the Istanbul date the till booked them on): grouped first by
    // that low-cardinality column, the planner hashes a few hundred day rows instead of sorting every receipt.
    db.$queryRawUnsafe<FlowRow[]>(
      `SELECT GROUPING(b) AS by_kpi, b, k,
              SUM(revenue)::bigint AS revenue, SUM(member_revenue)::bigint AS member_revenue,
              SUM(earned)::bigint AS earned, SUM(redeemed)::bigint AS redeemed
       FROM (
         SELECT width_bucket(day, $1::date[]) AS b, k, revenue, member_revenue, earned, redeemed
         FROM (
           SELECT r.business_date AS day, r.occurred_at >= $2::timestamptz AS k,
                  SUM(r.total_kurus - COALESCE(ret.refund, 0)) AS revenue,
                  SUM(r.total_kurus - COALESCE(ret.refund, 0)) FILTER (WHERE r.member_id IS NOT NULL) AS member_revenue,
                  SUM(r.points_earned) AS earned,
                  SUM(r.points_redeemed) AS redeemed
           FROM receipt r
           LEFT JOIN (SELECT receipt_id, SUM(refund_kurus) AS refund FROM receipt_return GROUP BY receipt_id) ret ON ret.receipt_id = r.id
           WHERE r.status = 'FINAL' AND r.occurred_at >= $3::timestamptz AND r.occurred_at < $4::timestamptz${atStore('r.store_id')}
           GROUP BY 1, 2
         ) days
       ) x
       GROUP BY GROUPING SETS ((b), (k))`,
      ...withStore([monthDays, ...common.slice(1)]),
    ),
    // Each receipt "owns" the month ends in (t, min(next receipt of the member, t + 90 days)]: a member is active
    // at an end when a receipt lies in the 90 days before it, and exactly one receipt owns each such end, so no
    // DISTINCT is needed. Ends are sorted, so the owned ones are an index range [lo, hi]; the statement returns
    // the few distinct ranges with their receipt counts and the ranges are added up per month here.
    db.$queryRawUnsafe<{ lo: Num; hi: Num; receipts: Num }[]>(
      `WITH r AS (
         SELECT occurred_at AS t,
                LEAD(occurred_at) OVER (PARTITION BY member_id ORDER BY occurred_at) AS nxt
         FROM receipt
         WHERE status = 'FINAL' AND member_id IS NOT NULL
           AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz${storeId ? ' AND store_id = $4::uuid' : ''}
           AND member_id NOT IN (SELECT id FROM member WHERE erased_at IS NOT NULL)
       ),
       owned AS (
         SELECT width_bucket(t, $1::timestamptz[]) + 1 AS lo,
                width_bucket(LEAST(COALESCE(nxt, t + ${ACTIVE_WINDOW}), t + ${ACTIVE_WINDOW}), $1::timestamptz[]) AS hi
         FROM r
       )
       SELECT lo, hi, COUNT(*) AS receipts FROM owned WHERE lo <= hi GROUP BY lo, hi`,
      ...(storeId
        ? [ends, iso(new Date(months[0]!.to.getTime() - ACTIVE_DAYS * DAY)), iso(now), storeId]
        : [ends, iso(new Date(months[0]!.to.getTime() - ACTIVE_DAYS * DAY)), iso(now)]),
    ),
    // Members are the program's: bucket 0 holds everyone who joined before the first month.
    db.$queryRawUnsafe<(Grouped & { members: Num })[]>(
      `SELECT GROUPING(b) AS by_kpi, b, k, COUNT(*) AS members
       FROM (SELECT width_bucket(created_at, $1::timestamptz[]) AS b, created_at >= $2::timestamptz AS k
             FROM member WHERE erased_at IS NULL AND created_at < $3::timestamptz) x
       GROUP BY GROUPING SETS ((b), (k))`,
      thresholds,
      iso(kpiFrom),
      iso(now),
    ),
    db.$queryRawUnsafe<(Grouped & { expired: Num })[]>(
      `SELECT GROUPING(b) AS by_kpi, b, k, SUM(expired)::bigint AS expired
       FROM (SELECT width_bucket(expires_at, $1::timestamptz[]) AS b, expires_at >= $2::timestamptz AS k, expired
             FROM points_lot WHERE expired > 0 AND expires_at >= $3::timestamptz AND expires_at < $4::timestamptz) x
       GROUP BY GROUPING SETS ((b), (k))`,
      ...common,
    ),
    db.$queryRawUnsafe<(Grouped & { n: Num; p: Num; d: Num })[]>(
      `SELECT GROUPING(b) AS by_kpi, b, k, COUNT(*) AS n,
              COUNT(*) FILTER (WHERE v IN ('9', '10')) AS p,
              COUNT(*) FILTER (WHERE v NOT IN ('7', '8', '9', '10')) AS d
       FROM (
         SELECT width_bucket(sr.submitted_at, $1::timestamptz[]) AS b, sr.submitted_at >= $2::timestamptz AS k, sr.answers -> q.key AS v
         FROM survey_response sr
         JOIN survey_question q ON q.survey_id = sr.survey_id AND q.type = 'NPS'
         WHERE sr.submitted_at >= $3::timestamptz AND sr.submitted_at < $4::timestamptz${atStore('sr.store_id')}
           AND sr.answers -> q.key = ANY(${NPS_SCORES})
       ) x
       GROUP BY GROUPING SETS ((b), (k))`,
      ...withStore(common),
    ),
    // Lots earned after `now` (a till clock ahead) are not yet owed.
    db.$queryRawUnsafe<{ points: Num; pending: Num }[]>(
      `SELECT COALESCE(SUM(l.earned - l.consumed - l.expired), 0)::bigint AS points,
              COALESCE(SUM(l.earned - l.consumed - l.expired) FILTER (WHERE l.available_at > $1::timestamptz), 0)::bigint AS pending
       FROM points_lot l JOIN member m ON m.id = l.member_id
       WHERE m.erased_at IS NULL AND l.consumed + l.expired < l.earned AND l.earned_at <= $1::timestamptz`,
      iso(now),
    ),
    loadProgramSettings(db),
  ]);

  const byReceipts = split(receipts);
  const byMembers = split(members);
  const byExpiry = split(expired);
  const byNps = split(nps);
  const activeAt = new Map<number, number>();
  for (const r of active) {
    for (let i = toNumber(r.lo); i <= toNumber(r.hi); i++) activeAt.set(i, (activeAt.get(i) ?? 0) + toNumber(r.receipts));
  }

  let totalMembers = toNumber(byMembers.months.get(0)?.members);
  const trend: TMarketingTrendMonth[] = months.map((m, index) => {
    const bucket = index + 1;
    const newMembers = toNumber(byMembers.months.get(bucket)?.members);
    totalMembers += newMembers;
    return {
      month: m.month,
      from: iso(m.from),
      to: iso(m.to),
      totalMembers,
      newMembers,
      activeMembers: activeAt.get(bucket) ?? 0,
      ...flows(byReceipts.months.get(bucket), byExpiry.months.get(bucket)?.expired, npsSummary(byNps.months.get(bucket))),
    };
  });

  const points = toNumber(liability[0]?.points);
  const pending = toNumber(liability[0]?.pending);
  return {
    asOf: iso(now),
    from: iso(kpiFrom),
    days: query.days,
    months: query.months,
    storeId,
    kpis: {
      totalMembers,
      activeMembers: activeAt.get(months.length) ?? 0,
      newMembers: toNumber(byMembers.kpi?.members),
      ...flows(byReceipts.kpi, byExpiry.kpi?.expired, npsSummary(byNps.kpi)),
      liability: {
        points,
        availablePoints: points - pending,
        pendingPoints: pending,
        kurusPerPoint: settings.kurusPerPoint,
        valueKurus: points * settings.kurusPerPoint,
      },
    },
    trend,
  };
}
