import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { type ComputeEarningInput, type EarningRule, computeEarning, validateEarningRules } from './earning-rules';
import { type Payment, type Receipt, type ReceiptLine, lineNet } from './receipt';
import { tierMultiplierRules } from './tiers';

const AT = new Date('2025-03-10T10:00:00Z');

const dairy: ReceiptLine = { lineNo: 1, sku: 'MILK', category: 'dairy', brand: 'Sütaş', quantity: 2, unitPrice: 1_000, lineDiscount: 0 };
const chips: ReceiptLine = { lineNo: 2, sku: 'CHIPS', category: 'snacks', brand: 'Lays', quantity: 1, unitPrice: 550, lineDiscount: 0 };

function receipt(lines: ReceiptLine[], pointsPaid = 0): Receipt {
  const total = lines.reduce((s, l) => s + lineNet(l), 0);
  const payments: Payment[] = [];
  if (total - pointsPaid > 0) payments.push({ method: 'card', amount: total - pointsPaid });
  if (pointsPaid > 0) payments.push({ method: 'points', amount: pointsPaid, points: pointsPaid });
  return { lines, total, payments };
}

const base: EarningRule = { id: 'base', name: '1 puan / TL', priority: 0, effect: { kind: 'base', pointsPerTry: 1 } };

function earn(over: Partial<ComputeEarningInput> & { rules: EarningRule[] }) {
  return computeEarning({
    receipt: receipt([dairy, chips]),
    tierCode: 'CLASSIC',
    earnedTodayBefore: 0,
    at: AT,
    storeId: 'S1',
    ...over,
  });
}

