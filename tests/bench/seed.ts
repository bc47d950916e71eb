// Set-based seeding of a benchmark chain: one INSERT … SELECT FROM generate_series per table, the same SQL on
// PostgreSQL (through `pg`) and PGlite (through its `exec`). Values are deterministic functions of the member
// and receipt numbers (hashint8extended), so every table derives the same receipt without a per-row round trip.
//
// Ledger consistency (DESIGN.md §4, checked by checkLedger after the run): every history receipt is FINAL and
// earns by the base rule alone, 1 point per lira, into one EARN lot and one EARN event (member entry + the
// system:issued entry), exactly as bookReceipt would have for a Classic member before today's multiplier
// campaign started; each member's cached balance is the Σ of their entries. History line prices are the
// catalogue price rounded up to whole lira, so base points need no rounding and per-line points sum to the
// receipt's. Members are then placed in the tier their rolling 12-month spend qualifies for.

import { pickBounds } from './requests';
import type { BenchProduct } from './requests';

/** Runs SQL in one session (temp tables and functions live for the session). */
export type SqlSession = {
  run: (sql: string) => Promise<void>;
  rows: <T>(sql: string) => Promise<T[]>;
};

export type SeedTier = { code: string; rank: number; minSpend: number | null; minPoints: number | null };

export type SeedInput = {
  members: number;
  days: number;
  /** Mean receipts per member per year. */
  visits: number;
  products: readonly BenchProduct[];
  baseRule: { id: string; name: string };
  tiers: readonly SeedTier[];
  pendingDays: number;
  expiryMonths: number;
  /** The seed's "now": history ends an hour before it. */
  at: Date;
  seed: number;
  /** Progress lines. */
  log: (line: string) => void;
};

export type SeedSummary = {
  members: number;
  cards: number;
  stores: number;
  terminals: number;
  products: number;
  receipts: number;
  receiptLines: number;
  lots: number;
  ledgerEntries: number;
  pointsIssued: number;
  membersByTier: Record<string, number>;
  /** Wall time per step, ms. */
  stepsMs: Record<string, number>;
  totalMs: number;
};

const HISTORY_STORES = 10;
const TERMINALS_PER_STORE = 2;
// A member's receipt number is member × 1000 + visit, so visits are capped below 1000.
const MAX_VISITS = 400;

const FEMALE = ['Ayşe', 'Fatma', 'Zeynep', 'Elif', 'Emine', 'Hatice', 'Merve', 'Esra', 'Büşra', 'Selin', 'Derya', 'Gül', 'Özlem', 'Ebru', 'Sevgi', 'Nur'];
const MALE = ['Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Hasan', 'İbrahim', 'Murat', 'Emre', 'Burak', 'Can', 'Cem', 'Oğuz', 'Serkan', 'Kemal', 'Yusuf'];
const LAST = ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan', 'Şimşek'];
const CITIES = ['İstanbul', 'Ankara', 'İzmir', 'Bursa', 'Antalya', 'Konya', 'Adana', 'Gaziantep', 'Kocaeli', 'Eskişehir'];

/** Members 1…NFC_SUN_CARDS also hold an NFC_SUN card; its printed serial is NFC_SERIAL_BASE + the member number. */
export const NFC_SUN_CARDS = 4;
const NFC_SERIAL_BASE = 900_000_000;
const NFC_UID_PREFIX = '04B3';

/** The 7-byte UID (hex) of seeded member `memberNo`'s NFC_SUN card (memberNo ≤ NFC_SUN_CARDS). */
export const benchNfcUid = (memberNo: number) => `${NFC_UID_PREFIX}${memberNo.toString(16).toUpperCase().padStart(10, '0')}`;

const lit = (s: string | null): string => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
const textArray = (values: readonly string[]) => `ARRAY[${values.map(lit).join(',')}]::text[]`;
const ts = (d: Date) => `'${d.toISOString()}'::timestamptz`;
const count = (n: number) => n.toLocaleString('en-US');

/** Whole-lira history price of a catalogue article (see the file header). */
export const historyPrice = (p: BenchProduct) => Math.ceil(p.priceKurus / 100) * 100;

