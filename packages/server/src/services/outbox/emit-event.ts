import type { OutboxEventType } from '@kulup/contracts';

import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../context';

// The event types are listed in contracts (OUTBOX_EVENT_TYPES), where webhook subscriptions validate against them.

/** Records an event in the caller's transaction; the delivery job sends it to webhooks afterwards. */
export async function emitEvent(tx: Tx, type: OutboxEventType, aggregateId: string, payload: Record<string, unknown>): Promise<void> {
  await tx.outboxEvent.create({ data: { type, aggregateId, payload: JSON.parse(JSON.stringify(payload)) as Prisma.InputJsonValue } });
}
