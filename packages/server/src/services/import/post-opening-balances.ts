import type { Actor, Tx } from '../context';
import { SYSTEM_ACCOUNT } from '../points/ledger';
import { uuidv7 } from './uuidv7';

export type OpeningBalance = {
  memberId: string;
  /** The member's id in the previous program: the business event is `import:<externalRef>`. */
  externalRef: string;
  points: number;
  /** When the points were earned, if not at `lot.earnedAt` (a migration that keeps the old lots' dates). */
  earnedAt?: Date;
  expiresAt?: Date | null;
};

/**
 * Posts points carried over from a previous program, in bulk, in the caller's transaction: per member one
 * IMPORT lot (spendable at once, expiring after the program's expiry period) and one IMPORT ledger event
 * (member entry against system:imported, event key `import:<externalRef>`), and moves each cached balance
 * by the same amount. It is postLedgerEvent for thousands of members at a time: three statements instead of
 * three per member, which keeps a 1,000-member seed or a 5,000-row import within seconds. The unique event
 * key makes a second post of the same opening balance fail instead of counting twice.
 */
export async function postOpeningBalances(
  tx: Tx,
  actor: Actor,
  balances: readonly OpeningBalance[],
  lot: { earnedAt: Date; expiresAt: Date | null },
): Promise<number> {
  const posted = balances.filter((b) => b.points !== 0);
  if (posted.length === 0) return 0;
  for (const b of posted) {
    if (!Number.isSafeInteger(b.points) || b.points < 0) throw new Error(`opening balance of ${b.externalRef} must be a positive integer`);
  }
  const lots = posted.map((b) => {
    const earnedAt = b.earnedAt ?? lot.earnedAt;
    return { ...b, earnedAt, expiresAt: b.expiresAt !== undefined ? b.expiresAt : lot.expiresAt, lotId: uuidv7(earnedAt) };
  });
  await tx.pointsLot.createMany({
    data: lots.map((b) => ({
      id: b.lotId,
      memberId: b.memberId,
      source: 'IMPORT' as const,
      earned: b.points,
      earnedAt: b.earnedAt,
      // Carried-over points were spendable in the old program already: no pending period.
      availableAt: b.earnedAt,
      expiresAt: b.expiresAt,
    })),
  });
  const common = { kind: 'IMPORT' as const, actorType: actor.type, actorId: actor.id };
  await tx.ledgerEntry.createMany({
    data: lots.flatMap((b) => [
      { ...common, eventKey: `import:${b.externalRef}`, lotId: b.lotId, memberId: b.memberId, account: 'member', points: b.points },
      { ...common, eventKey: `import:${b.externalRef}`, lotId: b.lotId, memberId: null, account: SYSTEM_ACCOUNT.imported, points: -b.points },
    ]),
  });
  await tx.$executeRaw`
    UPDATE member m SET points_balance = m.points_balance + v.points
    FROM (SELECT unnest(${lots.map((b) => b.memberId)}::uuid[]) AS id, unnest(${lots.map((b) => b.points)}::int[]) AS points) v
    WHERE m.id = v.id`;
  return posted.reduce((sum, b) => sum + b.points, 0);
}
