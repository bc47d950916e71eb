// Set-wise personal offers: what issueCampaignOffers does for one member, for every member at once, in a few SQL
// statements in one transaction. The eligible (member, campaign) pairs, the profiled members and their purchase
// history go into temporary tables (analysed, so the planner joins them with real row counts); one INSERT … SELECT
// then scores every pair with the domain's formula (offer-ranking.ts) and keeps each member's best ones with a
// window function. The history is one pass over the window's receipts and lines for all members together — far
// cheaper than reading them member by member or in member-id chunks (each chunk would scan the lines again).
// Memory stays bounded: PostgreSQL spills what does not fit work_mem to disk, and Node holds one summary row.
// The SQL mirrors the per-member service term by term; tests/campaigns/offer-generation.test.ts checks both issue
// the same offers.
import { randomBytes } from 'node:crypto';

import type { TCampaignOfferGeneration } from '@kulup/contracts';
import { OFFER_SCORE, OFFER_TARGET_PARAM, controlBucketSql } from '@kulup/domain';
import type { CampaignType } from '@kulup/domain';

import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { MAX_OPEN_OFFERS, OFFER_HISTORY_DAYS, lockOfferRun, offerCampaignsAt } from './offer-campaigns';

const DAY_MS = 86_400_000;
/** Longest a run may take (its transaction); 1,000,000 members took about two minutes on the reference machine (docs/benchmarks.md). */
const RUN_TIMEOUT_MS = 60 * 60_000;

/** work_mem of a run's transaction. */
const WORK_MEM = '64MB';

const W = OFFER_SCORE;
const f = (x: number) => `${x}::float8`; // float8, never numeric: the same IEEE arithmetic as the domain's JS
const OPEN = `('ISSUED', 'SEEN', 'ACTIVATED')`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A uuid literal; ids come from the database, the check keeps anything else out of the SQL text. */
const uuidLit = (id: string) => {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'${id}'::uuid`;
};
const tsLit = (d: Date) => `'${d.toISOString()}'::timestamptz`;
/** A text literal (standard_conforming_strings, the default since PostgreSQL 9.1: only ' needs doubling). */
const textLit = (value: string) => `'${value.replace(/'/g, "''")}'`;

type LineColumn = 'category' | 'brand' | 'sku';
const LISTS = [
  ['categories', 'category'],
  ['brands', 'brand'],
  ['skus', 'sku'],
] as const satisfies readonly (readonly [string, LineColumn])[];

/** What a campaign's ranking looks for in a member's lines: null for the whole basket, else its lists. */
export type OfferTarget = { column: LineColumn; times: Map<string, number> }[] | null;

/** The campaign's target as the domain's rankOffers reads it (OFFER_TARGET_PARAM), with how often each value is named. */
export function offerTarget(type: CampaignType, params: unknown): OfferTarget {
  const key = OFFER_TARGET_PARAM[type];
  const match = key === null ? undefined : (params as Record<string, unknown> | null)?.[key];
  if (match === undefined || match === null || typeof match !== 'object') return null;
  const lists: NonNullable<OfferTarget> = [];
  for (const [list, column] of LISTS) {
    const values = (match as Record<string, unknown>)[list];
    if (!Array.isArray(values)) continue;
    const times = new Map<string, number>();
    for (const v of values) times.set(String(v), (times.get(String(v)) ?? 0) + 1);
    lists.push({ column, times });
  }
  return lists;
}

export type OfferGenerationInput = {
  now: Date;
  /** offerIdPrefix(now). */
  idPrefix: string;
  historyFrom: Date;
  campaigns: { id: string; target: OfferTarget; maxAwards: boolean }[];
};

/** A run's statements in order: prepare, then the pairs (written for whether any offer is held), history, insert. */
export type GenerationStatements = { prepare: string[]; pairs: (held: boolean) => string; history: string[]; insert: string };

/**
 * The statements of one run, in order. Intermediate results go into temporary tables (dropped at commit), each
 * analysed before the next statement reads it: estimates through nested CTEs were off by orders of magnitude
 * and led to nested loops over millions of rows. Values are literals (checked uuids, ISO timestamps, escaped
 * target values), so the planner sees them.
 */
