import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  type InvariantCode,
  type LedgerEntry,
  type LedgerOp,
  type LedgerState,
  SYSTEM_ACCOUNTS,
  applyLedgerOp,
  checkInvariants,
  emptyLedger,
  memberBalance,
} from './ledger';
import { type Lot, compareFifo, lotRemainder, lotStatus } from './lots';
import type { ReturnPolicy } from './returns';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const d = (days: number): Date => new Date(T0 + days * DAY);

function run(ops: LedgerOp[], state: LedgerState = emptyLedger()): LedgerState {
  for (const op of ops) {
    const r = applyLedgerOp(state, op);
    if (!r.ok) throw new Error(`${op.key}: ${r.code} ${r.message}`);
    expect(checkInvariants(r.state, { previous: state, allowNegative: true })).toEqual([]);
    state = r.state;
  }
  return state;
}

const earn = (key: string, day: number, points: number[], extra: Partial<Extract<LedgerOp, { kind: 'earn' }>> = {}): LedgerOp => ({
  kind: 'earn',
  key,
  memberId: 'ayse',
  at: d(day),
  receiptId: `R-${key}`,
  lines: points.map((p, i) => ({ lineNo: i + 1, quantity: 2, earnedPoints: p })),
  availableAt: d(day + 14),
  expiresAt: d(day + 365),
  ...extra,
});