describe('computeEarning — examples', () => {
  it('floors per receipt and splits the total over lines by largest remainder', () => {
    // 20 TL + 5.50 TL at 1 point/TL = 25.5 → 25; lines 20 + 5.5 scaled to 25 → 19.6 / 5.4 → 20 / 5.
    const r = earn({ rules: [base] });
    expect(r.total).toBe(25);
    expect(r.lines).toEqual([
      { lineNo: 1, points: 20 },
      { lineNo: 2, points: 5 },
    ]);
    expect(r.breakdown).toEqual([
      { ruleId: 'base', ruleName: '1 puan / TL', kind: 'base', points: 25, lines: [1, 2], capped: false },
    ]);
    expect(r.eligibleAmount).toBe(2_550);
    expect(r.earningBase).toBe(2_550);
  });

  it('multiplies multipliers together and credits each with the extra it adds', () => {
    const rules: EarningRule[] = [
      base,
      { id: 'dairy2x', name: 'Süt ürünleri 2x', priority: 10, effect: { kind: 'multiplier', multiplier: 2, match: { categories: ['dairy'] } } },
      { id: 'sutas', name: 'Sütaş 1.5x', priority: 5, effect: { kind: 'multiplier', multiplier: 1.5, match: { brands: ['Sütaş'] } } },
    ];
    // Dairy line: 20 × 2 × 1.5 = 60; chips 5.5 → 65.5 → 65.
    const r = earn({ rules });
    expect(r.total).toBe(65);
    expect(r.breakdown.map((b) => [b.ruleId, b.points])).toEqual([
      ['base', 25],
      ['dairy2x', 20],
      ['sutas', 20],
    ]);
    expect(r.lines.map((l) => l.points)).toEqual([60, 5]);
  });

  it('adds bonuses unmultiplied, per receipt or per unit, when the minimum basket is met', () => {
    const rules: EarningRule[] = [
      base,
      { id: 'x3', name: '3x', priority: 1, effect: { kind: 'multiplier', multiplier: 3 } },
      { id: 'basket', name: '200 TL üzeri +100', priority: 0, minBasket: 2_500, effect: { kind: 'bonus', points: 100, per: 'receipt' } },
      { id: 'milk', name: 'Süt başına +7', priority: 0, effect: { kind: 'bonus', points: 7, per: 'unit', match: { skus: ['MILK'] } } },
    ];
    const r = earn({ rules });
    // 25.5 × 3 = 76.5, + 100 + 2 × 7 = 190.5 → 190.
    expect(r.total).toBe(190);
    expect(r.breakdown.find((b) => b.ruleId === 'milk')?.points).toBe(14);
    const high = earn({ rules: rules.map((x) => (x.id === 'basket' ? { ...x, minBasket: 2_551 } : x)) });
    expect(high.breakdown.map((b) => b.ruleId)).not.toContain('basket');
    expect(high.total).toBe(90);
  });

  it('never earns on the share paid with points: base and bonuses shrink in proportion', () => {
    const rules: EarningRule[] = [base, { id: 'b', name: '+100', priority: 0, effect: { kind: 'bonus', points: 100, per: 'receipt' } }];
    const half = earn({ rules, receipt: receipt([dairy, chips], 1_275) });
    // base 25.5 / 2 = 12.75, bonus 100 / 2 = 50 → 62.75 → 62.
    expect(half.total).toBe(62);
    expect(half.earningBase).toBe(1_275);
    const all = earn({ rules, receipt: receipt([dairy, chips], 2_550) });
    expect(all.total).toBe(0);
    expect(all.lines.every((l) => l.points === 0)).toBe(true);
  });

  it('never earns on reward lines; basket discount lines reduce every line’s base', () => {
    const lines: ReceiptLine[] = [
      { lineNo: 1, sku: 'RICE', category: 'dry', quantity: 1, unitPrice: 10_000, lineDiscount: 0 },
      { lineNo: 2, sku: 'GIFT', category: 'dry', quantity: 1, unitPrice: 500, lineDiscount: 500, isReward: true },
      { lineNo: 3, sku: 'COUPON', category: 'coupon', quantity: 1, unitPrice: -1_000, lineDiscount: 0, isReward: true },
    ];
    const r = earn({ rules: [base], receipt: receipt(lines) });
    expect(r.total).toBe(90);
    expect(r.lines).toEqual([
      { lineNo: 1, points: 90 },
      { lineNo: 2, points: 0 },
      { lineNo: 3, points: 0 },
    ]);
    // A reward item with a price still does not earn, and it takes its share of the coupon.
    const paidGift = lines.map((l) => (l.lineNo === 2 ? { ...l, lineDiscount: 0, unitPrice: 1_000 } : l));
    const r2 = earn({ rules: [base], receipt: receipt(paidGift) });
    expect(r2.total).toBe(90); // 10 000 × (10 000 / 11 000) = 9 090.9 kuruş → 90.9 → 90
    expect(r2.lines[1]?.points).toBe(0);
  });

  it('excluded lines earn nothing and do not count toward the minimum basket', () => {
    const cigs: ReceiptLine = { lineNo: 3, sku: 'CIG', category: 'tobacco', quantity: 1, unitPrice: 9_000, lineDiscount: 0 };
    const rules: EarningRule[] = [
      base,
      { id: 'tob', name: 'Tütün hariç', priority: 0, effect: { kind: 'exclude', match: { categories: ['tobacco'] } } },
      { id: 'b', name: '+50', priority: 0, minBasket: 5_000, effect: { kind: 'bonus', points: 50, per: 'receipt' } },
    ];
    const r = earn({ rules, receipt: receipt([dairy, chips, cigs]) });
    expect(r.total).toBe(25);
    expect(r.lines[2]).toEqual({ lineNo: 3, points: 0 });
    expect(r.breakdown.find((b) => b.ruleId === 'tob')).toMatchObject({ points: 0, lines: [3] });
    expect(r.eligibleAmount).toBe(2_550);
  });

  it('uses only the highest-priority base rule', () => {
    const r = earn({
      rules: [base, { id: 'base-double', name: '2 puan / TL', priority: 5, effect: { kind: 'base', pointsPerTry: 2 } }],
    });
    expect(r.total).toBe(51);
    expect(r.breakdown.map((b) => b.ruleId)).toEqual(['base-double']);
  });

  it('honours validity window (half-open), store and tier filters', () => {
    const promo: EarningRule = {
      id: 'p',
      name: 'Hafta sonu 2x',
      priority: 1,
      validFrom: new Date('2025-03-10T00:00:00Z'),
      validTo: new Date('2025-03-10T10:00:00Z'),
      storeIds: ['S1'],
      tierCodes: ['GOLD'],
      effect: { kind: 'multiplier', multiplier: 2 },
    };
    expect(earn({ rules: [base, promo], tierCode: 'GOLD' }).total).toBe(25); // at === validTo: over
    const at = new Date('2025-03-10T09:59:59Z');
    expect(earn({ rules: [base, promo], tierCode: 'GOLD', at }).total).toBe(51);
    expect(earn({ rules: [base, promo], tierCode: 'GOLD', at, storeId: 'S2' }).total).toBe(25);
    expect(earn({ rules: [base, promo], tierCode: 'CLASSIC', at }).total).toBe(25);
  });

  it('applies rule caps to the rule’s own contribution, then program caps to the total', () => {
    const bonus: EarningRule = { id: 'b', name: '+100', priority: 0, maxPerReceipt: 40, effect: { kind: 'bonus', points: 100, per: 'receipt' } };
    const r = earn({ rules: [base, bonus] });
    expect(r.breakdown).toEqual([
      expect.objectContaining({ ruleId: 'base', points: 25, capped: false }),
      expect.objectContaining({ ruleId: 'b', points: 40, capped: true }),
    ]);
    expect(r.total).toBe(65);

    const daily = earn({ rules: [base, { ...bonus, maxPerReceipt: undefined, maxPerDay: 120 }], earnedTodayByRule: { b: 100 } });
    expect(daily.total).toBe(45);

    const capped = earn({ rules: [base, bonus], caps: { perReceipt: 50, perDay: 1_000 }, earnedTodayBefore: 990 });
    expect(capped.total).toBe(10);
    expect(capped.cappedByProgram).toBe(true);
    expect(capped.lines.reduce((s, l) => s + l.points, 0)).toBe(10);
    expect(capped.breakdown.reduce((s, b) => s + b.points, 0)).toBe(10);
  });

  it('applies tier multipliers through tierMultiplierRules', () => {
    const tierRules = tierMultiplierRules([
      { code: 'CLASSIC', name: 'Classic', rank: 0, multiplier: 1, benefits: [] },
      { code: 'GOLD', name: 'Gold', rank: 1, minSpend: 1_000_000, multiplier: 1.5, benefits: [] },
    ]);
    expect(tierRules.map((r) => r.id)).toEqual(['tier:GOLD']);
    expect(earn({ rules: [base, ...tierRules], tierCode: 'GOLD' }).total).toBe(38); // 25.5 × 1.5 = 38.25
    expect(earn({ rules: [base, ...tierRules], tierCode: 'CLASSIC' }).total).toBe(25);
  });

  it('is exact where floating point would lose a point', () => {
    // 90 TL at 0.7 point/TL is exactly 63 points; in floating point 9000 / 100 × 0.7 = 62.99999999999999.
    expect(Math.floor((9_000 / 100) * 0.7)).toBe(62);
    const lines: ReceiptLine[] = [{ lineNo: 1, sku: 'X', category: 'c', quantity: 9, unitPrice: 1_000, lineDiscount: 0 }];
    const r = earn({ rules: [{ ...base, effect: { kind: 'base', pointsPerTry: 0.7 } }], receipt: receipt(lines) });
    expect(r.total).toBe(63);
  });

  it('validates rules and refuses to compute with invalid ones', () => {
    const bad: EarningRule[] = [
      { id: 'a', name: 'A', priority: 0, effect: { kind: 'base', pointsPerTry: 0.00001 } },
      { id: 'a', name: '', priority: 1.5, effect: { kind: 'multiplier', multiplier: 0.5 }, minBasket: -1 },
      { id: 'c', name: 'C', priority: 0, effect: { kind: 'exclude', match: {} }, validFrom: AT, validTo: AT },
      { id: 'd', name: 'D', priority: 0, effect: { kind: 'bonus', points: 0, per: 'receipt' } },
    ];
    expect(validateEarningRules(bad).map((e) => `${e.path}:${e.code}`)).toEqual([
      'rules.0.effect.pointsPerTry:too_precise',
      'rules.1.id:duplicate_id',
      'rules.1.name:required',
      'rules.1.priority:not_integer',
      'rules.1.minBasket:out_of_range',
      'rules.1.effect.multiplier:out_of_range',
      'rules.2.validTo:invalid_window',
      'rules.2.effect.match:empty_match',
      'rules.3.effect.points:out_of_range',
    ]);
    expect(() => earn({ rules: bad })).toThrow(RangeError);
    expect(() => earn({ rules: [base], receipt: { ...receipt([dairy]), total: 1 } })).toThrow(RangeError);
  });
});

