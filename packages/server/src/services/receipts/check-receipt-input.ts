import type { TFieldError, ZReceiptRequest } from '@kulup/contracts';
import { lineNet, validateReceipt } from '@kulup/domain';
import type { Receipt, ReceiptErrorCode, ReceiptValidationOptions } from '@kulup/domain';
import type { z } from 'zod';

import { ServiceError } from '../../http/service-error';

export type ReceiptInput = z.output<typeof ZReceiptRequest>;

// Malformed values are the client's bug (400); a well-formed receipt that does not add up is a business refusal (422).
const SHAPE_ERRORS: readonly ReceiptErrorCode[] = ['empty', 'not_integer', 'out_of_range', 'required', 'invalid_method'];
const MAX_INT = 2_147_483_647;
// A till's clock may run a little fast; a receipt from further in the future would shorten its own return window.
const CLOCK_SKEW_MS = 5 * 60_000;

/** The receipt in the domain's shape. */
export function toDomainReceipt(input: ReceiptInput): Receipt {
  return {
    lines: input.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      category: l.category,
      brand: l.brand,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      lineDiscount: l.lineDiscount,
      isReward: l.isReward,
    })),
    total: input.total,
    payments: input.payments.map((p) =>
      p.method === 'points' ? { method: 'points', amount: p.amount, points: p.points } : { method: p.method, amount: p.amount },
    ),
  };
}

/**
 * The receipt in the domain's shape, or a ServiceError naming every problem with its field path: malformed
 * values as VALIDATION_FAILED, inconsistent sums (lines ≠ total ≠ payments, discount over price, points
 * tender off the program rate or over the hold) as RECEIPT_INVALID.
 */
export function checkReceiptInput(input: ReceiptInput, options: ReceiptValidationOptions = {}, now = new Date()): Receipt {
  const receipt = toDomainReceipt(input);
  const errors = validateReceipt(receipt, options);
  const extra: TFieldError[] = [];
  receipt.lines.forEach((line, i) => {
    if (Math.abs(lineNet(line)) > MAX_INT) extra.push({ path: `lines.${i}.unitPrice`, message: 'line amount is too large' });
  });
  if (new Date(input.occurredAt).getTime() > now.getTime() + CLOCK_SKEW_MS) {
    extra.push({ path: 'occurredAt', message: 'occurredAt is in the future; check the till clock' });
  }
  const shape = errors.filter((e) => SHAPE_ERRORS.includes(e.code));
  if (shape.length > 0 || extra.length > 0) {
    throw new ServiceError('VALIDATION_FAILED', 'The receipt is malformed', [
      ...shape.map((e) => ({ path: e.path, message: e.message })),
      ...extra,
    ]);
  }
  if (errors.length > 0) {
    throw new ServiceError(
      'RECEIPT_INVALID',
      'The receipt does not add up',
      errors.map((e) => ({ path: e.path, message: e.message })),
    );
  }
  return receipt;
}