describe('ledger — examples', () => {
  it('earns into a pending lot that becomes spendable after the return window', () => {
    const s = run([earn('e1', 0, [60, 40])]);
    expect(memberBalance(s, 'ayse')).toBe(100);
    expect(s.balances[SYSTEM_ACCOUNTS.issued]).toBe(-100);
    const early = applyLedgerOp(s, { kind: 'redeem', key: 'r1', memberId: 'ayse', at: d(13), points: 10 });
    expect(early).toMatchObject({ ok: false, code: 'insufficient_points' });
    const later = run([{ kind: 'redeem', key: 'r1', memberId: 'ayse', at: d(14), points: 10 }], s);
    expect(memberBalance(later, 'ayse')).toBe(90);
  });

  it('replays an event key with the same body as a no-op and refuses a different body', () => {
    const op = earn('e1', 0, [10]);
    const s = run([op]);
    const again = applyLedgerOp(s, op);
    expect(again).toMatchObject({ ok: true, replayed: true });
    expect(again.ok && again.state).toBe(s);
    expect(applyLedgerOp(s, earn('e1', 0, [11]))).toMatchObject({ ok: false, code: 'key_reused' });
    expect(applyLedgerOp(s, earn('e2', 0, [10], { receiptId: 'R-e1' }))).toMatchObject({ ok: false, code: 'duplicate_receipt' });
  });

  it('holds at quote time and captures at most the hold, once', () => {
    const s = run([
      earn('e1', 0, [100]),
      { kind: 'hold', key: 'h1', memberId: 'ayse', at: d(20), holdId: 'H1', points: 80 },
    ]);
    expect(memberBalance(s, 'ayse')).toBe(100); // a hold posts nothing
    expect(applyLedgerOp(s, { kind: 'redeem', key: 'r', memberId: 'ayse', at: d(20), points: 21 })).toMatchObject({
      ok: false,
      code: 'insufficient_points',
    });
    expect(applyLedgerOp(s, { kind: 'capture', key: 'c', at: d(20), holdId: 'H1', points: 81 })).toMatchObject({
      ok: false,
      code: 'capture_exceeds_hold',
    });
    const captured = run([{ kind: 'capture', key: 'c', at: d(20), holdId: 'H1', points: 50 }], s);
    expect(memberBalance(captured, 'ayse')).toBe(50);
    expect(captured.holds.H1).toMatchObject({ status: 'captured', captured: 50 });
    expect(applyLedgerOp(captured, { kind: 'release', key: 'rel', at: d(21), holdId: 'H1' })).toMatchObject({
      ok: false,
      code: 'hold_not_open',
    });
  });

  it('held points survive the expiry run and expire once released', () => {
    const s = run([
      earn('e1', 0, [100]),
      { kind: 'hold', key: 'h1', memberId: 'ayse', at: d(364), holdId: 'H1', points: 70 },
      { kind: 'expire', key: 'x1', memberId: 'ayse', at: d(365) },
    ]);
    expect(memberBalance(s, 'ayse')).toBe(70);
    const released = run(
      [
        { kind: 'release', key: 'rel', at: d(365), holdId: 'H1' },
        { kind: 'expire', key: 'x2', memberId: 'ayse', at: d(365) },
      ],
      s,
    );
    expect(memberBalance(released, 'ayse')).toBe(0);
    expect(released.balances[SYSTEM_ACCOUNTS.expired]).toBe(100);
  });

  it('returns reverse proportionally under each policy', () => {
    // Earned 100 (2 units), 90 of it redeemed after the return window; then one unit returned.
    const base = [
      earn('e1', 0, [100]),
      { kind: 'redeem', key: 'r1', memberId: 'ayse', at: d(20), points: 90 } as LedgerOp,
    ];
    const ret = (policy: ReturnPolicy): LedgerOp => ({
      kind: 'return',
      key: 'ret',
      at: d(30),
      receiptId: 'R-e1',
      lines: [{ lineNo: 1, quantity: 2 }],
      policy,
    });
    const s = run(base);
    expect(memberBalance(run([ret('pending_only')], s), 'ayse')).toBe(10); // lot no longer pending: all waived
    expect(memberBalance(run([ret('within_balance')], s), 'ayse')).toBe(0);
    const negative = run([ret('allow_negative')], s);
    expect(memberBalance(negative, 'ayse')).toBe(-90);
    expect(negative.receipts['R-e1']?.lines[0]).toMatchObject({ returnedQuantity: 2, reversed: 100 });
    // The next points pay the debt first.
    const settled = run([earn('e2', 40, [120], { availableAt: d(40) })], negative);
    expect(memberBalance(settled, 'ayse')).toBe(30);
    expect(settled.members.ayse?.debt).toBe(0);
    expect(applyLedgerOp(settled, ret('within_balance'))).toMatchObject({ ok: false, code: 'key_reused' });
    expect(applyLedgerOp(settled, { ...ret('within_balance'), key: 'ret2' })).toMatchObject({ ok: false, code: 'invalid_return' });
  });

  it('refunds points tender on return as a new lot, never more than was tendered', () => {
    const s = run([
      earn('e1', 0, [10], { tenderPoints: 300 }),
      {
        kind: 'return',
        key: 'ret',
        at: d(1),
        receiptId: 'R-e1',
        lines: [{ lineNo: 1, quantity: 1 }],
        policy: 'within_balance',
        refundPoints: 150,
        refundExpiresAt: d(366),
      },
    ]);
    expect(memberBalance(s, 'ayse')).toBe(5 + 150);
    expect(s.balances[SYSTEM_ACCOUNTS.redeemed]).toBe(-150);
    const over = applyLedgerOp(s, {
      kind: 'return',
      key: 'ret2',
      at: d(2),
      receiptId: 'R-e1',
      lines: [{ lineNo: 1, quantity: 1 }],
      policy: 'within_balance',
      refundPoints: 151,
    });
    expect(over).toMatchObject({ ok: false, code: 'refund_exceeds_tender' });
  });

  it('transfers keep expiry dates; adjustments balance against the adjustments account', () => {
    const s = run([
      earn('e1', 0, [100], { availableAt: d(0) }),
      { kind: 'transfer', key: 't1', at: d(1), fromMemberId: 'ayse', toMemberId: 'mehmet', points: 30 },
      { kind: 'adjust', key: 'a1', memberId: 'mehmet', at: d(2), points: -5, reason: 'correction' },
      { kind: 'adjust', key: 'a2', memberId: 'mehmet', at: d(2), points: 12, expiresAt: d(30), reason: 'goodwill' },
    ]);
    expect(memberBalance(s, 'ayse')).toBe(70);
    expect(memberBalance(s, 'mehmet')).toBe(37);
    expect(s.balances[SYSTEM_ACCOUNTS.adjustments]).toBe(-7);
    expect(s.members.mehmet?.lots[0]?.expiresAt).toEqual(d(365));
    expect(applyLedgerOp(s, { kind: 'transfer', key: 't2', at: d(3), fromMemberId: 'ayse', toMemberId: 'ayse', points: 1 })).toMatchObject({
      ok: false,
      code: 'invalid_member',
    });
  });
});