// ---- properties --------------------------------------------------------------------------------------------

const CATEGORIES = ['dairy', 'snacks', 'tobacco', 'produce'] as const;
const BRANDS = ['A', 'B', 'C'] as const;

const lineArb = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  brand: fc.constantFrom(...BRANDS),
  sku: fc.constantFrom('S1', 'S2', 'S3', 'S4'),
  quantity: fc.integer({ min: 1, max: 6 }),
  unitPrice: fc.integer({ min: 0, max: 60_000 }),
  discountPct: fc.integer({ min: 0, max: 100 }),
  isReward: fc.boolean(),
});

const receiptArb = fc
  .record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 7 }),
    couponPct: fc.integer({ min: 0, max: 100 }),
    pointsPct: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ lines, couponPct, pointsPct }) => {
    const ls: ReceiptLine[] = lines.map((l, i) => ({
      lineNo: i + 1,
      sku: l.sku,
      category: l.category,
      brand: l.brand,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      lineDiscount: Math.floor((l.quantity * l.unitPrice * l.discountPct) / 100),
      isReward: l.isReward && i % 3 === 2 ? true : undefined,
    }));
    const positive = ls.reduce((s, l) => s + lineNet(l), 0);
    const coupon = Math.floor((positive * couponPct) / 200);
    if (coupon > 0) {
      ls.push({ lineNo: ls.length + 1, sku: 'CPN', category: 'coupon', quantity: 1, unitPrice: -coupon, lineDiscount: 0, isReward: true });
    }
    const total = positive - coupon;
    return receipt(ls, Math.floor((total * pointsPct) / 100));
  });