/** The CASE expression placing a member by 12-month spend/points, highest rank first. */
function tierCase(tiers: readonly SeedTier[]): string {
  const ladder = [...tiers].sort((a, b) => b.rank - a.rank);
  const entry = ladder.find((t) => t.minSpend === null && t.minPoints === null) ?? ladder[ladder.length - 1]!;
  const whens = ladder
    .filter((t) => t !== entry)
    .map((t) => {
      const conds = [
        ...(t.minSpend !== null ? [`COALESCE(a.spend, 0) >= ${t.minSpend}`] : []),
        ...(t.minPoints !== null ? [`COALESCE(a.points12, 0) >= ${t.minPoints}`] : []),
      ];
      return `WHEN ${conds.join(' OR ')} THEN ${lit(t.code)}`;
    });
  return whens.length ? `CASE ${whens.join(' ')} ELSE ${lit(entry.code)} END` : lit(entry.code);
}

/** The seeding script as named steps, in order. */
export function seedSteps(input: SeedInput): { name: string; sql: string }[] {
  const at = new Date(Math.floor(input.at.getTime() / 1000) * 1000);
  const mean = (input.visits * input.days) / 365;
  const spanMs = input.days * 86_400_000 - 3_600_000;
  const prices = input.products.map(historyPrice);

  const functions = `
    CREATE FUNCTION pg_temp.u(k bigint, s int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
      $$ SELECT (hashint8extended(k, s::bigint * 7919 + ${input.seed}) & 4503599627370495)::float8 / 4503599627370496.0 $$;
    -- UUIDv7 layout (48-bit ms timestamp, version 7, variant 8) with a kind and a serial instead of random bits,
    -- so ids sort by time like the server's and the same row always gets the same id.
    CREATE FUNCTION pg_temp.uuid7(t timestamptz, n bigint, kind int) RETURNS uuid LANGUAGE sql IMMUTABLE AS
      $$ SELECT (lpad(to_hex(floor(extract(epoch FROM t) * 1000)::bigint), 12, '0') || '7' || lpad(to_hex(kind), 3, '0')
                 || '8' || lpad(to_hex(n), 15, '0'))::uuid $$;
    -- 16-digit club-card number: issuer 960212, 9-digit serial, Luhn check digit (as formatCardNumber).
    CREATE FUNCTION pg_temp.card_number(serial bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT b.body || ((10 - sum(CASE WHEN (15 - i) % 2 = 0 THEN 2 * d - CASE WHEN d >= 5 THEN 9 ELSE 0 END ELSE d END) % 10) % 10)::text
      FROM (SELECT '960212' || lpad(serial::text, 9, '0') AS body) b,
           LATERAL (SELECT i, substr(b.body, i, 1)::int AS d FROM generate_series(1, 15) i) x
      GROUP BY b.body $$;
    CREATE FUNCTION pg_temp.visits(m bigint) RETURNS int LANGUAGE sql IMMUTABLE AS
      $$ SELECT LEAST(${MAX_VISITS}, floor(-ln(1 - pg_temp.u(m, 1)) * ${mean}))::int $$;
    -- The article of a line, picked as the POS generator picks (requests.ts pickBounds).
    CREATE FUNCTION pg_temp.prod(r bigint, l int) RETURNS int LANGUAGE sql IMMUTABLE AS
      $$ SELECT width_bucket(pg_temp.u(r * 16 + l, 11), '{${pickBounds(input.products).join(',')}}'::float8[]) $$;
    CREATE FUNCTION pg_temp.qty(r bigint, l int) RETURNS int LANGUAGE sql IMMUTABLE AS
      $$ SELECT CASE WHEN pg_temp.u(r * 16 + l, 12) < 0.75 THEN 1 WHEN pg_temp.u(r * 16 + l, 12) < 0.93 THEN 2 ELSE 3 END $$;
    CREATE FUNCTION pg_temp.price(i int) RETURNS int LANGUAGE sql IMMUTABLE AS
      $$ SELECT ('{${prices.join(',')}}'::int[])[i] $$;`;

  const productValues = input.products
    .map((p) => `(${lit(p.sku)}, ${lit(p.sku)}, ${lit(p.category)}, ${lit(p.brand)}, ${p.priceKurus})`)
    .join(',\n');
  const benchProducts = input.products
    .map((p, i) => `(${i + 1}, ${lit(p.sku)}, ${lit(p.category)}, ${lit(p.brand)}, ${prices[i]})`)
    .join(',\n');

  return [
    { name: 'functions', sql: functions },
    {
      name: 'products',
      sql: `
        INSERT INTO product (sku, name, category, brand, price_kurus) VALUES ${productValues} ON CONFLICT (sku) DO NOTHING;
        CREATE TEMP TABLE bench_product (idx int PRIMARY KEY, sku text, category text, brand text, price int);
        INSERT INTO bench_product VALUES ${benchProducts};`,
    },
    {
      name: 'stores and terminals',
      sql: `
        INSERT INTO store (id, code, name, city, created_at)
        SELECT pg_temp.uuid7(${ts(at)} - interval '5 years', s, 1), 'HIST-' || lpad(s::text, 3, '0'),
               'Kulüp Market ' || c.city || ' ' || s, c.city, ${ts(at)} - interval '5 years'
        FROM generate_series(1, ${HISTORY_STORES}) s
        CROSS JOIN LATERAL (SELECT (${textArray(CITIES)})[1 + (s - 1) % ${CITIES.length}] AS city) c;
        CREATE TEMP TABLE bench_terminal AS
        SELECT ((s - 1) * ${TERMINALS_PER_STORE} + k)::int AS tno, pg_temp.uuid7(${ts(at)} - interval '5 years', s * 100 + k, 2) AS id,
               pg_temp.uuid7(${ts(at)} - interval '5 years', s, 1) AS store_id, k
        FROM generate_series(1, ${HISTORY_STORES}) s, generate_series(1, ${TERMINALS_PER_STORE}) k;
        INSERT INTO terminal (id, store_id, kind, name, status, created_at)
        SELECT id, store_id, 'POS', 'Kasa ' || k, 'ACTIVE', ${ts(at)} - interval '5 years' FROM bench_terminal;`,
    },
    {
      name: 'receipt plan (temp)',
      sql: `
        CREATE TEMP TABLE bench_member AS
        SELECT m AS mno, c.created_at, pg_temp.uuid7(c.created_at, m, 3) AS id, pg_temp.uuid7(c.created_at, m, 4) AS card_id
        FROM generate_series(1, ${input.members}::bigint) m
        CROSS JOIN LATERAL (SELECT ${ts(at)} - interval '${input.days + 1} days'
                                   - floor(pg_temp.u(m, 5) * 1000 * 86400) * interval '1 second' AS created_at) c;
        ALTER TABLE bench_member ADD PRIMARY KEY (mno);
        CREATE TEMP TABLE bench_plan AS
        SELECT p.*, pg_temp.uuid7(p.occurred_at, p.rno, 5) AS rid, pg_temp.uuid7(p.occurred_at, p.rno, 6) AS lot_id,
               pg_temp.uuid7(p.occurred_at, p.rno, 7) AS pay_id,
               (SELECT sum(pg_temp.qty(p.rno, l) * pg_temp.price(pg_temp.prod(p.rno, l)))
                FROM generate_series(1, p.n_lines) l)::int AS total
        FROM (SELECT m * 1000 + s AS rno, m AS mno,
                     ${ts(at)} - (3600000 + floor(pg_temp.u(m * 1000 + s, 2) * ${spanMs}))::bigint * interval '1 millisecond' AS occurred_at,
                     3 + floor(pg_temp.u(m * 1000 + s, 3) * 6)::int AS n_lines,
                     1 + floor(pg_temp.u(m * 1000 + s, 4) * ${HISTORY_STORES * TERMINALS_PER_STORE})::int AS tno
              FROM generate_series(1, ${input.members}::bigint) m, generate_series(1, pg_temp.visits(m)) s) p;`,
    },
    {
      name: 'members',
      sql: `
        INSERT INTO member (id, first_name, last_name, phone, city, gender, lifecycle_stage, tier_code, tier_since,
                            points_balance, external_ref, created_at, updated_at)
        SELECT bm.id,
               CASE WHEN pg_temp.u(bm.mno, 6) < 0.5 THEN (${textArray(FEMALE)})[1 + floor(pg_temp.u(bm.mno, 7) * ${FEMALE.length})::int]
                    ELSE (${textArray(MALE)})[1 + floor(pg_temp.u(bm.mno, 7) * ${MALE.length})::int] END,
               (${textArray(LAST)})[1 + floor(pg_temp.u(bm.mno, 8) * ${LAST.length})::int],
               '+905' || lpad(bm.mno::text, 9, '0'),
               (${textArray(CITIES)})[1 + floor(pg_temp.u(bm.mno, 9) * ${CITIES.length})::int],
               (CASE WHEN pg_temp.u(bm.mno, 6) < 0.5 THEN 'FEMALE' ELSE 'MALE' END)::"Gender",
               (CASE WHEN a.mno IS NULL THEN 'LAPSED' ELSE 'ACTIVE' END)::"LifecycleStage",
               ${tierCase(input.tiers)}, ${ts(at)}, COALESCE(a.points, 0), 'BENCH-' || bm.mno, bm.created_at, ${ts(at)}
        FROM bench_member bm
        LEFT JOIN (SELECT mno, (sum(total) FILTER (WHERE occurred_at > ${ts(at)} - interval '12 months'))::bigint AS spend,
                          (sum(total / 100) FILTER (WHERE occurred_at > ${ts(at)} - interval '12 months'))::bigint AS points12,
                          sum(total / 100)::int AS points
                   FROM bench_plan GROUP BY mno) a ON a.mno = bm.mno;
        INSERT INTO tier_history (member_id, from_code, to_code, reason, at)
        SELECT id, NULL, tier_code, 'bench seed', ${ts(at)} FROM member WHERE external_ref LIKE 'BENCH-%';`,
    },
    {
      name: 'cards',
      sql: `
        INSERT INTO card (id, member_id, number, kind, trust, status, issued_at, updated_at)
        SELECT card_id, id, pg_temp.card_number(mno), 'PRINTED', 'HIGH', 'ACTIVE', created_at, created_at FROM bench_member;
        -- The first members also hold an NTAG 424 DNA (SUN) card, for the tap scenario (see benchNfcUid).
        INSERT INTO card (id, member_id, number, nfc_uid, kind, trust, status, issued_at, updated_at)
        SELECT pg_temp.uuid7(created_at, mno, 8), id, pg_temp.card_number(${NFC_SERIAL_BASE} + mno),
               '${NFC_UID_PREFIX}' || upper(lpad(to_hex(mno), 10, '0')), 'NFC_SUN', 'HIGH', 'ACTIVE', created_at, created_at
        FROM bench_member WHERE mno <= ${NFC_SUN_CARDS};`,
    },
    {
      name: 'receipts',
      sql: `
        INSERT INTO receipt (id, store_id, terminal_id, external_ref, member_id, status, occurred_at, business_date,
                             total_kurus, points_earned, points_redeemed, earning_breakdown, created_at)
        SELECT p.rid, t.store_id, t.id, 'H' || p.rno, bm.id, 'FINAL', p.occurred_at,
               (p.occurred_at AT TIME ZONE 'Europe/Istanbul')::date, p.total, p.total / 100, 0,
               jsonb_build_array(jsonb_build_object(
                 'ruleId', ${lit(input.baseRule.id)}, 'ruleName', ${lit(input.baseRule.name)}, 'kind', 'base',
                 'points', p.total / 100, 'lines', (SELECT jsonb_agg(l) FROM generate_series(1, p.n_lines) l), 'capped', false)),
               p.occurred_at
        FROM bench_plan p JOIN bench_member bm ON bm.mno = p.mno JOIN bench_terminal t ON t.tno = p.tno;`,
    },
    {
      name: 'receipt lines',
      sql: `
        INSERT INTO receipt_line (receipt_id, line_no, sku, category, brand, quantity, unit_price_kurus, line_discount_kurus,
                                  is_reward, net_kurus, points_earned)
        SELECT p.rid, l, pr.sku, pr.category, pr.brand, x.q, pr.price, 0, false, x.q * pr.price, x.q * pr.price / 100
        FROM bench_plan p
        CROSS JOIN LATERAL generate_series(1, p.n_lines) l
        CROSS JOIN LATERAL (SELECT pg_temp.prod(p.rno, l) AS i, pg_temp.qty(p.rno, l) AS q) x
        JOIN bench_product pr ON pr.idx = x.i;`,
    },
    {
      name: 'payments',
      sql: `
        INSERT INTO receipt_payment (id, receipt_id, method, amount_kurus)
        SELECT pay_id, rid, CASE WHEN pg_temp.u(rno, 13) < 0.7 THEN 'card' ELSE 'cash' END, total FROM bench_plan;`,
    },
    {
      name: 'points lots',
      sql: `
        INSERT INTO points_lot (id, member_id, source, receipt_id, earned, earned_at, available_at, expires_at)
        SELECT p.lot_id, bm.id, 'EARN', p.rid, p.total / 100, p.occurred_at,
               p.occurred_at + ${input.pendingDays * 24} * interval '1 hour',
               (p.occurred_at AT TIME ZONE 'UTC' + interval '${input.expiryMonths} months') AT TIME ZONE 'UTC'
        FROM bench_plan p JOIN bench_member bm ON bm.mno = p.mno;`,
    },
    {
      name: 'ledger entries',
      sql: `
        INSERT INTO ledger_entry (member_id, account, kind, points, event_key, receipt_id, lot_id, actor_type, actor_id, created_at)
        SELECT CASE WHEN s.side = 0 THEN bm.id END, CASE WHEN s.side = 0 THEN 'member' ELSE 'system:issued' END, 'EARN',
               CASE WHEN s.side = 0 THEN p.total / 100 ELSE -(p.total / 100) END,
               'receipt:' || p.rid || ':earn', p.rid, p.lot_id, 'TERMINAL', t.id::text, p.occurred_at
        FROM bench_plan p JOIN bench_member bm ON bm.mno = p.mno JOIN bench_terminal t ON t.tno = p.tno
        CROSS JOIN (VALUES (0), (1)) s(side);`,
    },
  ];
}

