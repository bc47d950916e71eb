// Market-basket association rules A → B between items (categories or products) of the same receipt.
//
// Over N baskets (FINAL receipts with at least one ordinary line in the window), with n(X) the baskets
// holding X and n(A,B) those holding both:
//   support(A → B)    = n(A,B) / N
//   confidence(A → B) = n(A,B) / n(A)
//   lift(A → B)       = confidence / (n(B) / N)  (> 1: A makes B more likely than it is on its own)
// A rule is kept when support ≥ minSupport, confidence ≥ minConfidence and lift ≥ minLift; rules come sorted
// by lift, then confidence, then support (descending), then by item names.

export type PairCount = { antecedent: string; consequent: string; together: number };

export type BasketCounts = {
  baskets: number;
  /** Baskets holding each item. */
  items: ReadonlyMap<string, number>;
  /** Baskets holding both items of an ordered pair (both orders present). */
  pairs: readonly PairCount[];
};

export type AssociationRule = {
  antecedent: string;
  consequent: string;
  together: number;
  support: number;
  confidence: number;
  lift: number;
};

export type RuleThresholds = { minSupport: number; minConfidence: number; minLift?: number };

/** Counts items and ordered pairs over baskets (each item counted once per basket). */
export function countBaskets(baskets: readonly (readonly string[])[]): BasketCounts {
  const items = new Map<string, number>();
  const pairs = new Map<string, PairCount>();
  let count = 0;
  for (const basket of baskets) {
    const distinct = [...new Set(basket)];
    if (distinct.length === 0) continue;
    count += 1;
    for (const a of distinct) {
      items.set(a, (items.get(a) ?? 0) + 1);
      for (const b of distinct) {
        if (a === b) continue;
        const key = JSON.stringify([a, b]);
        const pair = pairs.get(key) ?? { antecedent: a, consequent: b, together: 0 };
        pair.together += 1;
        pairs.set(key, pair);
      }
    }
  }
  return { baskets: count, items, pairs: [...pairs.values()] };
}

/** The rules above the thresholds, with exact support, confidence and lift. */
export function associationRules(counts: BasketCounts, t: RuleThresholds): AssociationRule[] {
  if (counts.baskets === 0) return [];
  const n = counts.baskets;
  const rules: AssociationRule[] = [];
  for (const pair of counts.pairs) {
    const a = counts.items.get(pair.antecedent) ?? 0;
    const b = counts.items.get(pair.consequent) ?? 0;
    if (a === 0 || b === 0) continue;
    const support = pair.together / n;
    const confidence = pair.together / a;
    const lift = (pair.together * n) / (a * b);
    if (support >= t.minSupport && confidence >= t.minConfidence && lift >= (t.minLift ?? 0)) {
      rules.push({ ...pair, support, confidence, lift });
    }
  }
  return rules.sort(
    (x, y) =>
      y.lift - x.lift ||
      y.confidence - x.confidence ||
      y.support - x.support ||
      cmp(x.antecedent, y.antecedent) ||
      cmp(x.consequent, y.consequent),
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The smallest pair count that can reach `minSupport` among `baskets` (to prune in SQL before ranking). */
export const minPairCount = (baskets: number, minSupport: number): number => Math.max(1, Math.ceil(minSupport * baskets - 1e-9));