const matchArb = fc.option(
  fc.record(
    { categories: fc.subarray([...CATEGORIES], { minLength: 1 }), brands: fc.subarray([...BRANDS], { minLength: 1 }) },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const ruleArb = (i: number): fc.Arbitrary<EarningRule> =>
  fc.record({
    priority: fc.integer({ min: 0, max: 5 }),
    effect: fc.oneof(
      fc.record({ kind: fc.constant('base' as const), pointsPerTry: fc.constantFrom(0, 0.25, 0.5, 1, 1.3, 2) }),
      fc.record({ kind: fc.constant('multiplier' as const), multiplier: fc.constantFrom(1, 1.25, 1.5, 2, 3), match: matchArb }),
      fc.record({
        kind: fc.constant('bonus' as const),
        points: fc.integer({ min: 1, max: 500 }),
        per: fc.constantFrom('receipt' as const, 'unit' as const),
        match: matchArb,
      }),
      fc.record({ kind: fc.constant('exclude' as const), match: fc.record({ categories: fc.constant(['tobacco']) }) }),
    ),
    minBasket: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    maxPerReceipt: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
    maxPerDay: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
    tierCodes: fc.option(fc.constant(['GOLD']), { nil: undefined }),
  }).map((r) => ({ ...r, id: `r${i}`, name: `Rule ${i}` }));

const rulesArb = fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(i))));

const capsArb = fc.record(
  { perReceipt: fc.integer({ min: 0, max: 2_000 }), perDay: fc.integer({ min: 0, max: 5_000 }) },
  { requiredKeys: [] },
);

