// A pure, in-memory model of the points ledger (DESIGN §4). It is the oracle the property tests run random
// histories against, and checkInvariants is the same list of invariants the database checker asserts.
//
// Double entry: every business event posts entries that sum to zero, member accounts against system accounts
// (earn/reverse ↔ issued, redeem/refund ↔ redeemed, expire ↔ expired, adjust ↔ adjustments) or against another
// member (transfer). A member's balance is the sum of their entries and equals
//     Σ lot remainders + Σ held − debt,
// where debt is the negative balance a return may leave under the 'allow_negative' policy. New points settle
// debt first, so debt > 0 implies no open lot points. available = balance − open holds = Σ remainders − debt,
// which is ≥ 0 unless debt is allowed.
//
// Holds write no entries: a hold reserves lot points (lot.held) at quote time; capture turns up to the held
// amount into a redeem entry and gives the rest back; release gives everything back. A hold resolves once.
//
// Idempotency: each op carries its business event key. Replaying an op with the same key and the same content
// returns the state unchanged; the same key with different content is 'key_reused'. Failed ops store nothing.
// "One entry per business event" is modelled as: all entries of an event are written together, once.

import {
  type Lot,
  type LotAllocation,
  compareFifo,
  consumeFifo,
  expireLots,
  holdFifo,
  isLotConsistent,
  lotRemainder,
  settleHeld,
} from './lots';
import {
  type EarnedLine,
  type ReturnLine,
  type ReturnPolicy,
  applyReturnPolicy,
  computeReturnReversal,
} from './returns';

/** The system accounts that balance member entries. */
export const SYSTEM_ACCOUNTS = {
  issued: 'system:issued',
  redeemed: 'system:redeemed',
  expired: 'system:expired',
  adjustments: 'system:adjustments',
} as const;

/** One of the SYSTEM_ACCOUNTS ids. */
export type SystemAccount = (typeof SYSTEM_ACCOUNTS)[keyof typeof SYSTEM_ACCOUNTS];

/** Kind of business event an entry belongs to. */
export type EntryKind = 'earn' | 'redeem' | 'reverse' | 'expire' | 'adjust' | 'transfer';

/** An append-only ledger entry; `account` is a member id or a system account id. */
export type LedgerEntry = {
  seq: number;
  eventKey: string;
  kind: EntryKind;
  account: string;
  amount: number;
  at: Date;
  holdId?: string;
  receiptId?: string;
};

/** Lifecycle of a POS hold. */
export type HoldStatus = 'open' | 'captured' | 'released';

/** A two-phase POS redemption. */
export type Hold = {
  id: string;
  memberId: string;
  points: number;
  status: HoldStatus;
  captured: number;
  allocations: LotAllocation[];
  createdAt: Date;
  resolvedAt: Date | null;
};

/** A member's lots and debt. */
export type MemberLedger = { lots: Lot[]; debt: number };

/** Per receipt line: what it earned and what returns have settled so far. */
export type ReceiptLineRecord = {
  lineNo: number;
  quantity: number;
  earned: number;
  returnedQuantity: number;
  /** Points settled by returns (reversed from lots, taken as debt, or waived by policy). */
  reversed: number;
};

/** What the ledger remembers about an earning receipt. */
export type ReceiptRecord = {
  memberId: string;
  lotId: string | null;
  lines: ReceiptLineRecord[];
  tenderPoints: number;
  refundedPoints: number;
};

/** The whole model state. Treat as immutable: applyLedgerOp returns a new state. */
export type LedgerState = {
  entries: LedgerEntry[];
  balances: Record<string, number>;
  members: Record<string, MemberLedger>;
  holds: Record<string, Hold>;
  receipts: Record<string, ReceiptRecord>;
  /** Event key → fingerprint of the op that claimed it. */
  events: Record<string, string>;
};

