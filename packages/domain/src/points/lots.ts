// Earned points live in lots. A lot is pending until `availableAt` (the return window), spendable until
// `expiresAt` (exclusive; null = never), and then its remainder is expired by expireLots.
//
// Per lot: earned = consumed + expired + held + remainder, every term ≥ 0. `consumed` counts points redeemed,
// reversed by a return or transferred away; `held` counts points reserved by an open POS hold, which
// expiry never touches (a hold quoted at 23:59 is still good when the midnight expiry run happens; released
// points past their expiry date are expired by the next run).
//
// FIFO order (redemption, holds, expiry reporting): earliest expiresAt first (never-expiring last), then
// earliest earnedAt, then id.

/** One lot of earned points. All counts are integer points. */
export type Lot = {
  id: string;
  earnedAt: Date;
  availableAt: Date;
  expiresAt: Date | null;
  earned: number;
  consumed: number;
  expired: number;
  held: number;
};

/** Points taken from (or given back to) one lot. */
export type LotAllocation = { lotId: string; points: number };

/** Where a lot stands at a moment: pending, available, due (past expiry with points left) or closed (empty). */
export type LotStatus = 'pending' | 'available' | 'due' | 'closed';

/** Why lots could not supply points. */
export type LotErrorCode = 'invalid_amount' | 'insufficient_points';

/** Result of taking points from lots: the updated lots (same order) and what came from where. */
export type LotTakeResult =
  | { ok: true; lots: Lot[]; allocations: LotAllocation[] }
  | { ok: false; code: LotErrorCode; available: number };

const DAY_MS = 86_400_000;

/** Points still open in a lot: earned − consumed − expired − held. */
export function lotRemainder(lot: Lot): number {
  return lot.earned - lot.consumed - lot.expired - lot.held;
}

/** True when all counts are non-negative integers and consumed + expired + held ≤ earned. */
export function isLotConsistent(lot: Lot): boolean {
  const counts = [lot.earned, lot.consumed, lot.expired, lot.held];
  return counts.every((c) => Number.isSafeInteger(c) && c >= 0) && lotRemainder(lot) >= 0;
}

/** True once `at` has reached the lot's expiry. */
export function isLotExpiredAt(lot: Lot, at: Date): boolean {
  return lot.expiresAt !== null && lot.expiresAt.getTime() <= at.getTime();
}

/** The lot's status at `at`. */
export function lotStatus(lot: Lot, at: Date): LotStatus {
  if (lotRemainder(lot) <= 0) return 'closed';
  if (isLotExpiredAt(lot, at)) return 'due';
  return at.getTime() < lot.availableAt.getTime() ? 'pending' : 'available';
}

/** FIFO comparator: earliest expiry (null last), then earliest earnedAt, then id. */
export function compareFifo(a: Lot, b: Lot): number {
  const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const d = a.earnedAt.getTime() - b.earnedAt.getTime();
  if (d !== 0) return d;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Points spendable at `at`: remainders of lots that are available (not pending, not past expiry). */
export function availableBalance(lots: readonly Lot[], at: Date): number {
  return lots.reduce((s, l) => s + (lotStatus(l, at) === 'available' ? lotRemainder(l) : 0), 0);
}

/** Points still inside the return window at `at`. */
export function pendingBalance(lots: readonly Lot[], at: Date): number {
  return lots.reduce((s, l) => s + (lotStatus(l, at) === 'pending' ? lotRemainder(l) : 0), 0);
}

/** Points reserved by open holds. */
export function heldBalance(lots: readonly Lot[]): number {
  return lots.reduce((s, l) => s + l.held, 0);
}

/** Open points (pending or available, not held) that expire after `at` and no later than `days` days later. */
export function expiringWithin(lots: readonly Lot[], at: Date, days: number): number {
  const until = at.getTime() + days * DAY_MS;
  return lots.reduce((s, l) => {
    const st = lotStatus(l, at);
    const open = st === 'pending' || st === 'available';
    return s + (open && l.expiresAt !== null && l.expiresAt.getTime() <= until ? lotRemainder(l) : 0);
  }, 0);
}

/** Open points grouped by expiry moment, soonest first (never-expiring points are left out). */
export function expirySchedule(lots: readonly Lot[], at: Date): { expiresAt: Date; points: number }[] {
  const byTime = new Map<number, number>();
  for (const l of lots) {
    const st = lotStatus(l, at);
    if ((st === 'pending' || st === 'available') && l.expiresAt !== null) {
      const t = l.expiresAt.getTime();
      byTime.set(t, (byTime.get(t) ?? 0) + lotRemainder(l));
    }
  }
  return [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, points]) => ({ expiresAt: new Date(t), points }));
}

