import { compareFifo, lotRemainder } from '@kulup/domain';

import type { Tx } from '../context';
import { loadOpenLots, saveLots } from '../points/ledger';

/**
 * Pays off a member's debt (a negative balance left by a return under 'allow_negative') from the points
 * they have just received, FIFO, in the caller's transaction; call it after `lockMember` and after posting
 * any credit (earn, refund, adjustment, import). Our schema keeps no debt column: debt is what the lots carry
 * beyond the balance, Σ(earned − consumed − expired) − balance, which is 0 for every member without debt.
 * Settling writes no ledger entry — the debt was already posted when the return took the points — it only
 * marks the new lots' points as used, so afterwards Σ open lot points = max(balance, 0) again.
 * Returns the points settled.
 */
export async function settleMemberDebt(tx: Tx, memberId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ balance: number; open: bigint }[]>`
    SELECT m.points_balance AS balance,
           COALESCE((SELECT SUM(l.earned - l.consumed - l.expired) FROM points_lot l
                     WHERE l.member_id = m.id AND l.consumed + l.expired < l.earned), 0)::bigint AS open
    FROM member m WHERE m.id = ${memberId}::uuid`;
  if (!row) return 0;
  const debt = Number(row.open) - Math.max(row.balance, 0);
  if (debt <= 0) return 0;
  const before = await loadOpenLots(tx, memberId);
  const after = before.map((l) => ({ ...l }));
  let left = debt;
  for (const lot of [...after].sort(compareFifo)) {
    if (left === 0) break;
    const p = Math.min(left, lotRemainder(lot));
    if (p <= 0) continue;
    lot.consumed += p;
    left -= p;
  }
  await saveLots(tx, before, after);
  return debt - left;
}