export function generationStatements(c: OfferGenerationInput): GenerationStatements {
  if (!/^[0-9a-f]{24}$/.test(c.idPrefix)) throw new Error(`not an offer id prefix: ${c.idPrefix}`);
  const now = tsLit(c.now);
  const ids = c.campaigns.map((x) => uuidLit(x.id)).join(', ');
  // One column of target spend per campaign list: Σ net × how often the list names the line's value. Sums are
  // float8: exact for whole kuruş below 2^53, like the domain's JS numbers, and far cheaper than numeric.
  const columns = c.campaigns.flatMap((x, k) =>
    (x.target ?? []).map((l) => ({
      name: `t${k}_${l.column}`,
      sum: `SUM(l.net_kurus::float8 * CASE l.${l.column} ${[...l.times].map(([v, t]) => `WHEN ${textLit(v)} THEN ${t} `).join('')}ELSE 0 END)`,
    })),
  );
  // The domain's propensity: 0.5 for the whole basket, 0 without spend, else the largest share of a list (≤ 1).
  const propensity = `CASE e.campaign_id ${c.campaigns
    .map((x, k) => {
      const shares = (x.target ?? []).map((l) => `h.t${k}_${l.column} / h.total`);
      const value =
        x.target === null
          ? f(W.wholeBasketPropensity)
          : `CASE WHEN h.total <= 0 THEN ${f(0)} ELSE LEAST(${f(1)}, GREATEST(${[...shares, f(0)].join(', ')})) END`;
      return `WHEN ${uuidLit(x.id)} THEN ${value}`;
    })
    .join(' ')} END`;

  const prepare = [
    `CREATE TEMP TABLE offer_campaign ON COMMIT DROP AS
     SELECT c.id, c.id::text AS cid, c.type::text = 'WIN_BACK' AS win_back, c.priority, c.segment_id,
            c.control_basis_points AS control_bp, c.max_awards_per_member AS max_awards, c.ends_at,
            c.offer ->> 'titleTr' AS title_tr, c.offer ->> 'titleEn' AS title_en,
            c.offer ->> 'descriptionTr' AS description_tr, c.offer ->> 'descriptionEn' AS description_en,
            LEAST(${f(1)}, GREATEST(${f(0)}, c.priority::float8 / ${f(W.priorityNorm)})) AS priority_term
     FROM campaign c WHERE c.id IN (${ids}) AND c.status = 'ACTIVE'`,
    // Open offers of these campaigns: never a second one, and they take up the member's slots.
    `CREATE TEMP TABLE offer_held ON COMMIT DROP AS
     SELECT po.member_id, po.campaign_id FROM personal_offer po
     WHERE po.campaign_id IN (SELECT cid FROM offer_campaign)
       AND po.status IN ${OPEN} AND po.valid_to > ${now}`,
    `ANALYZE offer_campaign, offer_held`,
  ];
  // Eligible pairs: the audience (segment membership, or every member), minus held offers, members without a
  // free slot, awards used up and the control group; with the member's free slots.
  const pairs = (held: boolean) => {
    // What a run does not need is left out: an empty temporary table in an anti-join still costs a nested loop
    // over every pair (the planner never believes a table is empty).
    const awarded = c.campaigns.some((x) => x.maxAwards);
    return `CREATE TEMP TABLE offer_pair ON COMMIT DROP AS
     WITH audience AS (
       SELECT m.id AS member_id, oc.id AS campaign_id, oc.cid, oc.control_bp, oc.max_awards
       FROM member m CROSS JOIN offer_campaign oc
       WHERE oc.segment_id IS NULL AND m.erased_at IS NULL
       UNION ALL
       SELECT sm.member_id, oc.id, oc.cid, oc.control_bp, oc.max_awards FROM offer_campaign oc
       JOIN segment_member sm ON sm.segment_id = oc.segment_id
       JOIN member m ON m.id = sm.member_id AND m.erased_at IS NULL
     ),
     slots AS (SELECT member_id, ${MAX_OPEN_OFFERS} - COUNT(DISTINCT campaign_id) AS free FROM offer_held GROUP BY member_id),
     awards AS (
       SELECT a.member_id, a.campaign_id, COUNT(*) AS n FROM campaign_award a
       WHERE a.campaign_id IN (SELECT id FROM offer_campaign WHERE max_awards IS NOT NULL)
       GROUP BY a.member_id, a.campaign_id
     ),
     -- Materialised, so the control-group filter runs last: its selectivity cannot be estimated, and an
     -- underestimate under the joins turned them into nested loops over millions of rows.
     unheld AS MATERIALIZED (
       SELECT au.member_id, au.campaign_id, au.cid, au.control_bp, ${held ? `COALESCE(sl.free, ${MAX_OPEN_OFFERS})` : MAX_OPEN_OFFERS}::int AS free
       FROM audience au
       ${held ? 'LEFT JOIN offer_held h ON h.member_id = au.member_id AND h.campaign_id = au.cid' : ''}
       ${held ? 'LEFT JOIN slots sl ON sl.member_id = au.member_id' : ''}
       ${awarded ? 'LEFT JOIN awards aw ON aw.member_id = au.member_id AND aw.campaign_id = au.campaign_id' : ''}
       WHERE TRUE
         ${held ? `AND h.member_id IS NULL AND COALESCE(sl.free, ${MAX_OPEN_OFFERS}) > 0` : ''}
         ${awarded ? 'AND (au.max_awards IS NULL OR COALESCE(aw.n, 0) < au.max_awards)' : ''}
     )
     SELECT u.member_id, u.campaign_id, u.free FROM unheld u
     WHERE u.control_bp = 0 OR ${controlBucketSql('u.cid', 'u.member_id::text')} >= u.control_bp`;
  };
  const history = [
    `ANALYZE offer_pair`,
    // Members ranked by purchase history: their latest PROFILING consent is GRANTED (KVKK).
    `CREATE TEMP TABLE offer_profiled ON COMMIT DROP AS
     SELECT pc.member_id FROM (
       SELECT DISTINCT ON (co.member_id) co.member_id, co.status
       FROM consent co
       WHERE co.kind = 'PROFILING'
       ORDER BY co.member_id, co.recorded_at DESC, co.id DESC
     ) pc
     WHERE pc.status = 'GRANTED' AND pc.member_id IN (SELECT member_id FROM offer_pair)`,
    `ANALYZE offer_profiled`,
    // Their history in one pass over the window's receipts and lines: total spend, spend on each target list, and
    // the last visit (a member with no receipt in the window: their latest receipt before it, one index probe).
    `CREATE TEMP TABLE offer_history ON COMMIT DROP AS
     SELECT p.member_id, COALESCE(w.total, 0)::float8 AS total,
            ${columns.map((col) => `COALESCE(w.${col.name}, 0)::float8 AS ${col.name}, `).join('')}
            COALESCE(w.last_at, (SELECT MAX(r.occurred_at) FROM receipt r
                                 WHERE r.member_id = p.member_id AND r.status = 'FINAL' AND r.occurred_at <= ${now})) AS last_at
     FROM offer_profiled p
     LEFT JOIN (
       SELECT r.member_id, MAX(r.occurred_at) AS last_at, SUM(l.net_kurus::float8) AS total
              ${columns.map((col) => `, ${col.sum} AS ${col.name}`).join('')}
       FROM receipt r
       LEFT JOIN receipt_line l ON l.receipt_id = r.id AND NOT l.is_reward AND l.net_kurus > 0
       WHERE r.member_id IN (SELECT member_id FROM offer_profiled)
         AND r.status = 'FINAL' AND r.occurred_at >= ${tsLit(c.historyFrom)} AND r.occurred_at <= ${now}
       GROUP BY r.member_id
     ) w ON w.member_id = p.member_id`,
    `ANALYZE offer_history`,
  ];
  const insert = `
WITH scored AS (
  SELECT e.member_id, e.campaign_id, e.free, oc.priority,
         CASE WHEN h.member_id IS NULL THEN oc.priority::float8 ELSE
           ${f(W.propensityWeight)} * (${propensity})
           + ${f(W.valueWeight)} * LEAST(${f(1)}, GREATEST(${f(0)}, h.total / ${f(W.valueNormKurus)}))
           + ${f(W.recencyWeight)} * (CASE WHEN oc.win_back THEN ${f(1)} - h.recency ELSE h.recency END)
           + ${f(W.priorityWeight)} * oc.priority_term
         END AS score
  FROM offer_pair e
  JOIN offer_campaign oc ON oc.id = e.campaign_id
  LEFT JOIN (
    SELECT hh.*, CASE WHEN hh.last_at IS NULL THEN ${f(0)}
                      ELSE exp(-(floor(EXTRACT(EPOCH FROM (${now} - hh.last_at)) / 86400))::float8 / ${f(W.recencyDays)}) END AS recency
    FROM offer_history hh
  ) h ON h.member_id = e.member_id
),
ranked AS (
  SELECT s.member_id, s.campaign_id, s.free,
         ROW_NUMBER() OVER (PARTITION BY s.member_id ORDER BY s.score DESC, s.priority DESC, s.campaign_id) AS rn
  FROM scored s
),
kept AS (
  SELECT r.member_id, r.campaign_id, ROW_NUMBER() OVER (ORDER BY r.member_id, r.rn) AS seq
  FROM ranked r WHERE r.rn <= r.free
),
issued AS (
  -- Ids in insertion order (member order, the same as the indexes' leading column), so every index is appended to.
  INSERT INTO personal_offer (id, member_id, title_tr, title_en, description_tr, description_en, valid_from, valid_to, campaign_id)
  SELECT ('${c.idPrefix}' || lpad(to_hex(k.seq), 8, '0'))::uuid,
         k.member_id, oc.title_tr, oc.title_en, oc.description_tr, oc.description_en, ${now}, oc.ends_at, oc.cid
  FROM kept k
  JOIN offer_campaign oc ON oc.id = k.campaign_id
  ORDER BY k.seq
  ON CONFLICT DO NOTHING
  RETURNING campaign_id
)
SELECT (SELECT COUNT(*) FROM member m WHERE m.erased_at IS NULL)::int AS members,
       (SELECT COUNT(*) FROM offer_profiled)::int AS personalised,
       COALESCE((SELECT jsonb_object_agg(campaign_id, n) FROM (SELECT campaign_id, COUNT(*) AS n FROM issued GROUP BY campaign_id) x), '{}'::jsonb) AS issued`;
  return { prepare, pairs, history, insert };
}

