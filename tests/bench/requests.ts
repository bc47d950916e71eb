// Request generators the load worker imports (see load.ts). Paths come from the contracts' route table, so
// a moved route moves here too. Randomness is seeded per worker, so a run is repeatable for the same options.

import { randomUUID } from 'node:crypto';

import { routes } from '@kulup/contracts';
import type { TReceiptRequest } from '@kulup/contracts';
import { formatCardNumber } from '@kulup/domain';

import type { HttpRequest, RequestFactory } from './load';

/** Small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export type IdentifyParams = { token: string; members: number; seed: number };

/** POS identify by a random seeded member's printed card number (card serial = member number, see seed.ts). */
export const identifyByCard: RequestFactory<IdentifyParams> = ({ token, members, seed }) => {
  const random = rng(seed);
  const headers = bearer(token);
  return () => ({
    method: 'POST',
    path: routes.identifyCard.path,
    headers,
    body: { cardNumber: formatCardNumber(1 + Math.floor(random() * members)) },
    expectStatus: 200,
  });
};

export type BenchProduct = { sku: string; category: string; brand: string | null; priceKurus: number };

/**
 * Lower bounds (0 … <1) of each article's share when picking a line: probability inversely proportional to the
 * price, so staples are bought far more often than phones and every article draws the same expected spend
 * (an average basket of about 435 TL with the demo catalogue). The history seed uses the same bounds.
 */
export function pickBounds(products: readonly BenchProduct[]): number[] {
  const weights = products.map((p) => 1 / Math.max(1, p.priceKurus));
  const total = weights.reduce((a, b) => a + b, 0);
  const bounds: number[] = [];
  let acc = 0;
  for (const w of weights) {
    bounds.push(acc);
    acc += w / total;
  }
  return bounds;
}

/** Index of the bucket `u` (0 ≤ u < 1) falls in, as SQL's width_bucket(u, bounds) − 1. */
export function bucket(bounds: readonly number[], u: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= u) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
export type ReceiptParams = { token: string; memberIds: string[]; products: BenchProduct[]; seed: number; refPrefix: string };

/**
 * A member's FINAL receipt of 3–8 lines from the catalogue at shelf prices (1–3 units each), paid by card,
 * with a unique receipt number and Idempotency-Key: every request books a new receipt and earns points.
 */
export const bookMemberReceipt: RequestFactory<ReceiptParams> = ({ token, memberIds, products, seed, refPrefix }) => {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const bounds = pickBounds(products);
  return (i): HttpRequest => {
    const count = 3 + Math.floor(random() * 6);
    const lines: TReceiptRequest['lines'] = [];
    let total = 0;
    for (let lineNo = 1; lineNo <= count; lineNo++) {
      const p = products[bucket(bounds, random())]!;
      const quantity = random() < 0.75 ? 1 : 2 + Math.floor(random() * 2);
      total += quantity * p.priceKurus;
      lines.push({ lineNo, sku: p.sku, category: p.category, ...(p.brand ? { brand: p.brand } : {}), quantity, unitPrice: p.priceKurus });
    }
    const body: TReceiptRequest = {
      externalRef: `${refPrefix}-${i}`,
      occurredAt: new Date().toISOString(),
      cashierRef: 'bench',
      memberId: pick(memberIds),
      lines,
      total,
      payments: [{ method: random() < 0.7 ? 'card' : 'cash', amount: total }],
    };
    return {
      method: 'POST',
      path: routes.bookReceipt.path,
      headers: { ...bearer(token), 'idempotency-key': randomUUID() },
      body,
      expectStatus: routes.bookReceipt.status,
    };
  };
};