/** A business event applied to the model. */
export type LedgerOp =
  | {
      kind: 'earn';
      key: string;
      memberId: string;
      at: Date;
      receiptId: string;
      lines: readonly EarnedLine[];
      availableAt: Date;
      expiresAt: Date | null;
      /** Points spent as tender on this receipt (refundable on return). */
      tenderPoints?: number;
    }
  | { kind: 'redeem'; key: string; memberId: string; at: Date; points: number }
  | { kind: 'hold'; key: string; memberId: string; at: Date; holdId: string; points: number }
  | { kind: 'capture'; key: string; at: Date; holdId: string; points: number }
  | { kind: 'release'; key: string; at: Date; holdId: string }
  | {
      kind: 'return';
      key: string;
      at: Date;
      receiptId: string;
      lines: readonly ReturnLine[];
      policy: ReturnPolicy;
      /** Points tender given back (see computeTenderRefund), credited as a new lot. */
      refundPoints?: number;
      refundExpiresAt?: Date | null;
    }
  | { kind: 'expire'; key: string; memberId: string; at: Date }
  | { kind: 'adjust'; key: string; memberId: string; at: Date; points: number; expiresAt?: Date | null; reason: string }
  | { kind: 'transfer'; key: string; at: Date; fromMemberId: string; toMemberId: string; points: number };

/** Why an op was refused (nothing is written). */
export type LedgerErrorCode =
  | 'key_reused'
  | 'invalid_amount'
  | 'invalid_member'
  | 'insufficient_points'
  | 'duplicate_receipt'
  | 'unknown_receipt'
  | 'invalid_return'
  | 'refund_exceeds_tender'
  | 'duplicate_hold'
  | 'unknown_hold'
  | 'hold_not_open'
  | 'capture_exceeds_hold';

/** Outcome of applyLedgerOp; `allocations` lists lot points taken (FIFO) or expired by the op. */
export type LedgerOpResult =
  | { ok: true; state: LedgerState; replayed: boolean; allocations: LotAllocation[] }
  | { ok: false; code: LedgerErrorCode; message: string };

/** An empty ledger. */
export function emptyLedger(): LedgerState {
  return { entries: [], balances: {}, members: {}, holds: {}, receipts: {}, events: {} };
}

/** Applies one business event exactly once per key; on refusal the state is untouched. */
export function applyLedgerOp(state: LedgerState, op: LedgerOp): LedgerOpResult {
  const fingerprint = JSON.stringify(op);
  const claimed = state.events[op.key];
  if (claimed !== undefined) {
    if (claimed === fingerprint) return { ok: true, state, replayed: true, allocations: [] };
    return refuse('key_reused', `event key ${op.key} was already used for a different request`);
  }
  const next = structuredClone(state);
  const outcome = apply(next, op);
  if (!outcome.ok) return outcome;
  next.events[op.key] = fingerprint;
  return { ok: true, state: next, replayed: false, allocations: outcome.allocations };
}

type Outcome = { ok: true; allocations: LotAllocation[] } | { ok: false; code: LedgerErrorCode; message: string };

const refuse = (code: LedgerErrorCode, message: string): { ok: false; code: LedgerErrorCode; message: string } => ({
  ok: false,
  code,
  message,
});
const done = (allocations: LotAllocation[] = []): Outcome => ({ ok: true, allocations });
const isCount = (n: number, min: number): boolean => Number.isSafeInteger(n) && n >= min;
const isMemberId = (id: string): boolean => id.trim() !== '' && !id.startsWith('system:');

function memberOf(state: LedgerState, id: string): MemberLedger {
  const m = state.members[id] ?? { lots: [], debt: 0 };
  state.members[id] = m;
  return m;
}

// Appends one event's entries (zero amounts are skipped) and updates cached balances.
function post(
  state: LedgerState,
  op: { key: string; at: Date },
  kind: EntryKind,
  postings: readonly (readonly [string, number])[],
  extra: { holdId?: string; receiptId?: string } = {},
): void {
  for (const [account, amount] of postings) {
    if (amount === 0) continue;
    state.entries.push({ seq: state.entries.length + 1, eventKey: op.key, kind, account, amount, at: op.at, ...extra });
    state.balances[account] = (state.balances[account] ?? 0) + amount;
  }
}

// New points pay off a negative balance first, from any lot with points left, FIFO.
function settleDebt(member: MemberLedger): void {
  for (const lot of [...member.lots].sort(compareFifo)) {
    if (member.debt === 0) return;
    const p = Math.min(member.debt, lotRemainder(lot));
    if (p <= 0) continue;
    lot.consumed += p;
    member.debt -= p;
  }
}

