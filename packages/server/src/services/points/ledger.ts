import type { Lot } from '@kulup/domain';

import type { LedgerKind } from '../../generated/prisma/client';
import type { Actor, Tx } from '../context';

/** System accounts: the other side of every member entry, so Σ of all entries is always 0. */
export const SYSTEM_ACCOUNT = {
  issued: 'system:issued',
  redeemed: 'system:redeemed',
  expired: 'system:expired',
  adjusted: 'system:adjusted',
  imported: 'system:imported',
} as const;
export type SystemAccountName = (typeof SYSTEM_ACCOUNT)[keyof typeof SYSTEM_ACCOUNT];

export type LedgerEvent = {
  /** One business event, e.g. `receipt:<id>:earn`; the unique (event_key, account) makes it post once. */
  eventKey: string;
  kind: LedgerKind;
  memberId: string;
  /** Signed change to the member's balance. */
  points: number;
  counterAccount: SystemAccountName;
  receiptId?: string | null;
  lotId?: string | null;
  holdId?: string | null;
};

/**
 * Posts one business event as two entries (member and system account) and moves the member's cached
 * balance by the same amount, in the caller's transaction. A second post of the same event fails on the
 * unique key, so the caller's transaction rolls back rather than double-counting.
 */
export async function postLedgerEvent(tx: Tx, actor: Actor, event: LedgerEvent): Promise<void> {
  if (!Number.isInteger(event.points) || event.points === 0) throw new Error(`ledger event ${event.eventKey}: points must be a non-zero integer`);
  const common = {
    kind: event.kind,
    eventKey: event.eventKey,
    receiptId: event.receiptId ?? null,
    lotId: event.lotId ?? null,
    holdId: event.holdId ?? null,
    actorType: actor.type,
    actorId: actor.id,
  };
  await tx.ledgerEntry.createMany({
    data: [
      { ...common, memberId: event.memberId, account: 'member', points: event.points },
      { ...common, memberId: null, account: event.counterAccount, points: -event.points },
    ],
  });
  await tx.member.update({ where: { id: event.memberId }, data: { pointsBalance: { increment: event.points } } });
}

/**
 * Locks the member row for the rest of the transaction. Every points write for a member takes this lock
 * first, so lot consumption, holds, returns and expiry for one member are serialised on PostgreSQL (PGlite
 * runs one transaction at a time anyway) while different members proceed in parallel.
 */
export async function lockMember(tx: Tx, memberId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM member WHERE id = ${memberId}::uuid FOR NO KEY UPDATE`;
}

/** The member's lots that still have points in them, in the domain's shape. Call after `lockMember`. */
export async function loadOpenLots(tx: Tx, memberId: string): Promise<Lot[]> {
  const rows = await tx.$queryRaw<Lot[]>`
    SELECT id, earned_at AS "earnedAt", available_at AS "availableAt", expires_at AS "expiresAt",
           earned, consumed, expired, held
    FROM points_lot
    WHERE member_id = ${memberId}::uuid AND consumed + expired < earned
    ORDER BY id`;
  return rows;
}

/** Writes back the lots a domain operation changed. */
export async function saveLots(tx: Tx, before: readonly Lot[], after: readonly Lot[]): Promise<void> {
  const old = new Map(before.map((l) => [l.id, l]));
  for (const lot of after) {
    const prev = old.get(lot.id);
    if (prev && prev.consumed === lot.consumed && prev.expired === lot.expired && prev.held === lot.held) continue;
    await tx.pointsLot.update({
      where: { id: lot.id },
      data: { consumed: lot.consumed, expired: lot.expired, held: lot.held },
    });
  }
}
