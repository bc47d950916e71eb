// The nightly metrics snapshot: one set-wise INSERT … ON CONFLICT over all members, then one UPDATE of the
// lifecycle stages that records each change. Formulas (and their constants) come from the domain's analytics
// modules, whose header comments document them; the integration tests check SQL and domain agree.
import type { TAnalyticsRefreshResult } from '@kulup/contracts';
import { DEFAULT_GAP_DAYS, DISCOUNT_RATE, LIFECYCLE_DAYS, LOYAL_MIN_SCORE, RECEIPT_REFUNDS_SQL, rfmGroupTable } from '@kulup/domain';

import type { Db } from '../../db/database';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { toNumber } from '../segments/segment-sql';

const DAY = 86_400_000;
const TIMEOUT_MS = 30 * 60_000;

const iso = (d: Date) => d.toISOString();
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

// The RFM group of each (R, FM) cell, as constant SQL built from the domain's one table.
const RFM_CELLS = `(VALUES ${rfmGroupTable()
  .map((c) => `(${c.recency}, ${c.fm}, '${c.group}')`)
  .join(', ')}) AS cell(r, fm, grp)`;

const METRICS_SQL = `
WITH visits AS (
  SELECT r.member_id,
         MIN(r.occurred_at) AS first_at,
         MAX(r.occurred_at) AS last_at,
         COUNT(*) FILTER (WHERE r.occurred_at >= $2::timestamptz) AS visits_12m,
         COALESCE(SUM(r.total_kurus - ${RECEIPT_REFUNDS_SQL}) FILTER (WHERE r.occurred_at >= $2::timestamptz), 0) AS spend_12m,
         MIN(r.occurred_at) FILTER (WHERE r.occurred_at >= $3::timestamptz) AS first_2y,
         COUNT(*) FILTER (WHERE r.occurred_at >= $3::timestamptz) AS visits_2y
  FROM receipt r
  WHERE r.member_id IS NOT NULL AND r.status = 'FINAL' AND r.occurred_at <= $1::timestamptz
  GROUP BY r.member_id
),
base AS (
  SELECT m.id, v.first_at, v.last_at,
         COALESCE(v.visits_12m, 0)::int AS visits_12m,
         COALESCE(v.spend_12m, 0)::bigint AS spend_12m,
         CASE WHEN v.visits_2y >= 2 THEN EXTRACT(EPOCH FROM (v.last_at - v.first_2y))::float8 / 86400 / (v.visits_2y - 1) END AS gap,
         EXTRACT(EPOCH FROM ($1::timestamptz - v.last_at))::float8 / 86400 AS since_last
  FROM member m LEFT JOIN visits v ON v.member_id = m.id
  WHERE m.erased_at IS NULL
),
scored AS (
  SELECT id,
         ((5 * (RANK() OVER (ORDER BY last_at) - 1)) / COUNT(*) OVER () + 1)::int AS r,
         ((5 * (RANK() OVER (ORDER BY visits_12m) - 1)) / COUNT(*) OVER () + 1)::int AS f,
         ((5 * (RANK() OVER (ORDER BY spend_12m) - 1)) / COUNT(*) OVER () + 1)::int AS mon
  FROM base WHERE visits_12m > 0
),
answers AS (
  SELECT DISTINCT ON (sr.member_id) sr.member_id, q.type::text AS type, (sr.answers ->> q.key)::numeric AS value
  FROM survey_response sr
  JOIN survey_question q ON q.survey_id = sr.survey_id AND q.type::text IN ('NPS', 'CSAT')
  WHERE sr.member_id IS NOT NULL AND sr.submitted_at >= $2::timestamptz AND sr.submitted_at <= $1::timestamptz
    AND jsonb_typeof(sr.answers -> q.key) = 'number'
  ORDER BY sr.member_id, sr.submitted_at DESC, (q.type::text = 'NPS') DESC, q.position
),
risk AS (
  SELECT b.id,
         CASE WHEN b.last_at IS NOT NULL THEN
           LEAST(1, GREATEST(0, (b.since_last / (CASE WHEN b.gap IS NULL OR b.gap <= 0 THEN ${DEFAULT_GAP_DAYS} ELSE b.gap END) - 1) / 2))
         END AS churn
  FROM base b
),
metrics AS (
  SELECT b.id, b.first_at, b.last_at, b.visits_12m, b.spend_12m, b.gap, s.r, s.f, s.mon, rk.churn,
         CASE
           WHEN s.id IS NOT NULL THEN cell.grp
           WHEN b.last_at IS NOT NULL THEN 'LOST'
         END AS rfm_group,
         CASE
           WHEN a.type = 'NPS' THEN CASE WHEN a.value >= 9 THEN 'SATISFIED' WHEN a.value >= 7 THEN 'NEUTRAL' ELSE 'DISSATISFIED' END
           WHEN a.type = 'CSAT' THEN CASE WHEN a.value >= 4 THEN 'SATISFIED' WHEN a.value = 3 THEN 'NEUTRAL' ELSE 'DISSATISFIED' END
           ELSE 'UNKNOWN'
         END AS satisfaction,
         COALESCE(s.r >= ${LOYAL_MIN_SCORE} AND s.f >= ${LOYAL_MIN_SCORE}, FALSE) AS loyal
  FROM base b
  JOIN risk rk ON rk.id = b.id
  LEFT JOIN scored s ON s.id = b.id
  LEFT JOIN ${RFM_CELLS} ON cell.r = s.r AND cell.fm = (s.f + s.mon + 1) / 2
  LEFT JOIN answers a ON a.member_id = b.id
),
written AS (
  INSERT INTO member_metrics (member_id, computed_at, first_purchase_at, last_purchase_at, visits_12m, spend_12m_kurus, avg_gap_days,
                              r_score, f_score, m_score, rfm_group, churn_risk, churn_level, clv_kurus, satisfaction, loyalty_quadrant)
  SELECT id, $1::timestamptz, first_at, last_at, visits_12m, LEAST(spend_12m, 2147483647)::int, gap, r, f, mon, rfm_group, churn,
         CASE WHEN churn IS NULL THEN NULL WHEN churn < 0.25 THEN 'LOW' WHEN churn < 0.75 THEN 'MEDIUM' ELSE 'HIGH' END,
         CASE WHEN churn IS NOT NULL THEN LEAST(ROUND(spend_12m * (1 - churn) / (1 + ${DISCOUNT_RATE} - (1 - churn))), 2147483647)::int END,
         satisfaction,
         CASE WHEN satisfaction = 'UNKNOWN' THEN NULL
              WHEN satisfaction = 'SATISFIED' THEN CASE WHEN loyal THEN 'APOSTLE' ELSE 'MERCENARY' END
              ELSE CASE WHEN loyal THEN 'HOSTAGE' ELSE 'DEFECTOR' END END
  FROM metrics
  ON CONFLICT (member_id) DO UPDATE SET
    computed_at = EXCLUDED.computed_at, first_purchase_at = EXCLUDED.first_purchase_at, last_purchase_at = EXCLUDED.last_purchase_at,
    visits_12m = EXCLUDED.visits_12m, spend_12m_kurus = EXCLUDED.spend_12m_kurus, avg_gap_days = EXCLUDED.avg_gap_days,
    r_score = EXCLUDED.r_score, f_score = EXCLUDED.f_score, m_score = EXCLUDED.m_score, rfm_group = EXCLUDED.rfm_group,
    churn_risk = EXCLUDED.churn_risk, churn_level = EXCLUDED.churn_level, clv_kurus = EXCLUDED.clv_kurus,
    satisfaction = EXCLUDED.satisfaction, loyalty_quadrant = EXCLUDED.loyalty_quadrant
  RETURNING r_score
)
SELECT COUNT(*) AS members, COUNT(r_score) AS scored FROM written`;

