import type { TMemberPoints } from '@kulup/contracts';
import { availableBalance, expirySchedule, expiringWithin, pendingBalance, progressToNext } from '@kulup/domain';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { loadOpenLots } from '../points/ledger';
import { loadProgramSettings } from '../program/program-settings';
import { qualifyingTotals } from '../tiers/qualifying-totals';
import { loadTierDefinitions } from '../tiers/tier.mapper';

const DAY_MS = 86_400_000;

export type MemberPointsOptions = {
  at: Date;
  limit: number;
  cursor?: string | undefined;
  /** The kiosk view: no receipt references (no purchase details on a public screen). */
  publicScreen: boolean;
};

/**
 * A member's points as of `at`, read in one snapshot: balance (Σ entries), spendable, pending, held, debt,
 * points expiring within the warning window, tier with progress to the next, and the ledger history newest
 * first (keyset-paged by entry id).
 */
export async function getMemberPoints(db: Db, memberId: string, options: MemberPointsOptions): Promise<TMemberPoints> {
  const { at } = options;
  // Repeatable read: balance, lots and history come from the same moment even while receipts arrive.
  return db.$transaction(
    async (tx) => {
      const member = await tx.member.findUnique({
        where: { id: memberId },
        select: { pointsBalance: true, pointsHeld: true, tierCode: true, tierSince: true, tierGraceUntil: true },
      });
      if (!member) throw notFound('Member');
      const settings = await loadProgramSettings(tx);
      const lots = await loadOpenLots(tx, memberId);
      const open = lots.reduce((s, l) => s + l.earned - l.consumed - l.expired, 0);
      const balance = member.pointsBalance;
      const held = member.pointsHeld;
      const debt = Math.max(0, open - balance);
      const days = settings.expiryWarningDays;
      const soon = expirySchedule(lots, at).filter((e) => e.expiresAt.getTime() <= at.getTime() + days * DAY_MS);

      const tiers = await loadTierDefinitions(tx);
      const current = tiers.find((t) => t.code === member.tierCode);
      const totals = (await qualifyingTotals(tx, [memberId], at)).get(memberId) ?? { spend: 0, points: 0 };
      const progress = progressToNext({ tiers, current: member.tierCode, qualifyingSpend: totals.spend, qualifyingPoints: totals.points });

      const entries = await tx.ledgerEntry.findMany({
        where: { memberId, account: 'member', ...(options.cursor ? { id: { lt: BigInt(options.cursor) } } : {}) },
        orderBy: { id: 'desc' },
        take: options.limit + 1,
        select: { id: true, kind: true, points: true, createdAt: true, receiptId: true },
      });
      const page = entries.slice(0, options.limit);
      return {
        memberId,
        asOf: at.toISOString(),
        balance,
        spendable: Math.max(0, Math.min(availableBalance(lots, at), balance - held)),
        pending: pendingBalance(lots, at),
        held,
        debt,
        expiringSoon: {
          points: expiringWithin(lots, at, days),
          earliestAt: soon[0]?.expiresAt.toISOString() ?? null,
          withinDays: days,
        },
        tier: {
          code: member.tierCode,
          name: current?.name ?? member.tierCode,
          since: member.tierSince.toISOString(),
          graceUntil: member.tierGraceUntil?.toISOString() ?? null,
          next: progress
            ? {
                tierCode: progress.tierCode,
                tierName: tiers.find((t) => t.code === progress.tierCode)?.name ?? progress.tierCode,
                metric: progress.metric,
                remaining: progress.remaining,
                percent: progress.percent,
              }
            : null,
        },
        history: {
          items: page.map((e) => ({
            id: e.id.toString(),
            kind: e.kind,
            points: e.points,
            at: e.createdAt.toISOString(),
            receiptId: options.publicScreen ? null : e.receiptId,
          })),
          nextCursor: entries.length > options.limit ? (page[page.length - 1]?.id.toString() ?? null) : null,
        },
      };
    },
    { isolationLevel: 'RepeatableRead' },
  );
}