describe('computeEarning — properties', () => {
  it('per-line points and the breakdown both sum exactly to the total; reward lines earn nothing; caps hold', () => {
    fc.assert(
      fc.property(receiptArb, rulesArb, fc.constantFrom('GOLD', 'CLASSIC'), capsArb, fc.nat({ max: 6_000 }), (r, rules, tierCode, caps, before) => {
        const res = computeEarning({ receipt: r, rules, tierCode, earnedTodayBefore: before, caps, at: AT, storeId: 'S1' });
        expect(res.total).toBeGreaterThanOrEqual(0);
        expect(res.lines.map((l) => l.lineNo)).toEqual(r.lines.map((l) => l.lineNo));
        expect(res.lines.reduce((s, l) => s + l.points, 0)).toBe(res.total);
        expect(res.breakdown.reduce((s, b) => s + b.points, 0)).toBe(res.total);
        r.lines.forEach((l, i) => {
          const pts = res.lines[i]?.points ?? -1;
          expect(pts).toBeGreaterThanOrEqual(0);
          if (l.isReward || lineNet(l) <= 0) expect(pts).toBe(0);
        });
        if (caps.perReceipt !== undefined) expect(res.total).toBeLessThanOrEqual(caps.perReceipt);
        if (caps.perDay !== undefined) expect(res.total).toBeLessThanOrEqual(Math.max(0, caps.perDay - before));
        for (const b of res.breakdown) {
          const rule = rules.find((x) => x.id === b.ruleId);
          if (rule?.maxPerReceipt !== undefined) expect(b.points).toBeLessThanOrEqual(rule.maxPerReceipt);
          if (rule?.maxPerDay !== undefined) expect(b.points).toBeLessThanOrEqual(rule.maxPerDay);
          if (rule?.tierCodes) expect(rule.tierCodes).toContain(tierCode);
        }
        if (r.payments.every((p) => p.method === 'points')) expect(res.total).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('with a single base rule the total is floor(Σ eligible net × money share × rate), computed independently', () => {
    fc.assert(
      fc.property(receiptArb, fc.integer({ min: 0, max: 5 }), (r, rate) => {
        const res = computeEarning({
          receipt: r,
          rules: [{ ...base, effect: { kind: 'base', pointsPerTry: rate } }],
          tierCode: 'CLASSIC',
          earnedTodayBefore: 0,
          at: AT,
          storeId: 'S1',
        });
        const nets = r.lines.map(lineNet);
        const positive = nets.reduce((s, n) => s + Math.max(0, n), 0);
        const eligible = r.lines.reduce((s, l, i) => s + (l.isReward || (nets[i] ?? 0) <= 0 ? 0 : (nets[i] ?? 0)), 0);
        const money = r.payments.filter((p) => p.method !== 'points').reduce((s, p) => s + p.amount, 0);
        const expected = positive === 0 ? 0n : (BigInt(eligible) * BigInt(money) * BigInt(rate)) / (BigInt(positive) * 100n);
        expect(BigInt(res.total)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('paying more with points never earns more', () => {
    fc.assert(
      fc.property(receiptArb, rulesArb, fc.integer({ min: 0, max: 100 }), (r, rules, extraPct) => {
        const money = r.payments.find((p) => p.method === 'card')?.amount ?? 0;
        const shift = Math.floor((money * extraPct) / 100);
        const tender = r.payments.find((p) => p.method === 'points')?.amount ?? 0;
        const payments: Payment[] = [];
        if (money - shift > 0) payments.push({ method: 'card', amount: money - shift });
        if (tender + shift > 0) payments.push({ method: 'points', amount: tender + shift, points: tender + shift });
        const input = { rules, tierCode: 'GOLD', earnedTodayBefore: 0, at: AT, storeId: 'S1' };
        const a = computeEarning({ ...input, receipt: r });
        const b = computeEarning({ ...input, receipt: { ...r, payments } });
        expect(b.total).toBeLessThanOrEqual(a.total);
      }),
      { numRuns: 300 },
    );
  });
});
