import type { TicketPriority } from '../../generated/prisma/client';
import type { Tx } from '../context';

export type SlaTargets = { firstResponseMinutes: number; resolutionMinutes: number };

/** Targets in business minutes used until an administrator sets a priority's policy. */
export const DEFAULT_SLA_TARGETS: Readonly<Record<TicketPriority, SlaTargets>> = {
  HIGH: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  NORMAL: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  LOW: { firstResponseMinutes: 1440, resolutionMinutes: 4320 },
};

/** The first-response and resolution targets of a priority. */
export async function loadSlaTargets(tx: Tx, priority: TicketPriority): Promise<SlaTargets> {
  const policy = await tx.slaPolicy.findUnique({ where: { priority } });
  return policy ? { firstResponseMinutes: policy.firstResponseMinutes, resolutionMinutes: policy.resolutionMinutes } : DEFAULT_SLA_TARGETS[priority];
}
