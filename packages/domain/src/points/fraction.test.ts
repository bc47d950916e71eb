import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { add, cmp, floor, frac, fromDecimal, largestRemainder } from './fraction';

describe('fraction', () => {
  it('reduces and normalises the sign', () => {
    expect(frac(6, -4)).toEqual({ n: -3n, d: 2n });
    expect(add(frac(1, 3), frac(1, 6))).toEqual({ n: 1n, d: 2n });
    expect(() => frac(1, 0)).toThrow(RangeError);
  });

  it('floors toward −∞', () => {
    expect(floor(frac(7, 2))).toBe(3n);
    expect(floor(frac(-7, 2))).toBe(-4n);
    expect(floor(frac(-6, 2))).toBe(-3n);
  });

  it('reads configured decimals exactly and refuses finer ones', () => {
    expect(fromDecimal(0.1)).toEqual({ n: 1n, d: 10n });
    expect(fromDecimal(1.5)).toEqual({ n: 3n, d: 2n });
    expect(() => fromDecimal(0.00001)).toThrow(RangeError);
    expect(() => fromDecimal(Number.NaN)).toThrow(RangeError);
    // 0.1 + 0.2 in floating point is 0.30000000000000004; exactly it is 3/10.
    expect(cmp(add(fromDecimal(0.1), fromDecimal(0.2)), fromDecimal(0.3))).toBe(0);
  });

  it('largest remainder: each share is floor or ceil of its quota and the shares sum to the total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)),
        fc.nat({ max: 5_000 }),
        (weights, total) => {
          const w = weights.reduce((a, b) => a + b, 0);
          const quotas = weights.map((x) => frac(x * total, w));
          const shares = largestRemainder(quotas, BigInt(total));
          expect(shares.reduce((a, b) => a + b, 0n)).toBe(BigInt(total));
          shares.forEach((s, i) => {
            const q = quotas[i] ?? frac(0);
            const exact = q.d === 1n;
            expect(s === floor(q) || (!exact && s === floor(q) + 1n)).toBe(true);
          });
        },
      ),
    );
  });

  it('largest remainder breaks ties toward the earlier index', () => {
    expect(largestRemainder([frac(1, 2), frac(1, 2)], 1n)).toEqual([1n, 0n]);
    expect(() => largestRemainder([frac(1, 2)], 2n)).toThrow(RangeError);
  });
});
