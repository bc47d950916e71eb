// A receipt as the POS sends it. Money is integer kuruş; quantities are integer units. Weighed goods travel as
// quantity 1 with the line price as unitPrice, so a weighed line can only be returned whole.

/** One receipt line. `lineNo` is unique within the receipt and is how returns refer to the line. */
export type ReceiptLine = {
  lineNo: number;
  sku: string;
  category: string;
  brand?: string;
  /** Units sold, integer > 0. */
  quantity: number;
  /** Price per unit in kuruş; negative only on a discount line (`isReward` with e.g. a coupon of −1000). */
  unitPrice: number;
  /** Discount on this line in kuruş, 0 ≤ lineDiscount ≤ quantity × unitPrice. */
  lineDiscount: number;
  /** A reward item or a discount line: never earns points. */
  isReward?: boolean;
};

/** How the shopper paid. */
export type PaymentMethod = 'cash' | 'card' | 'points';

/** One tender. A points tender says both its kuruş value and the points spent. */
export type Payment =
  | { method: 'cash' | 'card'; amount: number }
  | { method: 'points'; amount: number; points: number };

/** A whole receipt: `total` = Σ line nets = Σ payments, in kuruş. */
export type Receipt = {
  lines: readonly ReceiptLine[];
  total: number;
  payments: readonly Payment[];
};

/** Stable codes for receipt validation failures. */
export type ReceiptErrorCode =
  | 'empty'
  | 'not_integer'
  | 'out_of_range'
  | 'required'
  | 'duplicate_line'
  | 'discount_exceeds_price'
  | 'total_mismatch'
  | 'payments_mismatch'
  | 'invalid_method'
  | 'points_tender_mismatch'
  | 'points_tender_exceeds_hold';

/** A validation failure at a dotted field path such as `lines.0.quantity`. */
export type FieldError<C extends string = string> = { path: string; code: C; message: string };

/** What the caller knows about points tender: the redemption rate and the points held at quote time. */
export type ReceiptValidationOptions = {
  /** Kuruş value of one point; when given, each points tender must satisfy amount = points × kurusPerPoint. */
  kurusPerPoint?: number;
  /** Points held for this sale; when given, the points tendered must not exceed it. */
  heldPoints?: number;
};

/** Net amount of a line in kuruş: quantity × unitPrice − lineDiscount (negative for discount lines). */
export function lineNet(line: ReceiptLine): number {
  return line.quantity * line.unitPrice - line.lineDiscount;
}

/** Total kuruş and points paid with points tender on a receipt (zero when none). */
export function pointsTender(receipt: Receipt): { amount: number; points: number } {
  let amount = 0;
  let points = 0;
  for (const p of receipt.payments) {
    if (p.method === 'points') {
      amount += p.amount;
      points += p.points;
    }
  }
  return { amount, points };
}

const METHODS: readonly string[] = ['cash', 'card', 'points'] satisfies PaymentMethod[];

/** Every problem with a receipt as field-path errors; an empty list means the receipt is consistent. */
export function validateReceipt(
  receipt: Receipt,
  options: ReceiptValidationOptions = {},
): FieldError<ReceiptErrorCode>[] {
  const errors: FieldError<ReceiptErrorCode>[] = [];
  const fail = (path: string, code: ReceiptErrorCode, message: string): void => {
    errors.push({ path, code, message });
  };
  const integer = (path: string, v: number, min: number | null): boolean => {
    if (!Number.isSafeInteger(v)) {
      fail(path, 'not_integer', 'must be a whole number');
      return false;
    }
    if (min !== null && v < min) {
      fail(path, 'out_of_range', `must be at least ${min}`);
      return false;
    }
    return true;
  };

  if (receipt.lines.length === 0) fail('lines', 'empty', 'a receipt needs at least one line');

  const seen = new Set<number>();
  let linesSum = 0;
  let linesOk = true;
  receipt.lines.forEach((line, i) => {
    const at = `lines.${i}`;
    if (integer(`${at}.lineNo`, line.lineNo, 1)) {
      if (seen.has(line.lineNo)) fail(`${at}.lineNo`, 'duplicate_line', `line number ${line.lineNo} appears twice`);
      seen.add(line.lineNo);
    }
    if (line.sku.trim() === '') fail(`${at}.sku`, 'required', 'SKU is required');
    if (line.category.trim() === '') fail(`${at}.category`, 'required', 'category is required');
    const qtyOk = integer(`${at}.quantity`, line.quantity, 1);
    // Only reward/discount lines may carry a negative price (a coupon or basket discount).
    const priceOk = integer(`${at}.unitPrice`, line.unitPrice, line.isReward === true ? null : 0);
    const discOk = integer(`${at}.lineDiscount`, line.lineDiscount, 0);
    if (!(qtyOk && priceOk && discOk)) {
      linesOk = false;
      return;
    }
    const gross = line.quantity * line.unitPrice;
    if (!Number.isSafeInteger(gross)) {
      fail(`${at}.unitPrice`, 'out_of_range', 'quantity × unitPrice is too large');
      linesOk = false;
      return;
    }
    if (line.lineDiscount > Math.max(gross, 0)) {
      fail(`${at}.lineDiscount`, 'discount_exceeds_price', 'discount is larger than the line price');
      linesOk = false;
      return;
    }
    linesSum += gross - line.lineDiscount;
  });

  const totalOk = integer('total', receipt.total, 0);
  if (linesOk && totalOk && receipt.lines.length > 0 && linesSum !== receipt.total) {
    fail('total', 'total_mismatch', `lines add up to ${linesSum} kuruş, total says ${receipt.total}`);
  }

  let paid = 0;
  let paymentsOk = true;
  let tenderPoints = 0;
  receipt.payments.forEach((p, i) => {
    const at = `payments.${i}`;
    if (!METHODS.includes(p.method)) {
      fail(`${at}.method`, 'invalid_method', 'method must be cash, card or points');
      paymentsOk = false;
      return;
    }
    if (!integer(`${at}.amount`, p.amount, 1)) {
      paymentsOk = false;
      return;
    }
    paid += p.amount;
    if (p.method !== 'points') return;
    if (!integer(`${at}.points`, p.points, 1)) return;
    tenderPoints += p.points;
    const rate = options.kurusPerPoint;
    if (rate !== undefined && p.points * rate !== p.amount) {
      fail(
        `${at}.amount`,
        'points_tender_mismatch',
        `${p.points} points are worth ${p.points * rate} kuruş, tender says ${p.amount}`,
      );
    }
  });
  if (paymentsOk && totalOk && paid !== receipt.total) {
    fail('payments', 'payments_mismatch', `payments add up to ${paid} kuruş, total is ${receipt.total}`);
  }
  if (options.heldPoints !== undefined && tenderPoints > options.heldPoints) {
    fail(
      'payments',
      'points_tender_exceeds_hold',
      `${tenderPoints} points tendered but only ${options.heldPoints} were held`,
    );
  }
  return errors;
}