function newLot(id: string, points: number, at: Date, availableAt: Date, expiresAt: Date | null): Lot {
  return { id, earnedAt: at, availableAt, expiresAt, earned: points, consumed: 0, expired: 0, held: 0 };
}

function apply(state: LedgerState, op: LedgerOp): Outcome {
  switch (op.kind) {
    case 'earn': {
      if (!isMemberId(op.memberId)) return refuse('invalid_member', 'invalid member id');
      if (state.receipts[op.receiptId]) return refuse('duplicate_receipt', `receipt ${op.receiptId} already earned`);
      const bad = op.lines.some((l) => !isCount(l.quantity, 1) || !isCount(l.earnedPoints, 0));
      if (bad || !isCount(op.tenderPoints ?? 0, 0)) return refuse('invalid_amount', 'invalid line quantity or points');
      const total = op.lines.reduce((s, l) => s + l.earnedPoints, 0);
      const member = memberOf(state, op.memberId);
      const lotId = total > 0 ? `lot:${op.key}` : null;
      if (lotId) member.lots.push(newLot(lotId, total, op.at, op.availableAt, op.expiresAt));
      state.receipts[op.receiptId] = {
        memberId: op.memberId,
        lotId,
        lines: op.lines.map((l) => ({
          lineNo: l.lineNo,
          quantity: l.quantity,
          earned: l.earnedPoints,
          returnedQuantity: 0,
          reversed: 0,
        })),
        tenderPoints: op.tenderPoints ?? 0,
        refundedPoints: 0,
      };
      post(state, op, 'earn', [[op.memberId, total], [SYSTEM_ACCOUNTS.issued, -total]], { receiptId: op.receiptId });
      settleDebt(member);
      return done();
    }
    case 'redeem': {
      if (!isMemberId(op.memberId)) return refuse('invalid_member', 'invalid member id');
      if (!isCount(op.points, 1)) return refuse('invalid_amount', 'points must be a whole number ≥ 1');
      const member = memberOf(state, op.memberId);
      const taken = consumeFifo(member.lots, op.points, op.at);
      if (!taken.ok) return refuse('insufficient_points', `only ${taken.available} points available`);
      member.lots = taken.lots;
      post(state, op, 'redeem', [[op.memberId, -op.points], [SYSTEM_ACCOUNTS.redeemed, op.points]]);
      return done(taken.allocations);
    }
    case 'hold': {
      if (!isMemberId(op.memberId)) return refuse('invalid_member', 'invalid member id');
      if (state.holds[op.holdId]) return refuse('duplicate_hold', `hold ${op.holdId} exists`);
      if (!isCount(op.points, 1)) return refuse('invalid_amount', 'points must be a whole number ≥ 1');
      const member = memberOf(state, op.memberId);
      const taken = holdFifo(member.lots, op.points, op.at);
      if (!taken.ok) return refuse('insufficient_points', `only ${taken.available} points available`);
      member.lots = taken.lots;
      state.holds[op.holdId] = {
        id: op.holdId,
        memberId: op.memberId,
        points: op.points,
        status: 'open',
        captured: 0,
        allocations: taken.allocations,
        createdAt: op.at,
        resolvedAt: null,
      };
      return done(taken.allocations);
    }
    case 'capture':
    case 'release': {
      const hold = state.holds[op.holdId];
      if (!hold) return refuse('unknown_hold', `no hold ${op.holdId}`);
      if (hold.status !== 'open') return refuse('hold_not_open', `hold ${op.holdId} is already ${hold.status}`);
      const points = op.kind === 'capture' ? op.points : 0;
      if (!isCount(points, 0)) return refuse('invalid_amount', 'points must be a whole number ≥ 0');
      if (points > hold.points) return refuse('capture_exceeds_hold', `hold is for ${hold.points} points`);
      const member = memberOf(state, hold.memberId);
      const settled = settleHeld(member.lots, hold.allocations, points);
      member.lots = settled.lots;
      hold.status = op.kind === 'capture' ? 'captured' : 'released';
      hold.captured = points;
      hold.resolvedAt = op.at;
      post(state, op, 'redeem', [[hold.memberId, -points], [SYSTEM_ACCOUNTS.redeemed, points]], { holdId: hold.id });
      settleDebt(member);
      return done(settled.captured);
    }
    case 'return': {
      const receipt = state.receipts[op.receiptId];
      if (!receipt) return refuse('unknown_receipt', `no receipt ${op.receiptId}`);
      const refund = op.refundPoints ?? 0;
      if (!isCount(refund, 0)) return refuse('invalid_amount', 'refund must be a whole number ≥ 0');
      if (receipt.refundedPoints + refund > receipt.tenderPoints) {
        const left = receipt.tenderPoints - receipt.refundedPoints;
        return refuse('refund_exceeds_tender', `only ${left} points left to refund`);
      }
      const reversal = computeReturnReversal({
        originalLines: receipt.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity, earnedPoints: l.earned })),
        alreadyReturnedQuantities: Object.fromEntries(receipt.lines.map((l) => [l.lineNo, l.returnedQuantity])),
        alreadyReversedPoints: Object.fromEntries(receipt.lines.map((l) => [l.lineNo, l.reversed])),
        returnLines: op.lines,
      });
      if (!reversal.ok) {
        return refuse('invalid_return', reversal.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
      }
      const member = memberOf(state, receipt.memberId);
      const policy = applyReturnPolicy({
        policy: op.policy,
        points: reversal.totalPoints,
        lots: member.lots,
        at: op.at,
        sourceLotIds: receipt.lotId ? [receipt.lotId] : [],
      });
      member.lots = policy.lots;
      member.debt += policy.negative;
      for (const r of reversal.lines) {
        const line = receipt.lines.find((l) => l.lineNo === r.lineNo);
        if (!line) continue;
        line.returnedQuantity += r.quantity;
        line.reversed += r.points;
      }
      const reversed = reversal.totalPoints - policy.waived;
      post(state, op, 'reverse', [[receipt.memberId, -reversed], [SYSTEM_ACCOUNTS.issued, reversed]], {
        receiptId: op.receiptId,
      });
      if (refund > 0) {
        member.lots.push(newLot(`lot:${op.key}:refund`, refund, op.at, op.at, op.refundExpiresAt ?? null));
        receipt.refundedPoints += refund;
        // A second posting to the member in the same event: the refund of tender, against the redeemed account.
        post(state, op, 'reverse', [[SYSTEM_ACCOUNTS.redeemed, -refund], [receipt.memberId, refund]], {
          receiptId: op.receiptId,
        });
      }
      settleDebt(member);
      return done([...policy.fromPending, ...policy.fromAvailable]);
    }
    case 'expire': {
      if (!isMemberId(op.memberId)) return refuse('invalid_member', 'invalid member id');
      const member = memberOf(state, op.memberId);
      const expired = expireLots(member.lots, op.at);
      member.lots = expired.lots;
      post(state, op, 'expire', [[op.memberId, -expired.total], [SYSTEM_ACCOUNTS.expired, expired.total]]);
      return done(expired.expirations);
    }
    case 'adjust': {
      if (!isMemberId(op.memberId)) return refuse('invalid_member', 'invalid member id');
      if (!Number.isSafeInteger(op.points) || op.points === 0) {
        return refuse('invalid_amount', 'points must be a non-zero whole number');
      }
      const member = memberOf(state, op.memberId);
      let allocations: LotAllocation[] = [];
      if (op.points > 0) {
        member.lots.push(newLot(`lot:${op.key}`, op.points, op.at, op.at, op.expiresAt ?? null));
      } else {
        const taken = consumeFifo(member.lots, -op.points, op.at);
        if (!taken.ok) return refuse('insufficient_points', `only ${taken.available} points available`);
        member.lots = taken.lots;
        allocations = taken.allocations;
      }
      post(state, op, 'adjust', [[op.memberId, op.points], [SYSTEM_ACCOUNTS.adjustments, -op.points]]);
      settleDebt(member);
      return done(allocations);
    }
    case 'transfer': {
      if (!isMemberId(op.fromMemberId) || !isMemberId(op.toMemberId) || op.fromMemberId === op.toMemberId) {
        return refuse('invalid_member', 'transfer needs two different member ids');
      }
      if (!isCount(op.points, 1)) return refuse('invalid_amount', 'points must be a whole number ≥ 1');
      const from = memberOf(state, op.fromMemberId);
      const taken = consumeFifo(from.lots, op.points, op.at);
      if (!taken.ok) return refuse('insufficient_points', `only ${taken.available} points available`);
      from.lots = taken.lots;
      const to = memberOf(state, op.toMemberId);
      // Transferred points keep their expiry dates and are spendable at once.
      taken.allocations.forEach((a, i) => {
        const source = from.lots.find((l) => l.id === a.lotId);
        to.lots.push(newLot(`lot:${op.key}:${i}`, a.points, op.at, op.at, source?.expiresAt ?? null));
      });
      post(state, op, 'transfer', [[op.fromMemberId, -op.points], [op.toMemberId, op.points]]);
      settleDebt(to);
      return done(taken.allocations);
    }
  }
}