/**
 * The first 24 of a run's UUIDv7s' 32 hex digits: 48-bit Unix milliseconds, the version, 12 random bits, the
 * variant and 30 more random bits; the last 8 digits count the run's offers, so its ids ascend in insert order.
 */
export function offerIdPrefix(at: Date): string {
  const r = randomBytes(6).toString('hex');
  const variant = (8 | (parseInt(r[3]!, 16) & 3)).toString(16);
  return `${at.getTime().toString(16).padStart(12, '0')}7${r.slice(0, 3)}${variant}${r.slice(4, 11)}`;
}

type RunRow = { members: number; personalised: number; issued: Record<string, number> };

/**
 * Issues personal offers to every eligible member of every active offer campaign (KIOSK or POS channel, with
 * offer texts) at `now`, exactly as issueCampaignOffers would one member at a time: audience (materialised
 * segment membership), never the control group, awards left under maxAwardsPerMember, no second open offer of a
 * campaign, at most five open campaign offers, ranked by rankOffers' score with profiling consent and by
 * priority without. All or nothing, in one transaction; re-running issues nothing new. A second run while one is
 * on is a CONFLICT; per-member issues never interleave with a run (offer-campaigns.ts, locks), and a partial
 * unique index backs "one open offer per member and campaign" up.
 */
