import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { type Lot, lotRemainder } from './lots';
import { type EarnedLine, type ReturnPolicy, applyReturnPolicy, computeReturnReversal, computeTenderRefund } from './returns';

const original: EarnedLine[] = [
  { lineNo: 1, quantity: 3, earnedPoints: 10 },
  { lineNo: 2, quantity: 1, earnedPoints: 7 },
];

describe('computeReturnReversal', () => {
  it('reverses proportionally with floor and lets the last unit take the rest', () => {
    const first = computeReturnReversal({ originalLines: original, returnLines: [{ lineNo: 1, quantity: 1 }] });
    expect(first).toEqual({ ok: true, lines: [{ lineNo: 1, quantity: 1, points: 3 }], totalPoints: 3 });
    const second = computeReturnReversal({
      originalLines: original,
      alreadyReturnedQuantities: { 1: 1 },
      alreadyReversedPoints: { 1: 3 },
      returnLines: [{ lineNo: 1, quantity: 1 }],
    });
    expect(second.ok && second.lines[0]?.points).toBe(3); // floor(10 × 2/3) − 3
    const last = computeReturnReversal({
      originalLines: original,
      alreadyReturnedQuantities: { 1: 2 },
      alreadyReversedPoints: { 1: 6 },
      returnLines: [
        { lineNo: 1, quantity: 1 },
        { lineNo: 2, quantity: 1 },
      ],
    });
    expect(last).toEqual({
      ok: true,
      lines: [
        { lineNo: 1, quantity: 1, points: 4 },
        { lineNo: 2, quantity: 1, points: 7 },
      ],
      totalPoints: 11,
    });
  });

  it('refuses returns of more than was bought, unknown or repeated lines, and odd quantities', () => {
    const r = computeReturnReversal({
      originalLines: original,
      alreadyReturnedQuantities: { 1: 2 },
      returnLines: [
        { lineNo: 1, quantity: 2 },
        { lineNo: 9, quantity: 1 },
        { lineNo: 2, quantity: 0 },
        { lineNo: 2, quantity: 1 },
      ],
    });
    expect(!r.ok && r.errors.map((e) => `${e.path}:${e.code}`)).toEqual([
      'returnLines.0.quantity:exceeds_purchased',
      'returnLines.1.lineNo:unknown_line',
      'returnLines.2.quantity:out_of_range',
      'returnLines.3.lineNo:duplicate_line',
    ]);
    const empty = computeReturnReversal({ originalLines: original, returnLines: [] });
    expect(!empty.ok && empty.errors[0]?.code).toBe('empty');
    const inconsistent = computeReturnReversal({
      originalLines: original,
      alreadyReversedPoints: { 2: 8 },
      returnLines: [{ lineNo: 2, quantity: 1 }],
    });
    expect(!inconsistent.ok && inconsistent.errors[0]?.path).toBe('alreadyReversedPoints.2');
  });

  it('any split of a full return reverses exactly what was earned, each step within what is left', () => {
    const lineArb = fc.record({ quantity: fc.integer({ min: 1, max: 12 }), earnedPoints: fc.nat({ max: 10_000 }) });
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        (ls, picks) => {
          const lines = ls.map((l, i) => ({ ...l, lineNo: i + 1 }));
          const returned: Record<number, number> = {};
          const reversed: Record<number, number> = {};
          // Return in random chunks until every unit is back.
          let k = 0;
          for (;;) {
            const open = lines.filter((l) => (returned[l.lineNo] ?? 0) < l.quantity);
            if (open.length === 0) break;
            const pick = picks[k++ % picks.length] ?? 0;
            const line = open[pick % open.length] as (typeof lines)[number];
            const left = line.quantity - (returned[line.lineNo] ?? 0);
            const quantity = 1 + (pick % left);
            const r = computeReturnReversal({
              originalLines: lines,
              alreadyReturnedQuantities: returned,
              alreadyReversedPoints: reversed,
              returnLines: [{ lineNo: line.lineNo, quantity }],
            });
            if (!r.ok) throw new Error(JSON.stringify(r.errors));
            const pts = r.lines[0]?.points ?? -1;
            expect(pts).toBeGreaterThanOrEqual(0);
            expect(pts).toBeLessThanOrEqual(line.earnedPoints - (reversed[line.lineNo] ?? 0));
            // Never more than the proportional share rounded up.
            expect(pts).toBeLessThanOrEqual(Math.ceil((line.earnedPoints * quantity) / line.quantity));
            returned[line.lineNo] = (returned[line.lineNo] ?? 0) + quantity;
            reversed[line.lineNo] = (reversed[line.lineNo] ?? 0) + pts;
          }
          for (const l of lines) expect(reversed[l.lineNo]).toBe(l.earnedPoints);
          const again = computeReturnReversal({
            originalLines: lines,
            alreadyReturnedQuantities: returned,
            alreadyReversedPoints: reversed,
            returnLines: [{ lineNo: 1, quantity: 1 }],
          });
          expect(!again.ok && again.errors[0]?.code).toBe('exceeds_purchased');
        },
      ),
    );
  });
});