const LIFECYCLE_SQL = `
WITH computed AS (
  SELECT m.id, m.lifecycle_stage AS old_stage,
         (CASE
            WHEN mm.first_purchase_at IS NULL THEN CASE WHEN m.created_at >= $2::timestamptz THEN 'NEW' ELSE 'PROSPECT' END
            WHEN mm.first_purchase_at >= $2::timestamptz THEN 'NEW'
            WHEN mm.last_purchase_at >= $3::timestamptz THEN 'ACTIVE'
            WHEN mm.last_purchase_at >= $4::timestamptz THEN 'LAPSED'
            ELSE 'FORMER'
          END)::"LifecycleStage" AS new_stage
  FROM member m LEFT JOIN member_metrics mm ON mm.member_id = m.id
  WHERE m.erased_at IS NULL
),
changed AS (
  UPDATE member m SET lifecycle_stage = c.new_stage
  FROM computed c
  WHERE c.id = m.id AND c.old_stage <> c.new_stage
  RETURNING m.id, c.old_stage, c.new_stage
),
recorded AS (
  INSERT INTO lifecycle_transition (member_id, from_stage, to_stage, at)
  SELECT id, old_stage, new_stage, $1::timestamptz FROM changed
  RETURNING 1
)
SELECT COUNT(*) AS transitions FROM recorded`;

/**
 * Recomputes every member's metrics (RFM scores and group, churn risk, CLV, satisfaction and quadrant) and
 * lifecycle stage as of `now`, in one transaction, and records each stage change. Erased members' rows are
 * removed. Staff-triggered runs are audited.
 */
export async function refreshMemberMetrics(db: Db, actor: Actor, now = new Date()): Promise<TAnalyticsRefreshResult> {
  return db.$transaction(
    async (tx) => {
      const [counts] = await tx.$queryRawUnsafe<{ members: bigint | number; scored: bigint | number }[]>(
        METRICS_SQL,
        iso(now),
        iso(daysBefore(now, 365)),
        iso(daysBefore(now, 730)),
      );
      await tx.$executeRawUnsafe(
        `DELETE FROM member_metrics mm USING member m WHERE m.id = mm.member_id AND m.erased_at IS NOT NULL`,
      );
      const [changes] = await tx.$queryRawUnsafe<{ transitions: bigint | number }[]>(
        LIFECYCLE_SQL,
        iso(now),
        iso(daysBefore(now, LIFECYCLE_DAYS.new)),
        iso(daysBefore(now, LIFECYCLE_DAYS.active)),
        iso(daysBefore(now, LIFECYCLE_DAYS.lapsed)),
      );
      const result = {
        computedAt: iso(now),
        members: toNumber(counts?.members),
        scoredMembers: toNumber(counts?.scored),
        transitions: toNumber(changes?.transitions),
      };
      if (actor.type !== 'SYSTEM') {
        await writeAudit(tx, actor, { action: 'analytics.refresh', entityType: 'member_metrics', entityId: null, after: result });
      }
      return result;
    },
    { timeout: TIMEOUT_MS, maxWait: 10_000 },
  );
}