describe('checkInvariants detects each kind of corruption', () => {
  const good = run([
    earn('e1', 0, [100], { availableAt: d(0) }),
    { kind: 'hold', key: 'h1', memberId: 'ayse', at: d(1), holdId: 'H1', points: 20 },
    { kind: 'redeem', key: 'r1', memberId: 'ayse', at: d(1), points: 30 },
  ]);
  const corrupt = (change: (s: LedgerState) => void, options = {}): InvariantCode[] => {
    const s = structuredClone(good);
    change(s);
    return [...new Set(checkInvariants(s, { previous: good, ...options }).map((v) => v.code))];
  };

  it('is clean on a sound state', () => {
    expect(checkInvariants(good)).toEqual([]);
  });

  it.each<[string, (s: LedgerState) => void, InvariantCode[]]>([
    ['cached balance off', (s) => void (s.balances.ayse = 71), ['balance_mismatch']],
    [
      'entry removed',
      (s) => void s.entries.pop(),
      ['ledger_not_zero', 'event_not_balanced', 'balance_mismatch', 'entries_rewritten'],
    ],
    [
      'entry amount changed',
      (s) => void ((s.entries[0] as { amount: number }).amount = 99),
      ['ledger_not_zero', 'event_not_balanced', 'balance_mismatch', 'lot_sum_mismatch', 'entries_rewritten'],
    ],
    [
      'event posted twice',
      (s) => void s.entries.push({ ...(s.entries[0] as LedgerEntry), seq: s.entries.length + 1 }),
      ['ledger_not_zero', 'event_split', 'event_not_balanced', 'balance_mismatch', 'lot_sum_mismatch'],
    ],
    ['entry without a claimed key', (s) => void delete s.events.r1, ['event_unclaimed']],
    [
      'lot over-consumed',
      (s) => void ((s.members.ayse?.lots[0] as Lot).consumed = 90),
      ['lot_out_of_bounds', 'lot_sum_mismatch'],
    ],
    [
      'hold over-captured',
      (s) => void Object.assign(s.holds.H1 as object, { status: 'captured', captured: 25, resolvedAt: d(2) }),
      ['hold_inconsistent', 'held_mismatch'],
    ],
    [
      'line over-reversed',
      (s) => void ((s.receipts['R-e1']?.lines[0] as { reversed: number }).reversed = 101),
      ['line_over_reversed'],
    ],
    [
      'debt beside open points',
      (s) => void ((s.members.ayse as { debt: number }).debt = 5),
      ['lot_sum_mismatch', 'debt_with_open_points'],
    ],
  ])('%s', (_name, change, codes) => {
    expect(corrupt(change).sort()).toEqual([...codes].sort());
  });

  it('flags negative availability unless debt is allowed', () => {
    const s = run([
      earn('e1', 0, [100]),
      { kind: 'return', key: 'ret', at: d(1), receiptId: 'R-e1', lines: [{ lineNo: 1, quantity: 2 }], policy: 'allow_negative' },
    ]);
    expect(checkInvariants(s, { allowNegative: true })).toEqual([]);
    expect(checkInvariants(s).map((v) => v.code)).toEqual([]); // fully reversed from its own pending lot: no debt
    const debt = run([
      earn('e1', 0, [100], { availableAt: d(0) }),
      { kind: 'redeem', key: 'r', memberId: 'ayse', at: d(1), points: 100 },
      { kind: 'return', key: 'ret', at: d(2), receiptId: 'R-e1', lines: [{ lineNo: 1, quantity: 2 }], policy: 'allow_negative' },
    ]);
    expect(checkInvariants(debt).map((v) => v.code)).toEqual(['negative_available']);
  });
});

// ---- property: random histories --------------------------------------------------------------------------

const MEMBERS = ['m1', 'm2'] as const;

