import type { TExpiringPointsReport } from '@kulup/contracts';

import type { Db } from '../../db/database';
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../context';
import { emitEvent } from '../outbox/emit-event';
import { loadProgramSettings } from '../program/program-settings';

const DAY_MS = 86_400_000;

/**
 * The warning list: members (not erased) with open, unheld points expiring after `at` and within `days` days
 * (the program's expiryWarningDays by default), with first name, points and earliest expiry; keyset-paged by
 * member id.
 */
export async function listExpiringSoon(
  db: Db,
  options: { at: Date; days?: number | undefined; limit: number; cursor?: string | undefined },
): Promise<TExpiringPointsReport> {
  const days = options.days ?? (await loadProgramSettings(db)).expiryWarningDays;
  const until = new Date(options.at.getTime() + days * DAY_MS);
  const after = options.cursor ?? '00000000-0000-0000-0000-000000000000';
  const rows = await db.$queryRaw<{ memberId: string; firstName: string; points: bigint; earliest: Date }[]>`
    SELECT l.member_id AS "memberId", m.first_name AS "firstName",
           SUM(l.earned - l.consumed - l.expired - l.held)::bigint AS points, MIN(l.expires_at) AS earliest
    FROM points_lot l JOIN member m ON m.id = l.member_id
    WHERE l.expires_at > ${options.at} AND l.expires_at <= ${until}
      AND l.consumed + l.expired + l.held < l.earned
      AND m.erased_at IS NULL AND l.member_id > ${after}::uuid
    GROUP BY l.member_id, m.first_name
    ORDER BY l.member_id
    LIMIT ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  return {
    asOf: options.at.toISOString(),
    days,
    items: page.map((r) => ({ memberId: r.memberId, firstName: r.firstName, points: Number(r.points), earliestExpiresAt: r.earliest.toISOString() })),
    nextCursor: rows.length > options.limit ? (page[page.length - 1]?.memberId ?? null) : null,
  };
}

// Progress of the warning runs, kept in system_setting so every lot is announced once, even across crashes:
// `through` = lots expiring up to here were announced; `pending` = a run in progress (window and last member).
const STATE_KEY = 'expiry.warnings';
type Window = { from: string; to: string; after: string };
type WarningState = { through: string | null; pending: Window | null };

async function loadState(db: Db | Tx): Promise<WarningState> {
  const row = await db.systemSetting.findUnique({ where: { key: STATE_KEY } });
  const value = (row?.value ?? {}) as Partial<WarningState>;
  return { through: value.through ?? null, pending: value.pending ?? null };
}

async function saveState(tx: Tx, state: WarningState): Promise<void> {
  const value = state as unknown as Prisma.InputJsonValue;
  await tx.systemSetting.upsert({ where: { key: STATE_KEY }, create: { key: STATE_KEY, value }, update: { value } });
}

export type WarnExpiringResult = { members: number; points: number };

/**
 * Emits `points.expiring` for members whose lots come within the warning window: each lot is announced in
 * exactly one event (windows of expiry dates that follow on from the previous run, with progress saved in
 * the same transaction as each batch of events). A lot created with an expiry inside an already announced
 * window (e.g. an import keeping an old expiry date) is not announced.
 */
export async function warnExpiringPoints(db: Db, at: Date, options: { batchSize?: number } = {}): Promise<WarnExpiringResult> {
  const batchSize = options.batchSize ?? 500;
  const result: WarnExpiringResult = { members: 0, points: 0 };
  let state = await loadState(db);
  if (state.pending) state = await announce(db, at, state, state.pending, batchSize, result);
  const days = (await loadProgramSettings(db)).expiryWarningDays;
  const to = new Date(at.getTime() + days * DAY_MS);
  const from = state.through && new Date(state.through) > at ? new Date(state.through) : at;
  if (to > from) {
    await announce(db, at, state, { from: from.toISOString(), to: to.toISOString(), after: '00000000-0000-0000-0000-000000000000' }, batchSize, result);
  }
  return result;
}

async function announce(
  db: Db,
  at: Date,
  state: WarningState,
  window: Window,
  batchSize: number,
  result: WarnExpiringResult,
): Promise<WarningState> {
  let after = window.after;
  for (;;) {
    const rows = await db.$queryRaw<{ memberId: string; firstName: string; lotId: string; points: number; expiresAt: Date }[]>`
      WITH members AS (
        SELECT DISTINCT l.member_id FROM points_lot l JOIN member m ON m.id = l.member_id
        WHERE l.expires_at > ${new Date(window.from)} AND l.expires_at <= ${new Date(window.to)} AND l.expires_at > ${at}
          AND l.consumed + l.expired + l.held < l.earned AND m.erased_at IS NULL AND l.member_id > ${after}::uuid
        ORDER BY l.member_id LIMIT ${batchSize}
      )
      SELECT l.member_id AS "memberId", m.first_name AS "firstName", l.id AS "lotId",
             l.earned - l.consumed - l.expired - l.held AS points, l.expires_at AS "expiresAt"
      FROM points_lot l JOIN members s ON s.member_id = l.member_id JOIN member m ON m.id = l.member_id
      WHERE l.expires_at > ${new Date(window.from)} AND l.expires_at <= ${new Date(window.to)} AND l.expires_at > ${at}
        AND l.consumed + l.expired + l.held < l.earned
      ORDER BY l.member_id, l.expires_at, l.id`;
    const byMember = new Map<string, typeof rows>();
    for (const r of rows) byMember.set(r.memberId, [...(byMember.get(r.memberId) ?? []), r]);
    const last = rows[rows.length - 1]?.memberId;
    const done = byMember.size < batchSize;
    const next: WarningState = done
      ? { through: window.to, pending: null }
      : { through: state.through, pending: { ...window, after: last ?? after } };
    await db.$transaction(async (tx) => {
      for (const [memberId, lots] of byMember) {
        const points = lots.reduce((s, l) => s + l.points, 0);
        await emitEvent(tx, 'points.expiring', memberId, {
          memberId,
          firstName: lots[0]!.firstName,
          points,
          earliestExpiresAt: lots[0]!.expiresAt.toISOString(),
          lots: lots.map((l) => ({ lotId: l.lotId, points: l.points, expiresAt: l.expiresAt.toISOString() })),
        });
        result.members += 1;
        result.points += points;
      }
      await saveState(tx, next);
    });
    state = next;
    if (done || !last) return state;
    after = last;
  }
}
