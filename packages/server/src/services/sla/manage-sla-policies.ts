import type { Db } from '../../db/database';
import type { TicketPriority } from '../../generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { DEFAULT_SLA_TARGETS } from './sla-targets';

const PRIORITIES: TicketPriority[] = ['HIGH', 'NORMAL', 'LOW'];

/** The targets of every priority (defaults where none was set). */
export async function listSlaPolicies(db: Db) {
  const rows = new Map((await db.slaPolicy.findMany()).map((p) => [p.priority, p]));
  return {
    items: PRIORITIES.map((priority) => {
      const p = rows.get(priority) ?? DEFAULT_SLA_TARGETS[priority];
      return { priority, firstResponseMinutes: p.firstResponseMinutes, resolutionMinutes: p.resolutionMinutes };
    }),
  };
}

/** Sets a priority's targets in business minutes; tickets opened from now on use them, open tickets keep theirs. */
export async function updateSlaPolicy(db: Db, actor: Actor, priority: TicketPriority, input: { firstResponseMinutes: number; resolutionMinutes: number }) {
  return db.$transaction(async (tx) => {
    const before = await tx.slaPolicy.findUnique({ where: { priority } });
    const saved = await tx.slaPolicy.upsert({ where: { priority }, create: { priority, ...input }, update: input });
    await writeAudit(tx, actor, {
      action: 'sla_policy.update',
      entityType: 'sla_policy',
      entityId: priority,
      before: before ? { firstResponseMinutes: before.firstResponseMinutes, resolutionMinutes: before.resolutionMinutes } : DEFAULT_SLA_TARGETS[priority],
      after: input,
    });
    return { priority, firstResponseMinutes: saved.firstResponseMinutes, resolutionMinutes: saved.resolutionMinutes };
  });
}
