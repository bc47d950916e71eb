// Compiles a segment rule tree into one parameterised SQL boolean expression (PostgreSQL dialect, also PGlite).
//
// The expression reads two row aliases the caller provides:
//   m   the `member` row
//   mm  the member's `member_metrics` row, LEFT JOINed (all columns NULL before the first analytics run)
// and looks up receipts, lines and consents through correlated subqueries that use the (member_id, occurred_at)
// and (member_id, kind, recorded_at) indexes, so a whole segment is selected set-wise in one statement.
// Every criterion is wrapped so it is never NULL: SQL's three-valued logic would otherwise make `not` disagree
// with the evaluator (evaluate.ts), which is the reference semantics.

import { istanbulDate, resolveMonths } from './evaluate';
import type { Bounds, SegmentCriterion, SegmentRule } from './rules';

export type CompiledSql = { sql: string; params: unknown[] };

export type CompileOptions = {
  /** The instant windows and "days since" are measured from. */
  now: Date;
  /** Placeholders start at `$<paramOffset + 1>`, so the fragment can follow the caller's own parameters. */
  paramOffset?: number;
};

const DAY = 86_400_000;
/** Refunds of a receipt `r`, so spend is net of returns (as tier qualification counts it). */
export const RECEIPT_REFUNDS_SQL = '(SELECT COALESCE(SUM(rr.refund_kurus), 0) FROM receipt_return rr WHERE rr.receipt_id = r.id)';
const REFUNDS = RECEIPT_REFUNDS_SQL;

const METRIC_COLUMN = {
  recency: 'mm.r_score',
  frequency: 'mm.f_score',
  monetary: 'mm.m_score',
} as const;

/** Compiles `rule` to a WHERE fragment over `m` (member) and `mm` (member_metrics) with positional parameters. */
export function compileSegmentRule(rule: SegmentRule, options: CompileOptions): CompiledSql {
  const params: unknown[] = [];
  const offset = options.paramOffset ?? 0;
  const now = options.now;
  const p = (value: unknown, cast: string): string => {
    params.push(value);
    return `$${offset + params.length}::${cast}`;
  };
  const since = (windowDays: number) => p(new Date(now.getTime() - windowDays * DAY).toISOString(), 'timestamptz');
  const bounds = (expr: string, b: Bounds, cast: string): string => {
    const parts: string[] = [];
    if (b.min !== undefined) parts.push(`${expr} >= ${p(b.min, cast)}`);
    if (b.max !== undefined) parts.push(`${expr} <= ${p(b.max, cast)}`);
    return parts.length ? parts.join(' AND ') : 'TRUE';
  };
  const never = (expr: string) => `COALESCE((${expr}), FALSE)`;
  const receipts = (windowDays: number) => `receipt r WHERE r.member_id = m.id AND r.status = 'FINAL' AND r.occurred_at >= ${since(windowDays)}`;
  const boughtLine = (column: 'category' | 'brand', values: string[], windowDays: number) =>
    `EXISTS (SELECT 1 FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id WHERE r.member_id = m.id AND r.status = 'FINAL'` +
    ` AND r.occurred_at >= ${since(windowDays)} AND NOT l.is_reward AND l.${column} = ANY(${p(values, 'text[]')}))`;

  const criterion = (c: SegmentCriterion): string => {
    switch (c.kind) {
      case 'tier':
        return never(`m.tier_code = ANY(${p(c.in, 'text[]')})`);
      case 'lifecycleStage':
        return never(`m.lifecycle_stage::text = ANY(${p(c.in, 'text[]')})`);
      case 'city':
        return never(`m.city = ANY(${p(c.in, 'text[]')})`);
      case 'rfmScore':
        return never(bounds(METRIC_COLUMN[c.score], c, 'int'));
      case 'rfmGroup':
        return never(`mm.rfm_group = ANY(${p(c.in, 'text[]')})`);
      case 'churnLevel':
        return never(`mm.churn_level = ANY(${p(c.in, 'text[]')})`);
      case 'loyaltyQuadrant':
        return never(`mm.loyalty_quadrant = ANY(${p(c.in, 'text[]')})`);
      case 'satisfaction':
        return never(`COALESCE(mm.satisfaction, 'UNKNOWN') = ANY(${p(c.in, 'text[]')})`);
      case 'clv':
        return never(bounds('mm.clv_kurus', c, 'int'));
      case 'spend':
        return never(bounds(`(SELECT COALESCE(SUM(r.total_kurus - ${REFUNDS}), 0) FROM ${receipts(c.windowDays)})`, c, 'bigint'));
      case 'visits':
        return never(bounds(`(SELECT COUNT(*) FROM ${receipts(c.windowDays)})`, c, 'bigint'));
      case 'daysSinceLastVisit': {
        const last = `(SELECT MAX(r.occurred_at) FROM receipt r WHERE r.member_id = m.id AND r.status = 'FINAL')`;
        return never(bounds(`FLOOR(EXTRACT(EPOCH FROM (${p(now.toISOString(), 'timestamptz')} - ${last})) / 86400)`, c, 'numeric'));
      }
      case 'category':
        return boughtLine('category', c.in, c.windowDays);
      case 'brand':
        return boughtLine('brand', c.in, c.windowDays);
      case 'store':
        return `EXISTS (SELECT 1 FROM ${receipts(c.windowDays)} AND r.store_id = ANY(${p(c.in, 'uuid[]')}))`;
      case 'ageBand':
        return never(bounds(`DATE_PART('year', AGE(${p(istanbulDate(now).iso, 'date')}, m.birth_date))`, c, 'int'));
      case 'birthdayMonth':
        return never(`EXTRACT(MONTH FROM m.birth_date)::int = ANY(${p(resolveMonths(c.months, now), 'int[]')})`);
      case 'consent': {
        const granted = `(SELECT c.status = 'GRANTED' FROM consent c WHERE c.member_id = m.id AND c.kind::text = ${p(c.channel, 'text')}` +
          ` ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)`;
        return `(COALESCE(${granted}, FALSE) = ${p(c.granted, 'boolean')})`;
      }
    }
  };

  const node = (r: SegmentRule): string => {
    switch (r.kind) {
      case 'and':
        return r.rules.length ? `(${r.rules.map(node).join(' AND ')})` : 'TRUE';
      case 'or':
        return r.rules.length ? `(${r.rules.map(node).join(' OR ')})` : 'FALSE';
      case 'not':
        return `(NOT ${node(r.rule)})`;
      default:
        return criterion(r);
    }
  };

  return { sql: node(rule), params };
}
