import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  type Lot,
  availableBalance,
  compareFifo,
  consumeFifo,
  expireLots,
  expirySchedule,
  expiringWithin,
  heldBalance,
  holdFifo,
  isLotConsistent,
  lotRemainder,
  lotStatus,
  pendingBalance,
  settleHeld,
} from './lots';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const d = (days: number): Date => new Date(T0 + days * DAY);

const lot = (id: string, earned: number, earnedDay: number, expiresDay: number | null, pendingDays = 0): Lot => ({
  id,
  earnedAt: d(earnedDay),
  availableAt: d(earnedDay + pendingDays),
  expiresAt: expiresDay === null ? null : d(expiresDay),
  earned,
  consumed: 0,
  expired: 0,
  held: 0,
});

describe('lots — examples', () => {
  const lots = [
    lot('never', 100, 0, null),
    lot('late', 50, 1, 400),
    lot('soon-b', 30, 5, 365),
    lot('soon-a', 30, 2, 365),
    lot('pending', 70, 20, 385, 14),
  ];

  it('classifies lots and sums balances at a moment', () => {
    expect(lotStatus(lots[4] as Lot, d(21))).toBe('pending');
    expect(lotStatus(lots[4] as Lot, d(34))).toBe('available');
    expect(lotStatus(lots[2] as Lot, d(365))).toBe('due');
    expect(availableBalance(lots, d(21))).toBe(210);
    expect(pendingBalance(lots, d(21))).toBe(70);
    expect(expiringWithin(lots, d(300), 65)).toBe(60); // soon-a and soon-b expire on day 365
    expect(expiringWithin(lots, d(300), 85)).toBe(130); // … and the lot from day 20 on day 385
    expect(expiringWithin(lots, d(21), 365)).toBe(130); // a pending lot's points count as expiring too
  });

  it('consumes oldest expiry first, then oldest earnedAt, then id; never-expiring last; pending untouched', () => {
    const r = consumeFifo(lots, 100, d(21));
    expect(r.ok && r.allocations).toEqual([
      { lotId: 'soon-a', points: 30 },
      { lotId: 'soon-b', points: 30 },
      { lotId: 'late', points: 40 },
    ]);
    // Input untouched, output in input order.
    expect(lots[1]?.consumed).toBe(0);
    expect(r.ok && r.lots.map((l) => l.id)).toEqual(lots.map((l) => l.id));
  });

  it('fails without changes when not enough is available', () => {
    expect(consumeFifo(lots, 211, d(21))).toEqual({ ok: false, code: 'insufficient_points', available: 210 });
    expect(consumeFifo(lots, -1, d(21))).toMatchObject({ ok: false, code: 'invalid_amount' });
    expect(consumeFifo(lots, 1.5, d(21))).toMatchObject({ ok: false, code: 'invalid_amount' });
    // Past expiry but not yet expired by the job: not spendable.
    expect(consumeFifo([lot('x', 10, 0, 10)], 1, d(10))).toMatchObject({ ok: false, available: 0 });
  });

  it('holds reserve points that expiry does not touch; capture consumes in FIFO order and releases the rest', () => {
    const h = holdFifo(lots, 80, d(21));
    if (!h.ok) throw new Error('hold failed');
    expect(heldBalance(h.lots)).toBe(80);
    expect(availableBalance(h.lots, d(21))).toBe(130);
    const expired = expireLots(h.lots, d(366));
    expect(expired.expirations).toEqual([]); // both soon lots are fully held
    const s = settleHeld(expired.lots, h.allocations, 50);
    expect(s.captured).toEqual([
      { lotId: 'soon-a', points: 30 },
      { lotId: 'soon-b', points: 20 },
    ]);
    expect(s.released).toEqual([
      { lotId: 'soon-b', points: 10 },
      { lotId: 'late', points: 20 },
    ]);
    expect(heldBalance(s.lots)).toBe(0);
    // Released points of an overdue lot expire at the next run.
    expect(expireLots(s.lots, d(366)).expirations).toEqual([{ lotId: 'soon-b', points: 10 }]);
    expect(() => settleHeld(s.lots, h.allocations, 10)).toThrow(RangeError);
    expect(() => settleHeld(h.lots, h.allocations, 81)).toThrow(RangeError);
  });

  it('expires every due remainder, pending or not, and reports a schedule', () => {
    expect(expirySchedule(lots, d(21))).toEqual([
      { expiresAt: d(365), points: 60 },
      { expiresAt: d(385), points: 70 },
      { expiresAt: d(400), points: 50 },
    ]);
    const r = expireLots(lots, d(385));
    expect(r.expirations).toEqual([
      { lotId: 'soon-a', points: 30 },
      { lotId: 'soon-b', points: 30 },
      { lotId: 'pending', points: 70 },
    ]);
    expect(r.total).toBe(130);
    expect(expireLots(r.lots, d(385)).total).toBe(0);
  });
});