/** Names of the invariants checkInvariants asserts. */
export type InvariantCode =
  | 'entry_invalid'
  | 'ledger_not_zero'
  | 'event_not_balanced'
  | 'event_split'
  | 'event_unclaimed'
  | 'balance_mismatch'
  | 'lot_out_of_bounds'
  | 'lot_sum_mismatch'
  | 'debt_with_open_points'
  | 'negative_available'
  | 'hold_inconsistent'
  | 'held_mismatch'
  | 'line_over_reversed'
  | 'refund_exceeds_tender'
  | 'entries_rewritten';

/** One broken invariant, naming the account, lot, hold, receipt or event concerned. */
export type InvariantViolation = { code: InvariantCode; subject: string; message: string };

/** Options for checkInvariants: whether debt is allowed, and a previous state to prove the journal append-only. */
export type InvariantOptions = { allowNegative?: boolean; previous?: LedgerState };

/** Every violated ledger invariant (DESIGN §4); an empty list means the state is sound. */
export function checkInvariants(state: LedgerState, options: InvariantOptions = {}): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const flag = (code: InvariantCode, subject: string, message: string): void => {
    out.push({ code, subject, message });
  };

  // Journal: valid amounts, zero-sum overall and per event, each event written in one batch and claimed.
  const sums = new Map<string, number>();
  const eventSums = new Map<string, number>();
  const closedEvents = new Set<string>();
  let total = 0;
  let prevKey: string | null = null;
  state.entries.forEach((e, i) => {
    if (!Number.isSafeInteger(e.amount) || e.amount === 0 || e.seq !== i + 1) {
      flag('entry_invalid', `entry ${e.seq}`, 'amount must be a non-zero whole number and seq contiguous');
    }
    total += e.amount;
    sums.set(e.account, (sums.get(e.account) ?? 0) + e.amount);
    eventSums.set(e.eventKey, (eventSums.get(e.eventKey) ?? 0) + e.amount);
    if (e.eventKey !== prevKey) {
      if (closedEvents.has(e.eventKey)) flag('event_split', e.eventKey, 'event entries were written more than once');
      if (prevKey !== null) closedEvents.add(prevKey);
      prevKey = e.eventKey;
    }
    if (state.events[e.eventKey] === undefined) flag('event_unclaimed', e.eventKey, 'entries without a claimed key');
  });
  if (total !== 0) flag('ledger_not_zero', 'ledger', `all entries sum to ${total}`);
  for (const [key, s] of eventSums) if (s !== 0) flag('event_not_balanced', key, `event entries sum to ${s}`);

  // Cached balances.
  const accounts = new Set([...sums.keys(), ...Object.keys(state.balances)]);
  for (const a of accounts) {
    const cached = state.balances[a] ?? 0;
    const actual = sums.get(a) ?? 0;
    if (cached !== actual) flag('balance_mismatch', a, `cached ${cached}, entries sum to ${actual}`);
  }

  // Holds: resolve once, capture ≤ hold, allocations cover the hold, redeem entries match the capture.
  const openHeld = new Map<string, number>();
  const capturedByHold = new Map<string, number>();
  for (const e of state.entries) {
    if (e.holdId !== undefined && e.account === state.holds[e.holdId]?.memberId) {
      capturedByHold.set(e.holdId, (capturedByHold.get(e.holdId) ?? 0) - e.amount);
    }
  }
  for (const h of Object.values(state.holds)) {
    const allocated = h.allocations.reduce((s, a) => s + a.points, 0);
    const ok =
      allocated === h.points &&
      h.captured >= 0 &&
      h.captured <= h.points &&
      (h.status === 'open' ? h.captured === 0 && h.resolvedAt === null : h.resolvedAt !== null) &&
      (h.status !== 'released' || h.captured === 0) &&
      (capturedByHold.get(h.id) ?? 0) === h.captured;
    if (!ok) flag('hold_inconsistent', h.id, `hold ${h.status} for ${h.points}, captured ${h.captured}`);
    if (h.status === 'open') openHeld.set(h.memberId, (openHeld.get(h.memberId) ?? 0) + h.points);
  }

  // Lots against balances.
  for (const [id, m] of Object.entries(state.members)) {
    for (const lot of m.lots) {
      if (!isLotConsistent(lot)) {
        const counts = `earned ${lot.earned}, consumed ${lot.consumed}, expired ${lot.expired}, held ${lot.held}`;
        flag('lot_out_of_bounds', lot.id, counts);
      }
    }
    const remainders = m.lots.reduce((s, l) => s + lotRemainder(l), 0);
    const held = m.lots.reduce((s, l) => s + l.held, 0);
    const balance = sums.get(id) ?? 0; // from the journal, so a bad cache shows up only as balance_mismatch
    if (!isCount(m.debt, 0)) flag('lot_out_of_bounds', id, `debt ${m.debt} is not a whole number ≥ 0`);
    if (remainders + held - m.debt !== balance) {
      flag('lot_sum_mismatch', id, `lots hold ${remainders} + ${held} held − ${m.debt} debt, balance is ${balance}`);
    }
    if (m.debt > 0 && remainders > 0) {
      flag('debt_with_open_points', id, `debt ${m.debt} while ${remainders} points open`);
    }
    const holds = openHeld.get(id) ?? 0;
    if (held !== holds) flag('held_mismatch', id, `lots hold ${held}, open holds ${holds}`);
    const available = balance - held;
    if (available < 0 && options.allowNegative !== true) flag('negative_available', id, `available is ${available}`);
  }

  // Receipt lines: never reverse more than earned or return more than bought; refunds within tender.
  for (const [rid, r] of Object.entries(state.receipts)) {
    for (const l of r.lines) {
      if (l.reversed < 0 || l.reversed > l.earned || l.returnedQuantity < 0 || l.returnedQuantity > l.quantity) {
        const detail = `reversed ${l.reversed}/${l.earned}, returned ${l.returnedQuantity}/${l.quantity}`;
        flag('line_over_reversed', `${rid}#${l.lineNo}`, detail);
      }
    }
    if (r.refundedPoints < 0 || r.refundedPoints > r.tenderPoints) {
      flag('refund_exceeds_tender', rid, `refunded ${r.refundedPoints} of ${r.tenderPoints} tendered`);
    }
  }

  // Append-only: the previous journal is an unchanged prefix of this one.
  if (options.previous) {
    const before = options.previous.entries;
    const same = before.length <= state.entries.length && before.every((e, i) => sameEntry(e, state.entries[i]));
    if (!same) flag('entries_rewritten', 'ledger', 'earlier entries were changed or removed');
  }
  return out;
}

function sameEntry(a: LedgerEntry, b: LedgerEntry | undefined): boolean {
  return (
    b !== undefined &&
    a.seq === b.seq &&
    a.eventKey === b.eventKey &&
    a.kind === b.kind &&
    a.account === b.account &&
    a.amount === b.amount &&
    a.at.getTime() === b.at.getTime() &&
    a.holdId === b.holdId &&
    a.receiptId === b.receiptId
  );
}

/** A member's posted balance (Σ of their entries, as cached). */
export function memberBalance(state: LedgerState, memberId: string): number {
  return state.balances[memberId] ?? 0;
}
