import type { TReceiptBalance } from '@kulup/contracts';
import { availableBalance, pendingBalance } from '@kulup/domain';

import type { Db } from '../../db/database';
import type { Tx } from '../context';
import { loadOpenLots } from '../points/ledger';

/** A member's posted, spendable, pending and held points at `at`. */
export async function pointsSnapshot(db: Db | Tx, memberId: string, at: Date): Promise<TReceiptBalance> {
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { pointsBalance: true, pointsHeld: true } });
  const lots = await loadOpenLots(db as Tx, memberId);
  return {
    points: member.pointsBalance,
    spendable: availableBalance(lots, at),
    pending: pendingBalance(lots, at),
    held: member.pointsHeld,
  };
}
