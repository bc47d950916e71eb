import type { ZComplaintRequest, ZPosTicketRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { runIdempotent } from '../idempotency/run-idempotent';
import type { IdempotencyScope, IdempotentResult } from '../idempotency/run-idempotent';
import type { Actor } from '../context';
import { openTicket } from './open-ticket';

/** Who files it: a kiosk or POS terminal alone, or a kiosk member session (on its terminal). */
export type ComplaintSource = { channel: 'KIOSK' | 'POS'; terminalId: string; memberId: string | null };

/**
 * Files a complaint or wish from a kiosk or till exactly once per idempotency key: the store is the
 * terminal's, the member the session's (or the one the till identified), and the answer is the ticket number.
 */
export async function submitComplaint(
  db: Db,
  actor: Actor,
  scope: IdempotencyScope,
  source: ComplaintSource,
  input: z.output<typeof ZComplaintRequest> | z.output<typeof ZPosTicketRequest>,
): Promise<IdempotentResult<{ ticketNumber: string }>> {
  return runIdempotent(db, scope, async (tx) => {
    const terminal = await tx.terminal.findUniqueOrThrow({ where: { id: source.terminalId }, select: { storeId: true } });
    const memberId = source.memberId ?? ('memberId' in input ? (input.memberId ?? null) : null);
    const ticket = await openTicket(tx, actor, {
      kind: input.kind,
      channel: source.channel,
      categoryCode: input.categoryCode,
      text: input.text,
      storeId: terminal.storeId,
      memberId,
      terminalId: source.terminalId,
      contactChannel: input.contactPermission?.channel ?? null,
    });
    return { ticketNumber: ticket.number };
  });
}