export async function generateCampaignOffers(db: Db, actor: Actor, options: { now?: Date } = {}): Promise<TCampaignOfferGeneration> {
  const now = options.now ?? new Date();
  const campaigns = await offerCampaignsAt(db, now);
  const result: TCampaignOfferGeneration = {
    generatedAt: now.toISOString(),
    members: 0,
    personalisedMembers: 0,
    issued: 0,
    campaigns: campaigns.map((c) => ({ campaignId: c.id, issued: 0 })),
  };
  if (campaigns.length === 0) return result;
  const statements = generationStatements({
    now,
    idPrefix: offerIdPrefix(now),
    historyFrom: new Date(now.getTime() - OFFER_HISTORY_DAYS * DAY_MS),
    campaigns: campaigns.map((c) => ({ id: c.id, target: offerTarget(c.type, c.params), maxAwards: c.maxAwardsPerMember !== null })),
  });
  const [row] = await db.$transaction(
    async (tx) => {
      if (!(await lockOfferRun(tx))) throw new ServiceError('CONFLICT', 'Offers are being generated by another run; try again when it has finished');
      // JIT compilation costs seconds per statement here and saves nothing on these plans; the history's
      // aggregate and the ranking's sorts of a million members fit in memory with more work_mem (bounded still:
      // a few plan nodes of at most hash_mem_multiplier × this).
      await tx.$executeRawUnsafe('SET LOCAL jit = off');
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${WORK_MEM}'`);
      for (const sql of statements.prepare) await tx.$executeRawUnsafe(sql);
      const [held] = await tx.$queryRawUnsafe<{ any: boolean }[]>('SELECT EXISTS (SELECT 1 FROM offer_held) AS any');
      await tx.$executeRawUnsafe(statements.pairs(held?.any ?? true));
      for (const sql of statements.history) await tx.$executeRawUnsafe(sql);
      return tx.$queryRawUnsafe<RunRow[]>(statements.insert);
    },
    { timeout: RUN_TIMEOUT_MS, maxWait: 10_000 },
  );
  result.members = Number(row?.members ?? 0);
  result.personalisedMembers = Number(row?.personalised ?? 0);
  const byCampaign = new Map(result.campaigns.map((c) => [c.campaignId, c]));
  for (const [campaignId, n] of Object.entries(row?.issued ?? {})) {
    const entry = byCampaign.get(campaignId);
    if (entry) entry.issued += Number(n);
    result.issued += Number(n);
  }
  if (actor.type !== 'SYSTEM') {
    await writeAudit(db, actor, { action: 'campaign.offers.generate', entityType: 'campaign', entityId: null, after: result });
  }
  return result;
}