// ---- properties --------------------------------------------------------------------------------------------

const lotArb = (i: number): fc.Arbitrary<Lot> =>
  fc
    .record({
      earned: fc.integer({ min: 1, max: 500 }),
      earnedDay: fc.integer({ min: 0, max: 30 }),
      pendingDays: fc.integer({ min: 0, max: 20 }),
      lifeDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
      consumedPct: fc.integer({ min: 0, max: 100 }),
    })
    .map((x) => ({
      ...lot(`L${i}`, x.earned, x.earnedDay, x.lifeDays === null ? null : x.earnedDay + x.lifeDays, x.pendingDays),
      consumed: Math.floor((x.earned * x.consumedPct) / 100),
    }));

const lotsArb = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => lotArb(i))));

describe('lots — properties', () => {
  it('consumeFifo takes exactly the amount, from available lots only, as a FIFO prefix, keeping lots consistent', () => {
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 0, max: 60 }), fc.nat({ max: 3_000 }), (lots, day, amount) => {
        const at = d(day);
        const before = availableBalance(lots, at);
        const r = consumeFifo(lots, amount, at);
        if (amount > before) {
          expect(r).toEqual({ ok: false, code: 'insufficient_points', available: before });
          return;
        }
        if (!r.ok) throw new Error('expected success');
        expect(r.allocations.reduce((s, a) => s + a.points, 0)).toBe(amount);
        expect(availableBalance(r.lots, at)).toBe(before - amount);
        expect(r.lots.every(isLotConsistent)).toBe(true);
        const touched = new Set(r.allocations.map((a) => a.lotId));
        for (const a of r.allocations) expect(lotStatus(lots.find((l) => l.id === a.lotId) as Lot, at)).toBe('available');
        // FIFO: any available lot ordered before the last touched lot was emptied.
        const lastLot = lots.find((l) => l.id === r.allocations[r.allocations.length - 1]?.lotId);
        if (lastLot) {
          for (const l of r.lots) {
            const orig = lots.find((o) => o.id === l.id) as Lot;
            if (lotStatus(orig, at) === 'available' && compareFifo(orig, lastLot) < 0) {
              expect(lotRemainder(l)).toBe(0);
              expect(touched.has(l.id) || lotRemainder(orig) === 0).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('expireLots leaves no remainder in due lots, touches nothing else, and is idempotent', () => {
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 0, max: 100 }), (lots, day) => {
        const at = d(day);
        const r = expireLots(lots, at);
        expect(r.lots.every(isLotConsistent)).toBe(true);
        r.lots.forEach((l, i) => {
          const orig = lots[i] as Lot;
          const due = orig.expiresAt !== null && orig.expiresAt.getTime() <= at.getTime();
          expect(lotRemainder(l)).toBe(due ? 0 : lotRemainder(orig));
        });
        expect(r.total).toBe(lots.reduce((s, l) => s + lotRemainder(l), 0) - r.lots.reduce((s, l) => s + lotRemainder(l), 0));
        expect(availableBalance(r.lots, at)).toBe(availableBalance(lots, at));
        expect(expireLots(r.lots, at).total).toBe(0);
      }),
    );
  });

  it('hold then settle is the same as consuming the captured amount', () => {
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 0, max: 60 }), fc.nat({ max: 1_000 }), fc.nat({ max: 100 }), (lots, day, amount, pct) => {
        const at = d(day);
        const h = holdFifo(lots, amount, at);
        if (!h.ok) return;
        const capture = Math.floor((amount * pct) / 100);
        const s = settleHeld(h.lots, h.allocations, capture);
        const c = consumeFifo(lots, capture, at);
        if (!c.ok) throw new Error('consume must succeed when hold did');
        expect(s.lots).toEqual(c.lots);
        expect(s.captured).toEqual(c.allocations);
      }),
    );
  });
});
