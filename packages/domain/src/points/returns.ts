// Returns undo earning proportionally and refund points tender proportionally.
//
// Reversal is cumulative, so the order and size of partial returns never matter: after a line has had r of its
// q units returned, exactly floor(earned × r / q) of its points have been reversed in total. Each return
// reverses the difference to what earlier returns already reversed. The floor favours the shopper on partial
// returns and the last unit takes the rest, so a full return reverses exactly what was earned — never more.
// Points-tender refunds use the same cumulative floor on the receipt's value.
//
// Return policy decides where reversed points come from when the earned lot is no longer intact:
//   - 'pending_only':   only from pending lots (the receipt's own lots first, then other pending lots FIFO);
//                       whatever is left is waived.
//   - 'within_balance': pending lots as above, then available lots FIFO; whatever is left is waived.
//   - 'allow_negative': as 'within_balance', but whatever is left is taken as a negative balance (a debt
//                       that the member's next points settle first).
// Held points (open POS holds) are never taken; a hold is a promise to the till.

import { type Lot, type LotAllocation, compareFifo, lotRemainder, lotStatus } from './lots';
import type { FieldError } from './receipt';

/** An original receipt line with the points it earned. */
export type EarnedLine = { lineNo: number; quantity: number; earnedPoints: number };

/** Units of one original line being returned now. */
export type ReturnLine = { lineNo: number; quantity: number };

/** Input to computeReturnReversal; the "already" maps are keyed by lineNo and default to 0. */
export type ReturnReversalInput = {
  originalLines: readonly EarnedLine[];
  alreadyReturnedQuantities?: Readonly<Record<number, number>>;
  /** Points already settled for each line by earlier returns (reversed or waived by policy). */
  alreadyReversedPoints?: Readonly<Record<number, number>>;
  returnLines: readonly ReturnLine[];
};

/** Points to reverse for one returned line. */
export type LineReversal = { lineNo: number; quantity: number; points: number };

/** Stable codes for return validation failures. */
export type ReturnErrorCode =
  | 'empty'
  | 'unknown_line'
  | 'duplicate_line'
  | 'not_integer'
  | 'out_of_range'
  | 'exceeds_purchased';

/** Per-line reversal or the reasons the return is invalid. */
export type ReturnReversalResult =
  | { ok: true; lines: LineReversal[]; totalPoints: number }
  | { ok: false; errors: FieldError<ReturnErrorCode>[] };

