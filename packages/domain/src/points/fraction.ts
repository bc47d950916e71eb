// Exact rational arithmetic for the points engine. Earning mixes kuruş, decimal rates and proportional shares;
// doing that in floating point makes `floor` land one point off (2.9999999 → 2), so every intermediate value
// is an exact fraction and only the final results are rounded, by rules the callers document.

/** An exact rational number n/d with d > 0, always reduced. */
export type Fraction = { readonly n: bigint; readonly d: bigint };

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The fraction n/d, reduced; throws on a zero denominator. */
export function frac(n: bigint | number, d: bigint | number = 1n): Fraction {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError('fraction denominator must not be zero');
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  const g = gcd(nn, dd);
  return g > 1n ? { n: nn / g, d: dd / g } : { n: nn, d: dd };
}

/** Zero as a fraction. */
export const ZERO: Fraction = { n: 0n, d: 1n };

/** a + b. */
export function add(a: Fraction, b: Fraction): Fraction {
  return frac(a.n * b.d + b.n * a.d, a.d * b.d);
}

/** a − b. */
export function sub(a: Fraction, b: Fraction): Fraction {
  return frac(a.n * b.d - b.n * a.d, a.d * b.d);
}

/** a × b. */
export function mul(a: Fraction, b: Fraction): Fraction {
  return frac(a.n * b.n, a.d * b.d);
}

/** a ÷ b; throws when b is zero. */
export function div(a: Fraction, b: Fraction): Fraction {
  return frac(a.n * b.d, a.d * b.n);
}

/** −1, 0 or 1 as a is less than, equal to or greater than b. */
export function cmp(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** The smaller of a and b. */
export function min(a: Fraction, b: Fraction): Fraction {
  return cmp(a, b) <= 0 ? a : b;
}

/** Sum of a list of fractions. */
export function sum(xs: readonly Fraction[]): Fraction {
  return xs.reduce(add, ZERO);
}

/** Largest integer ≤ x (true floor, also for negative values). */
export function floor(x: Fraction): bigint {
  const q = x.n / x.d; // BigInt division truncates toward zero
  return x.n < 0n && q * x.d !== x.n ? q - 1n : q;
}

/** The part of x above its floor, in [0, 1). */
export function fractionalPart(x: Fraction): Fraction {
  return sub(x, frac(floor(x)));
}

/** The bigint as a number; throws if it does not fit a safe integer exactly. */
export function toSafeNumber(x: bigint): number {
  if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('value exceeds the safe integer range');
  }
  return Number(x);
}

/** Largest number of decimals accepted in configured rates and multipliers (0.0001 precision). */
export const MAX_DECIMALS = 4;

/** Exact fraction for a configured decimal such as 1.5 or 0.25; throws if it needs more than MAX_DECIMALS decimals. */
export function fromDecimal(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError('rate must be a finite number');
  const scale = 10 ** MAX_DECIMALS;
  const scaled = Math.round(x * scale);
  // Tolerate binary representation noise (0.1 * 10000 = 1000.0000000000001) but nothing coarser.
  if (Math.abs(x * scale - scaled) > 1e-6 || !Number.isSafeInteger(scaled)) {
    throw new RangeError(`rate ${x} needs more than ${MAX_DECIMALS} decimals`);
  }
  return frac(scaled, scale);
}

/** True when x is a finite number with at most MAX_DECIMALS decimals. */
export function isDecimal(x: number): boolean {
  try {
    fromDecimal(x);
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits the integer `total` into integers proportional to `quotas` (which must sum to exactly `total`) by the
 * largest-remainder method: everyone gets the floor of their quota and the leftover units go, one each, to the
 * largest fractional parts; ties go to the earlier index. Each result is floor(quota) or ceil(quota).
 */
export function largestRemainder(quotas: readonly Fraction[], total: bigint): bigint[] {
  const floors = quotas.map(floor);
  let left = total - floors.reduce((a, b) => a + b, 0n);
  if (left < 0n || left > BigInt(quotas.length)) throw new RangeError('quotas do not sum to the total');
  const order = quotas
    .map((q, i) => ({ i, rem: fractionalPart(q) }))
    .sort((a, b) => cmp(b.rem, a.rem) || a.i - b.i);
  const out = [...floors];
  for (const { i, rem } of order) {
    if (left === 0n) break;
    if (rem.n === 0n) break; // only fractional quotas round up; Σ remainders = left guarantees enough of them
    out[i] = (out[i] ?? 0n) + 1n;
    left -= 1n;
  }
  if (left !== 0n) throw new RangeError('quotas do not sum to the total');
  return out;
}
