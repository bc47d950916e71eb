import type { TTicketDetail, ZTicketCreateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { Actor } from '../context';
import { getTicket } from './get-ticket';
import { openTicket } from './open-ticket';

/** Opens a ticket for a caller or an e-mail on an agent's word, routed and timed like any other. */
export async function createTicket(db: Db, actor: Actor, input: z.output<typeof ZTicketCreateRequest>): Promise<TTicketDetail> {
  const ticket = await db.$transaction((tx) =>
    openTicket(tx, actor, {
      kind: input.kind,
      channel: input.channel,
      categoryCode: input.categoryCode,
      text: input.text,
      subject: input.subject,
      priority: input.priority,
      storeId: input.storeId ?? null,
      memberId: input.memberId ?? null,
      terminalId: null,
      contactChannel: input.contactPermission?.channel ?? null,
      contact: input.contact,
    }),
  );
  return getTicket(db, ticket.id);
}