// floor(a × b / c) for non-negative safe integers, exact even when a × b exceeds 2^53.
function mulDivFloor(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** Points to reverse for the returned lines: proportional, cumulative, never more than the lines earned. */
export function computeReturnReversal(input: ReturnReversalInput): ReturnReversalResult {
  const errors: FieldError<ReturnErrorCode>[] = [];
  const fail = (path: string, code: ReturnErrorCode, message: string): void => {
    errors.push({ path, code, message });
  };
  const originals = new Map(input.originalLines.map((l) => [l.lineNo, l]));
  const returned = input.alreadyReturnedQuantities ?? {};
  const reversed = input.alreadyReversedPoints ?? {};
  if (input.returnLines.length === 0) fail('returnLines', 'empty', 'nothing to return');

  const seen = new Set<number>();
  const out: LineReversal[] = [];
  input.returnLines.forEach((r, i) => {
    const at = `returnLines.${i}`;
    const original = originals.get(r.lineNo);
    if (!original) return fail(`${at}.lineNo`, 'unknown_line', `line ${r.lineNo} is not on the receipt`);
    if (seen.has(r.lineNo)) return fail(`${at}.lineNo`, 'duplicate_line', `line ${r.lineNo} is listed twice`);
    seen.add(r.lineNo);
    if (!Number.isSafeInteger(r.quantity)) return fail(`${at}.quantity`, 'not_integer', 'must be a whole number');
    if (r.quantity < 1) return fail(`${at}.quantity`, 'out_of_range', 'must be at least 1');
    const before = returned[r.lineNo] ?? 0;
    const reversedBefore = reversed[r.lineNo] ?? 0;
    if (!Number.isSafeInteger(before) || before < 0 || before > original.quantity) {
      return fail(`alreadyReturnedQuantities.${r.lineNo}`, 'out_of_range', 'inconsistent returned quantity');
    }
    if (!Number.isSafeInteger(reversedBefore) || reversedBefore < 0 || reversedBefore > original.earnedPoints) {
      return fail(`alreadyReversedPoints.${r.lineNo}`, 'out_of_range', 'inconsistent reversed points');
    }
    const after = before + r.quantity;
    if (after > original.quantity) {
      return fail(
        `${at}.quantity`,
        'exceeds_purchased',
        `only ${original.quantity - before} of ${original.quantity} units are left to return`,
      );
    }
    const target = mulDivFloor(original.earnedPoints, after, original.quantity);
    const points = Math.max(0, target - reversedBefore);
    out.push({ lineNo: r.lineNo, quantity: r.quantity, points });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, lines: out, totalPoints: out.reduce((s, l) => s + l.points, 0) };
}

/** Input to computeTenderRefund, all in kuruş except `pointsTender.points`. */
export type TenderRefundInput = {
  receiptTotal: number;
  pointsTender: { amount: number; points: number };
  /** Value of everything returned from this receipt before this return. */
  returnedValueBefore: number;
  /** Value being returned now. */
  returnValue: number;
};

/** How a return's value is refunded: points back to the member, the rest in money. */
export type TenderRefundResult =
  | { ok: true; points: number; pointsValue: number; moneyValue: number }
  | { ok: false; errors: FieldError<ReturnErrorCode>[] };

/** Refund split for a return: points tender comes back in proportion to the value returned, cumulatively. */
export function computeTenderRefund(input: TenderRefundInput): TenderRefundResult {
  const { receiptTotal: total, pointsTender: tender, returnedValueBefore: before, returnValue: value } = input;
  const errors: FieldError<ReturnErrorCode>[] = [];
  const nonNegative = (path: string, v: number): void => {
    if (!Number.isSafeInteger(v)) errors.push({ path, code: 'not_integer', message: 'must be a whole number' });
    else if (v < 0) errors.push({ path, code: 'out_of_range', message: 'must not be negative' });
  };
  nonNegative('receiptTotal', total);
  nonNegative('pointsTender.amount', tender.amount);
  nonNegative('pointsTender.points', tender.points);
  nonNegative('returnedValueBefore', before);
  nonNegative('returnValue', value);
  if (errors.length > 0) return { ok: false, errors };
  if (tender.amount > total) {
    errors.push({ path: 'pointsTender.amount', code: 'out_of_range', message: 'points tender exceeds the total' });
  }
  if (before + value > total) {
    errors.push({ path: 'returnValue', code: 'exceeds_purchased', message: 'returning more than the receipt total' });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (total === 0) return { ok: true, points: 0, pointsValue: 0, moneyValue: 0 };
  const after = before + value;
  const points = mulDivFloor(tender.points, after, total) - mulDivFloor(tender.points, before, total);
  const pointsValue = mulDivFloor(tender.amount, after, total) - mulDivFloor(tender.amount, before, total);
  return { ok: true, points, pointsValue, moneyValue: value - pointsValue };
}

/** Where reversed points may come from; see the top of this file. */
export type ReturnPolicy = 'pending_only' | 'within_balance' | 'allow_negative';

/** Input to applyReturnPolicy; `sourceLotIds` are the lots the returned receipt created. */
export type ReturnPolicyInput = {
  policy: ReturnPolicy;
  points: number;
  lots: readonly Lot[];
  at: Date;
  sourceLotIds?: readonly string[];
};

/** How a reversal is covered: fromPending + fromAvailable + negative + waived = points. */
export type ReturnPolicyResult = {
  lots: Lot[];
  fromPending: LotAllocation[];
  fromAvailable: LotAllocation[];
  negative: number;
  waived: number;
};

/** Takes `points` from the member's lots as the policy allows and says what is left as debt or waived. */
export function applyReturnPolicy(input: ReturnPolicyInput): ReturnPolicyResult {
  const { policy, points, at } = input;
  if (!Number.isSafeInteger(points) || points < 0) throw new RangeError('points to reverse must be a whole number ≥ 0');
  const sources = new Set(input.sourceLotIds ?? []);
  const lots = input.lots.map((l) => ({ ...l }));
  let left = points;
  const drain = (candidates: Lot[]): LotAllocation[] => {
    const taken: LotAllocation[] = [];
    for (const lot of candidates) {
      if (left === 0) break;
      const p = Math.min(left, lotRemainder(lot));
      if (p <= 0) continue;
      lot.consumed += p;
      left -= p;
      taken.push({ lotId: lot.id, points: p });
    }
    return taken;
  };
  const pending = lots
    .filter((l) => lotStatus(l, at) === 'pending')
    .sort((a, b) => Number(sources.has(b.id)) - Number(sources.has(a.id)) || compareFifo(a, b));
  const fromPending = drain(pending);
  const fromAvailable =
    policy === 'pending_only' ? [] : drain(lots.filter((l) => lotStatus(l, at) === 'available').sort(compareFifo));
  const negative = policy === 'allow_negative' ? left : 0;
  return { lots, fromPending, fromAvailable, negative, waived: left - negative };
}