// Takes `amount` from the remainders of available lots in FIFO order into the given counter.
function take(lots: readonly Lot[], amount: number, at: Date, into: 'consumed' | 'held'): LotTakeResult {
  const available = availableBalance(lots, at);
  if (!Number.isSafeInteger(amount) || amount < 0) return { ok: false, code: 'invalid_amount', available };
  if (amount > available) return { ok: false, code: 'insufficient_points', available };
  const updated = lots.map((l) => ({ ...l }));
  const order = updated.filter((l) => lotStatus(l, at) === 'available').sort(compareFifo);
  const allocations: LotAllocation[] = [];
  let left = amount;
  for (const lot of order) {
    if (left === 0) break;
    const points = Math.min(left, lotRemainder(lot));
    lot[into] += points;
    allocations.push({ lotId: lot.id, points });
    left -= points;
  }
  return { ok: true, lots: updated, allocations };
}

/** Consumes `amount` available points FIFO; fails without changing anything if fewer are available. */
export function consumeFifo(lots: readonly Lot[], amount: number, at: Date): LotTakeResult {
  return take(lots, amount, at, 'consumed');
}

/** Reserves `amount` available points FIFO for a POS hold (moves them to `held`); fails like consumeFifo. */
export function holdFifo(lots: readonly Lot[], amount: number, at: Date): LotTakeResult {
  return take(lots, amount, at, 'held');
}

/**
 * Settles a hold: the first `points` of its allocations (in allocation order, i.e. FIFO) become consumed and the
 * rest go back to the lots. Throws if `points` exceeds the hold or a lot does not carry the held points.
 */
export function settleHeld(
  lots: readonly Lot[],
  allocations: readonly LotAllocation[],
  points: number,
): { lots: Lot[]; captured: LotAllocation[]; released: LotAllocation[] } {
  const heldTotal = allocations.reduce((s, a) => s + a.points, 0);
  if (!Number.isSafeInteger(points) || points < 0 || points > heldTotal) {
    throw new RangeError(`cannot capture ${points} of a ${heldTotal}-point hold`);
  }
  const updated = lots.map((l) => ({ ...l }));
  const byId = new Map(updated.map((l) => [l.id, l]));
  const captured: LotAllocation[] = [];
  const released: LotAllocation[] = [];
  let left = points;
  for (const a of allocations) {
    const lot = byId.get(a.lotId);
    if (!lot || lot.held < a.points) throw new RangeError(`lot ${a.lotId} does not hold ${a.points} points`);
    const c = Math.min(left, a.points);
    left -= c;
    lot.held -= a.points;
    lot.consumed += c;
    if (c > 0) captured.push({ lotId: a.lotId, points: c });
    if (a.points - c > 0) released.push({ lotId: a.lotId, points: a.points - c });
  }
  return { lots: updated, captured, released };
}

/** Expires the open remainder of every lot whose expiry is ≤ `at` (held points wait for their hold to settle). */
export function expireLots(
  lots: readonly Lot[],
  at: Date,
): { lots: Lot[]; expirations: LotAllocation[]; total: number } {
  const updated = lots.map((l) => ({ ...l }));
  const expirations: LotAllocation[] = [];
  for (const lot of [...updated].sort(compareFifo)) {
    if (lotStatus(lot, at) !== 'due') continue;
    const points = lotRemainder(lot);
    lot.expired += points;
    expirations.push({ lotId: lot.id, points });
  }
  return { lots: updated, expirations, total: expirations.reduce((s, e) => s + e.points, 0) };
}