type Cmd =
  | { t: 'earn'; m: number; lines: { q: number; p: number }[]; pendingDays: number; lifeDays: number | null; tender: number }
  | { t: 'redeem' | 'hold' | 'transfer'; m: number; points: number }
  | { t: 'capture'; pick: number; pct: number }
  | { t: 'release'; pick: number }
  | { t: 'return'; pick: number; line: number; qty: number; refundPct: number }
  | { t: 'expire'; m: number }
  | { t: 'adjust'; m: number; points: number; lifeDays: number | null }
  | { t: 'replay'; pick: number };

const m = fc.integer({ min: 0, max: MEMBERS.length - 1 });
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant('earn' as const),
      m,
      lines: fc.array(fc.record({ q: fc.integer({ min: 1, max: 4 }), p: fc.nat({ max: 300 }) }), { minLength: 1, maxLength: 3 }),
      pendingDays: fc.constantFrom(0, 0, 14),
      lifeDays: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
      tender: fc.nat({ max: 200 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      t: fc.constantFrom('redeem' as const, 'hold' as const, 'transfer' as const),
      m,
      points: fc.integer({ min: 1, max: 150 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ t: fc.constant('capture' as const), pick: fc.nat(), pct: fc.nat({ max: 100 }) }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('release' as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant('return' as const),
      pick: fc.nat(),
      line: fc.nat(),
      qty: fc.integer({ min: 1, max: 3 }),
      refundPct: fc.nat({ max: 100 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ t: fc.constant('expire' as const), m }), weight: 2 },
  {
    arbitrary: fc.record({
      t: fc.constant('adjust' as const),
      m,
      points: fc.integer({ min: -200, max: 200 }).filter((x) => x !== 0),
      lifeDays: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('replay' as const), pick: fc.nat() }), weight: 1 },
);
const stepArb = fc.record({ cmd: cmdArb, hours: fc.nat({ max: 24 * 20 }) });

type Ctx = { clock: number; n: number; ops: LedgerOp[]; receipts: string[]; holds: string[] };

// Turns a generated command into an op against the current state (possibly an invalid one, which must be refused).
function toOp(cmd: Cmd, state: LedgerState, ctx: Ctx, policy: ReturnPolicy): LedgerOp | null {
  const at = new Date(ctx.clock);
  const key = `k${ctx.n++}`;
  const member = (i: number): string => MEMBERS[i % MEMBERS.length] as string;
  switch (cmd.t) {
    case 'earn': {
      const receiptId = `R${ctx.n}`;
      return {
        kind: 'earn',
        key,
        memberId: member(cmd.m),
        at,
        receiptId,
        lines: cmd.lines.map((l, i) => ({ lineNo: i + 1, quantity: l.q, earnedPoints: l.p })),
        availableAt: new Date(ctx.clock + cmd.pendingDays * DAY),
        expiresAt: cmd.lifeDays === null ? null : new Date(ctx.clock + cmd.lifeDays * DAY),
        tenderPoints: cmd.tender,
      };
    }
    case 'redeem':
      return { kind: 'redeem', key, memberId: member(cmd.m), at, points: cmd.points };
    case 'hold':
      return { kind: 'hold', key, memberId: member(cmd.m), at, holdId: `H${ctx.n}`, points: cmd.points };
    case 'transfer':
      return { kind: 'transfer', key, at, fromMemberId: member(cmd.m), toMemberId: member(cmd.m + 1), points: cmd.points };
    case 'capture':
    case 'release': {
      const holdId = ctx.holds[cmd.pick % Math.max(1, ctx.holds.length)];
      if (holdId === undefined) return null;
      if (cmd.t === 'release') return { kind: 'release', key, at, holdId };
      const points = Math.floor(((state.holds[holdId]?.points ?? 0) * cmd.pct) / 100);
      return { kind: 'capture', key, at, holdId, points };
    }
    case 'return': {
      const receiptId = ctx.receipts[cmd.pick % Math.max(1, ctx.receipts.length)];
      const receipt = receiptId === undefined ? undefined : state.receipts[receiptId];
      if (!receiptId || !receipt) return null;
      const line = receipt.lines[cmd.line % receipt.lines.length];
      if (!line) return null;
      const refundable = receipt.tenderPoints - receipt.refundedPoints;
      return {
        kind: 'return',
        key,
        at,
        receiptId,
        lines: [{ lineNo: line.lineNo, quantity: cmd.qty }], // may exceed what is left: must then be refused
        policy,
        refundPoints: Math.floor((refundable * cmd.refundPct) / 100),
        refundExpiresAt: new Date(ctx.clock + 90 * DAY),
      };
    }
    case 'expire':
      return { kind: 'expire', key, memberId: member(cmd.m), at };
    case 'adjust':
      return {
        kind: 'adjust',
        key,
        memberId: member(cmd.m),
        at,
        points: cmd.points,
        expiresAt: cmd.lifeDays === null ? null : new Date(ctx.clock + cmd.lifeDays * DAY),
        reason: 'test',
      };
    case 'replay':
      ctx.n--;
      return ctx.ops[cmd.pick % Math.max(1, ctx.ops.length)] ?? null;
  }
}

// Every available lot ordered before the last lot taken from must have been emptied.
function expectFifoPrefix(before: readonly Lot[], after: readonly Lot[], takenIds: readonly string[], at: Date): void {
  const last = before.find((l) => l.id === takenIds[takenIds.length - 1]);
  if (!last) return;
  for (const l of before) {
    if (lotStatus(l, at) !== 'available' || compareFifo(l, last) >= 0) continue;
    expect(lotRemainder(after.find((a) => a.id === l.id) as Lot)).toBe(0);
  }
}

describe('ledger — random histories', () => {
  it('keep every invariant, never go negative unless allowed, and consume and expire FIFO', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ReturnPolicy>('pending_only', 'within_balance', 'allow_negative'),
        fc.array(stepArb, { minLength: 1, maxLength: 80, size: 'max' }),
        (policy, steps) => {
          let state = emptyLedger();
          const ctx: Ctx = { clock: T0, n: 0, ops: [], receipts: [], holds: [] };
          for (const { cmd, hours } of steps) {
            ctx.clock += hours * 3_600_000;
            const op = toOp(cmd, state, ctx, policy);
            if (!op) continue;
            const r = applyLedgerOp(state, op);
            if (!r.ok) continue; // refused ops write nothing: state stays as it was
            if (cmd.t === 'replay') {
              expect(r.replayed).toBe(true);
              expect(r.state).toBe(state);
              continue;
            }
            expect(r.replayed).toBe(false);
            ctx.ops.push(op);
            if (op.kind === 'earn') ctx.receipts.push(op.receiptId);
            if (op.kind === 'hold') ctx.holds.push(op.holdId);
            const violations = checkInvariants(r.state, { previous: state, allowNegative: policy === 'allow_negative' });
            expect(violations).toEqual([]);

            for (const id of MEMBERS) {
              const sum = r.state.entries.filter((e) => e.account === id).reduce((s, e) => s + e.amount, 0);
              expect(memberBalance(r.state, id)).toBe(sum);
              if (policy !== 'allow_negative') expect(memberBalance(r.state, id)).toBeGreaterThanOrEqual(0);
            }

            const at = op.at;
            if (op.kind === 'redeem' || op.kind === 'hold' || (op.kind === 'adjust' && op.points < 0)) {
              const before = state.members[op.memberId]?.lots ?? [];
              const after = r.state.members[op.memberId]?.lots ?? [];
              expectFifoPrefix(before, after, r.allocations.map((a) => a.lotId), at);
            }
            if (op.kind === 'transfer') {
              const before = state.members[op.fromMemberId]?.lots ?? [];
              const after = r.state.members[op.fromMemberId]?.lots ?? [];
              expectFifoPrefix(before, after, r.allocations.map((a) => a.lotId), at);
            }
            if (op.kind === 'expire') {
              const lots = r.state.members[op.memberId]?.lots ?? [];
              for (const l of lots) if (l.expiresAt && l.expiresAt.getTime() <= at.getTime()) expect(lotRemainder(l)).toBe(0);
              const expiredLots = r.allocations.map((a) => lots.find((l) => l.id === a.lotId) as Lot);
              expect(expiredLots).toEqual([...expiredLots].sort(compareFifo));
            }
            state = r.state;
          }
          // Fully returned receipts have settled exactly what they earned.
          for (const rec of Object.values(state.receipts)) {
            for (const line of rec.lines) if (line.returnedQuantity === line.quantity) expect(line.reversed).toBe(line.earned);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