describe('computeTenderRefund', () => {
  it('gives points back in proportion to the value returned, exactly all on a full return', () => {
    const base = { receiptTotal: 10_000, pointsTender: { amount: 3_000, points: 3_000 } };
    expect(computeTenderRefund({ ...base, returnedValueBefore: 0, returnValue: 3_333 })).toEqual({
      ok: true,
      points: 999,
      pointsValue: 999,
      moneyValue: 2_334,
    });
    const rest = computeTenderRefund({ ...base, returnedValueBefore: 3_333, returnValue: 6_667 });
    expect(rest).toEqual({ ok: true, points: 2_001, pointsValue: 2_001, moneyValue: 4_666 });
    const over = computeTenderRefund({ ...base, returnedValueBefore: 3_333, returnValue: 6_668 });
    expect(!over.ok && over.errors[0]?.code).toBe('exceeds_purchased');
    const bad = computeTenderRefund({ ...base, returnedValueBefore: -1, returnValue: 1.5 });
    expect(!bad.ok && bad.errors.map((e) => e.path)).toEqual(['returnedValueBefore', 'returnValue']);
  });

  it('cumulative refunds add up to the tender and never exceed the value returned', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.nat({ max: 100 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }),
        (total, pct, kurusPerPoint, chunks) => {
          const points = Math.floor((total * pct) / 100 / kurusPerPoint);
          const tender = { amount: points * kurusPerPoint, points };
          const weight = chunks.reduce((a, b) => a + b, 0);
          let before = 0;
          let pts = 0;
          let value = 0;
          chunks.forEach((c, i) => {
            const returnValue = i === chunks.length - 1 ? total - before : Math.floor((total * c) / weight);
            const r = computeTenderRefund({ receiptTotal: total, pointsTender: tender, returnedValueBefore: before, returnValue });
            if (!r.ok) throw new Error(JSON.stringify(r.errors));
            expect(r.moneyValue).toBeGreaterThanOrEqual(0);
            expect(r.pointsValue + r.moneyValue).toBe(returnValue);
            before += returnValue;
            pts += r.points;
            value += r.pointsValue;
          });
          expect(pts).toBe(tender.points);
          expect(value).toBe(tender.amount);
        },
      ),
    );
  });
});

const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2025, 5, 1));
const mk = (id: string, earned: number, opts: { pending?: boolean; ageDays?: number; consumed?: number; held?: number } = {}): Lot => {
  const earnedAt = new Date(NOW.getTime() - (opts.ageDays ?? 1) * DAY);
  return {
    id,
    earnedAt,
    availableAt: opts.pending ? new Date(NOW.getTime() + DAY) : earnedAt,
    expiresAt: new Date(earnedAt.getTime() + 365 * DAY),
    earned,
    consumed: opts.consumed ?? 0,
    expired: 0,
    held: opts.held ?? 0,
  };
};

describe('applyReturnPolicy', () => {
  const lots = [
    mk('old', 50, { ageDays: 100 }),
    mk('held', 40, { ageDays: 90, held: 30 }),
    mk('other-pending', 20, { pending: true, ageDays: 3 }),
    mk('source', 30, { pending: true, ageDays: 2, consumed: 25 }),
  ];
  const run = (policy: ReturnPolicy, points: number) =>
    applyReturnPolicy({ policy, points, lots, at: NOW, sourceLotIds: ['source'] });

  it('takes from the receipt’s own pending lot first, then other pending lots', () => {
    const r = run('pending_only', 100);
    expect(r.fromPending).toEqual([
      { lotId: 'source', points: 5 },
      { lotId: 'other-pending', points: 20 },
    ]);
    expect(r.fromAvailable).toEqual([]);
    expect(r.waived).toBe(75);
    expect(r.negative).toBe(0);
  });

  it('within_balance continues with available lots FIFO but never touches held points', () => {
    const r = run('within_balance', 100);
    expect(r.fromAvailable).toEqual([
      { lotId: 'old', points: 50 },
      { lotId: 'held', points: 10 },
    ]);
    expect(r.waived).toBe(15);
    expect(r.lots.find((l) => l.id === 'held')?.held).toBe(30);
  });

  it('allow_negative leaves the rest as a negative balance', () => {
    const r = run('allow_negative', 100);
    expect(r.negative).toBe(15);
    expect(r.waived).toBe(0);
    expect(r.lots.every((l) => lotRemainder(l) === 0)).toBe(true);
  });

  it('always accounts for every point and never over-takes a lot', () => {
    fc.assert(
      fc.property(fc.constantFrom<ReturnPolicy>('pending_only', 'within_balance', 'allow_negative'), fc.nat({ max: 300 }), (policy, points) => {
        const r = run(policy, points);
        const taken = [...r.fromPending, ...r.fromAvailable].reduce((s, a) => s + a.points, 0);
        expect(taken + r.negative + r.waived).toBe(points);
        expect(r.lots.every((l) => lotRemainder(l) >= 0)).toBe(true);
        const open = lots.reduce((s, l) => s + lotRemainder(l), 0) - r.lots.reduce((s, l) => s + lotRemainder(l), 0);
        expect(open).toBe(taken);
        if (policy !== 'allow_negative') expect(r.negative).toBe(0);
        if (policy === 'allow_negative') expect(r.waived).toBe(0);
        if (policy === 'pending_only') expect(r.fromAvailable).toEqual([]);
      }),
    );
    expect(() => run('within_balance', -1)).toThrow(RangeError);
  });
});
