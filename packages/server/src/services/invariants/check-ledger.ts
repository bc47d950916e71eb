import type { Db } from '../../db/database';
import type { Tx } from '../context';

/** Names of the ledger invariants (DESIGN.md §4) the checker asserts. */
export type LedgerInvariant =
  | 'entry_invalid'
  | 'ledger_not_zero'
  | 'event_not_balanced'
  | 'event_duplicated'
  | 'balance_mismatch'
  | 'held_mismatch'
  | 'negative_available'
  | 'lot_out_of_bounds'
  | 'lot_sum_mismatch'
  | 'line_over_reversed'
  | 'refund_exceeds_tender'
  | 'hold_inconsistent'
  | 'ledger_not_append_only';

/** One broken invariant, naming the member, lot, hold, receipt line or event concerned. */
export type LedgerViolation = { invariant: LedgerInvariant; subject: string; message: string };

// Each check reports at most this many rows: enough to act on, bounded output on a badly broken database.
const LIMIT = 100;

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);

type Check = (tx: Tx) => Promise<LedgerViolation[]>;

const checks: Check[] = [
  async (tx) =>
    (
      await tx.$queryRaw<{ id: bigint; eventKey: string }[]>`
        SELECT id, event_key AS "eventKey" FROM ledger_entry
        WHERE points = 0 OR (account = 'member') <> (member_id IS NOT NULL) LIMIT ${LIMIT}`
    ).map((r) => ({ invariant: 'entry_invalid', subject: `entry ${r.id}`, message: `entry of ${r.eventKey} has zero points or a member id on a system account (or none on a member's)` })),

  async (tx) => {
    const [row] = await tx.$queryRaw<{ total: bigint }[]>`SELECT COALESCE(SUM(points), 0)::bigint AS total FROM ledger_entry`;
    const total = n(row?.total);
    return total === 0 ? [] : [{ invariant: 'ledger_not_zero', subject: 'ledger', message: `all entries sum to ${total}, not 0` }];
  },

  async (tx) =>
    (
      await tx.$queryRaw<{ eventKey: string; total: bigint }[]>`
        SELECT event_key AS "eventKey", SUM(points)::bigint AS total FROM ledger_entry
        GROUP BY event_key HAVING SUM(points) <> 0 LIMIT ${LIMIT}`
    ).map((r) => ({ invariant: 'event_not_balanced', subject: r.eventKey, message: `the event's entries sum to ${n(r.total)}` })),

  async (tx) =>
    (
      await tx.$queryRaw<{ eventKey: string; account: string; count: bigint }[]>`
        SELECT event_key AS "eventKey", account, COUNT(*)::bigint AS count FROM ledger_entry
        GROUP BY event_key, account HAVING COUNT(*) > 1 LIMIT ${LIMIT}`
    ).map((r) => ({ invariant: 'event_duplicated', subject: r.eventKey, message: `${n(r.count)} entries for account ${r.account}` })),

  async (tx) =>
    (
      await tx.$queryRaw<{ id: string; cached: number; actual: bigint }[]>`
        SELECT m.id, m.points_balance AS cached, COALESCE(s.total, 0)::bigint AS actual
        FROM member m
        LEFT JOIN (SELECT member_id, SUM(points) AS total FROM ledger_entry WHERE account = 'member' GROUP BY member_id) s
          ON s.member_id = m.id
        WHERE m.points_balance <> COALESCE(s.total, 0) LIMIT ${LIMIT}`
    ).map((r) => ({ invariant: 'balance_mismatch', subject: `member ${r.id}`, message: `cached balance ${r.cached}, entries sum to ${n(r.actual)}` })),

  async (tx) =>
    (
      await tx.$queryRaw<{ id: string; cached: number; holds: bigint; lots: bigint }[]>`
        SELECT m.id, m.points_held AS cached, COALESCE(h.open, 0)::bigint AS holds, COALESCE(l.held, 0)::bigint AS lots
        FROM member m
        LEFT JOIN (SELECT member_id, SUM(points) AS open FROM points_hold WHERE status = 'OPEN' GROUP BY member_id) h
          ON h.member_id = m.id
        LEFT JOIN (SELECT member_id, SUM(held) AS held FROM points_lot WHERE held > 0 GROUP BY member_id) l
          ON l.member_id = m.id
        WHERE m.points_held <> COALESCE(h.open, 0) OR m.points_held <> COALESCE(l.held, 0) LIMIT ${LIMIT}`
    ).map((r) => ({
      invariant: 'held_mismatch',
      subject: `member ${r.id}`,
      message: `cached held ${r.cached}, open holds ${n(r.holds)}, held on lots ${n(r.lots)}`,
    })),

  // A negative balance is debt, which only a return under 'allow_negative' creates, and never beside a hold.
  async (tx) =>
    (
      await tx.$queryRaw<{ id: string; balance: number; held: number }[]>`
        SELECT m.id, m.points_balance AS balance, m.points_held AS held FROM member m
        WHERE m.points_balance - m.points_held < 0
          AND (m.points_held > 0 OR NOT EXISTS (
            SELECT 1 FROM ledger_entry e WHERE e.member_id = m.id AND e.account = 'member' AND e.kind = 'REVERSE'))
        LIMIT ${LIMIT}`
    ).map((r) => ({
      invariant: 'negative_available',
      subject: `member ${r.id}`,
      message: `balance ${r.balance} − held ${r.held} is negative and not debt from a return`,
    })),

  async (tx) =>
    (
      await tx.$queryRaw<{ id: string; earned: number; consumed: number; expired: number; held: number }[]>`
        SELECT id, earned, consumed, expired, held FROM points_lot
        WHERE earned <= 0 OR consumed < 0 OR expired < 0 OR held < 0 OR consumed + expired + held > earned LIMIT ${LIMIT}`
    ).map((r) => ({
      invariant: 'lot_out_of_bounds',
      subject: `lot ${r.id}`,
      message: `earned ${r.earned}, consumed ${r.consumed}, expired ${r.expired}, held ${r.held}`,
    })),

  // Σ open lot points (remainders + held) = balance, or 0 while the balance is negative (debt, which the
  // next points repay first, so debt and open points never coexist).
  async (tx) =>
    (
      await tx.$queryRaw<{ id: string; balance: number; open: bigint }[]>`
        SELECT m.id, m.points_balance AS balance, COALESCE(l.open, 0)::bigint AS open
        FROM member m
        LEFT JOIN (SELECT member_id, SUM(earned - consumed - expired) AS open FROM points_lot
                   WHERE consumed + expired < earned GROUP BY member_id) l ON l.member_id = m.id
        WHERE COALESCE(l.open, 0) <> GREATEST(m.points_balance, 0) LIMIT ${LIMIT}`
    ).map((r) => ({
      invariant: 'lot_sum_mismatch',
      subject: `member ${r.id}`,
      message:
        n(r.open) > r.balance
          ? `lots carry ${n(r.open)} open points but the balance is ${r.balance} (unsettled debt ${n(r.open) - r.balance}?)`
          : `lots carry ${n(r.open)} open points, the balance is ${r.balance}`,
    })),

  async (tx) =>
    (
      await tx.$queryRaw<{ receiptId: string; lineNo: number; earned: number; reversed: number; quantity: number; returned: number }[]>`
        SELECT receipt_id AS "receiptId", line_no AS "lineNo", points_earned AS earned, points_reversed AS reversed,
               quantity, returned_quantity AS returned
        FROM receipt_line
        WHERE points_reversed < 0 OR points_reversed > points_earned OR returned_quantity < 0 OR returned_quantity > quantity
        LIMIT ${LIMIT}`
    ).map((r) => ({
      invariant: 'line_over_reversed',
      subject: `receipt ${r.receiptId} line ${r.lineNo}`,
      message: `reversed ${r.reversed} of ${r.earned} points, returned ${r.returned} of ${r.quantity} units`,
    })),

  async (tx) =>
    (
      await tx.$queryRaw<{ receiptId: string; refunded: bigint; tender: bigint }[]>`
        SELECT r.receipt_id AS "receiptId", r.refunded::bigint AS refunded, COALESCE(p.tender, 0)::bigint AS tender
        FROM (SELECT receipt_id, SUM(points_refunded) AS refunded FROM receipt_return
              GROUP BY receipt_id HAVING SUM(points_refunded) > 0) r
        LEFT JOIN (SELECT receipt_id, SUM(points) AS tender FROM receipt_payment WHERE points IS NOT NULL GROUP BY receipt_id) p
          ON p.receipt_id = r.receipt_id
        WHERE r.refunded > COALESCE(p.tender, 0) LIMIT ${LIMIT}`
    ).map((r) => ({
      invariant: 'refund_exceeds_tender',
      subject: `receipt ${r.receiptId}`,
      message: `${n(r.refunded)} points refunded, ${n(r.tender)} paid as tender`,
    })),

  // A hold resolves once: open with nothing captured, or resolved with its capture (≤ the hold) posted once.
  async (tx) =>
    (
      await tx.$queryRaw<{ id: string; status: string; points: number; captured: number | null; posted: bigint | null }[]>`
        SELECT h.id, h.status::text AS status, h.points, h.captured_points AS captured, e.captured::bigint AS posted
        FROM points_hold h
        LEFT JOIN (SELECT hold_id, -SUM(points) AS captured FROM ledger_entry
                   WHERE hold_id IS NOT NULL AND account = 'member' GROUP BY hold_id) e ON e.hold_id = h.id
        WHERE NOT (
             (h.status = 'OPEN' AND h.resolved_at IS NULL AND h.captured_points IS NULL AND e.hold_id IS NULL)
          OR (h.status = 'CAPTURED' AND h.resolved_at IS NOT NULL AND h.captured_points BETWEEN 1 AND h.points
              AND (e.hold_id IS NULL OR e.captured = h.captured_points))
          OR (h.status = 'RELEASED' AND h.resolved_at IS NOT NULL AND COALESCE(h.captured_points, 0) = 0 AND e.hold_id IS NULL))
          OR (jsonb_typeof(h.allocations) = 'array'
              AND (SELECT COALESCE(SUM((a->>'points')::int), 0) FROM jsonb_array_elements(h.allocations) a) <> h.points)
        LIMIT ${LIMIT}`
    ).map((r) => ({
      invariant: 'hold_inconsistent',
      subject: `hold ${r.id}`,
      message: `${r.status} hold of ${r.points}, captured ${r.captured ?? '–'}, posted ${r.posted === null ? '–' : n(r.posted)} (or allocations do not add up)`,
    })),

  async (tx) => {
    const rows = await tx.$queryRaw<{ ok: number }[]>`
      SELECT 1 AS ok FROM pg_trigger
      WHERE tgrelid = 'ledger_entry'::regclass AND tgname = 'ledger_entry_no_update' AND tgenabled <> 'D'`;
    return rows.length > 0
      ? []
      : [{ invariant: 'ledger_not_append_only', subject: 'ledger_entry', message: 'the trigger that refuses UPDATE and DELETE is missing or disabled' }];
  },
];

/**
 * Every violated ledger invariant, from set-based queries over one repeatable-read snapshot (so concurrent
 * writes cannot produce false alarms); an empty list means the points ledger is sound.
 */
export async function checkLedger(db: Db): Promise<LedgerViolation[]> {
  return db.$transaction(
    async (tx) => {
      const out: LedgerViolation[] = [];
      for (const check of checks) out.push(...(await check(tx)));
      return out;
    },
    // Read-only and nightly or on demand: on a large ledger the aggregates take a while.
    { isolationLevel: 'RepeatableRead', timeout: 30 * 60_000, maxWait: 10_000 },
  );
}
