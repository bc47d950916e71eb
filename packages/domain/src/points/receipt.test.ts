import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { type Receipt, type ReceiptLine, lineNet, pointsTender, validateReceipt } from './receipt';

const line = (over: Partial<ReceiptLine> = {}): ReceiptLine => ({
  lineNo: 1,
  sku: 'SKU-1',
  category: 'dairy',
  brand: 'Sütaş',
  quantity: 2,
  unitPrice: 1_000,
  lineDiscount: 0,
  ...over,
});

const codes = (r: Receipt, o = {}) => validateReceipt(r, o).map((e) => `${e.path}:${e.code}`);

describe('validateReceipt', () => {
  it('accepts a consistent receipt with a coupon line and a points tender', () => {
    const r: Receipt = {
      lines: [
        line({ lineDiscount: 200 }),
        line({ lineNo: 2, sku: 'C-10', category: 'coupon', quantity: 1, unitPrice: -300, isReward: true }),
      ],
      total: 1_500,
      payments: [
        { method: 'card', amount: 1_000 },
        { method: 'points', amount: 500, points: 500 },
      ],
    };
    expect(validateReceipt(r, { kurusPerPoint: 1, heldPoints: 500 })).toEqual([]);
    expect(lineNet(r.lines[0] as ReceiptLine)).toBe(1_800);
    expect(pointsTender(r)).toEqual({ amount: 500, points: 500 });
  });

  it('reports field paths for bad lines', () => {
    const r: Receipt = {
      lines: [
        line({ quantity: 0 }),
        line({ lineNo: 1, unitPrice: -5 }),
        line({ lineNo: 3, quantity: 1.5, sku: ' ' }),
        line({ lineNo: 4, lineDiscount: 5_000 }),
      ],
      total: 0,
      payments: [],
    };
    expect(codes(r)).toEqual([
      'lines.0.quantity:out_of_range',
      'lines.1.lineNo:duplicate_line',
      'lines.1.unitPrice:out_of_range',
      'lines.2.sku:required',
      'lines.2.quantity:not_integer',
      'lines.3.lineDiscount:discount_exceeds_price',
    ]);
  });

  it('catches totals and payments that do not add up', () => {
    const r: Receipt = { lines: [line()], total: 1_999, payments: [{ method: 'cash', amount: 2_000 }] };
    expect(codes(r)).toEqual(['total:total_mismatch', 'payments:payments_mismatch']);
    expect(codes({ lines: [], total: 0, payments: [] })).toEqual(['lines:empty']);
  });

  it('checks points tender against the rate and the hold', () => {
    const r: Receipt = {
      lines: [line()],
      total: 2_000,
      payments: [
        { method: 'cash', amount: 1_000 },
        { method: 'points', amount: 1_000, points: 900 },
      ],
    };
    expect(codes(r, { kurusPerPoint: 1, heldPoints: 800 })).toEqual([
      'payments.1.amount:points_tender_mismatch',
      'payments:points_tender_exceeds_hold',
    ]);
    expect(codes(r)).toEqual([]);
    const bad = { ...r, payments: [{ method: 'voucher', amount: 2_000 }] } as unknown as Receipt;
    expect(codes(bad)).toEqual(['payments.0.method:invalid_method']);
  });

  it('accepts every consistent generated receipt and rejects it once the total is off by any amount', () => {
    const lineArb = fc.record({
      quantity: fc.integer({ min: 1, max: 20 }),
      unitPrice: fc.integer({ min: 0, max: 100_000 }),
      discountPct: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: -1_000, max: 1_000 }), (ls, off) => {
        const lines = ls.map((l, i) =>
          line({
            lineNo: i + 1,
            quantity: l.quantity,
            unitPrice: l.unitPrice,
            lineDiscount: Math.floor((l.quantity * l.unitPrice * l.discountPct) / 100),
          }),
        );
        const total = lines.reduce((s, l) => s + lineNet(l), 0);
        const payments = total > 0 ? [{ method: 'card' as const, amount: total }] : [];
        expect(validateReceipt({ lines, total, payments })).toEqual([]);
        if (off !== 0 && total + off >= 0) {
          const wrong = validateReceipt({ lines, total: total + off, payments }).map((e) => e.code);
          expect(wrong).toContain('total_mismatch');
        }
      }),
    );
  });
});