const ANALYZED = ['member', 'card', 'store', 'terminal', 'product', 'receipt', 'receipt_line', 'receipt_payment', 'points_lot', 'ledger_entry', 'tier_history'];

/** Seeds the chain into an empty, migrated database and returns what was written and how long each step took. */
export async function seedChain(sql: SqlSession, input: SeedInput): Promise<SeedSummary> {
  const stepsMs: Record<string, number> = {};
  const started = performance.now();
  for (const step of seedSteps(input)) {
    const t = performance.now();
    await sql.run(step.sql);
    stepsMs[step.name] = performance.now() - t;
    input.log(`  ${step.name.padEnd(22)} ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s`);
  }
  const [plan] = await sql.rows<{ receipts: string; lines: string; points: string }>(
    `SELECT count(*)::text AS receipts, COALESCE(sum(n_lines), 0)::text AS lines, COALESCE(sum(total / 100), 0)::text AS points FROM bench_plan`,
  );
  // Temp objects would outlive the seed in PGlite's single session; statistics keep the planner honest on the new rows.
  await sql.run('DISCARD TEMP');
  const t = performance.now();
  for (const table of ANALYZED) await sql.run(`VACUUM (ANALYZE) ${table}`);
  stepsMs['vacuum analyze'] = performance.now() - t;
  input.log(`  ${'vacuum analyze'.padEnd(22)} ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s`);

  const tiers = await sql.rows<{ tier_code: string; n: string }>(
    `SELECT tier_code, count(*)::text AS n FROM member WHERE external_ref LIKE 'BENCH-%' GROUP BY tier_code ORDER BY tier_code`,
  );
  const receipts = Number(plan?.receipts ?? 0);
  const summary: SeedSummary = {
    members: input.members,
    cards: input.members + Math.min(input.members, NFC_SUN_CARDS),
    stores: HISTORY_STORES,
    terminals: HISTORY_STORES * TERMINALS_PER_STORE,
    products: input.products.length,
    receipts,
    receiptLines: Number(plan?.lines ?? 0),
    lots: receipts,
    ledgerEntries: 2 * receipts,
    pointsIssued: Number(plan?.points ?? 0),
    membersByTier: Object.fromEntries(tiers.map((r) => [r.tier_code, Number(r.n)])),
    stepsMs,
    totalMs: performance.now() - started,
  };
  input.log(
    `  seeded ${count(summary.members)} members, ${count(summary.receipts)} receipts, ${count(summary.receiptLines)} lines, ` +
      `${count(summary.ledgerEntries)} ledger entries in ${(summary.totalMs / 1000).toFixed(1)} s`,
  );
  return summary;
}
