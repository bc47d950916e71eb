import type { TEarningBreakdownItem, TReceiptDetail } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';

/** A booked receipt with lines, payments, holds, points per line and the per-rule breakdown. */
export async function getReceipt(db: Db, receiptId: string): Promise<TReceiptDetail> {
  const r = await db.receipt.findUnique({
    where: { id: receiptId },
    include: { lines: { orderBy: { lineNo: 'asc' } }, payments: { orderBy: { id: 'asc' } } },
  });
  if (!r) throw new ServiceError('RECEIPT_NOT_FOUND', 'No receipt with this id');
  const holds = await db.pointsHold.findMany({ where: { receiptId }, orderBy: { createdAt: 'asc' } });
  return {
    id: r.id,
    storeId: r.storeId,
    terminalId: r.terminalId,
    externalRef: r.externalRef,
    cashierRef: r.cashierRef,
    memberId: r.memberId,
    status: r.status,
    occurredAt: r.occurredAt.toISOString(),
    businessDate: r.businessDate.toISOString().slice(0, 10),
    total: r.totalKurus,
    pointsEarned: r.pointsEarned,
    pointsRedeemed: r.pointsRedeemed,
    breakdown: (r.earningBreakdown ?? []) as TEarningBreakdownItem[],
    lines: r.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      category: l.category,
      brand: l.brand,
      quantity: l.quantity,
      unitPrice: l.unitPriceKurus,
      lineDiscount: l.lineDiscountKurus,
      isReward: l.isReward,
      net: l.netKurus,
      pointsEarned: l.pointsEarned,
      returnedQuantity: l.returnedQuantity,
      pointsReversed: l.pointsReversed,
    })),
    payments: r.payments.map((p) => ({ method: p.method, amount: p.amountKurus, points: p.points })),
    holds: holds.map((h) => ({ holdId: h.id, points: h.points, capturedPoints: h.capturedPoints, status: h.status })),
    createdAt: r.createdAt.toISOString(),
  };
}
