import type { Prisma } from '../../generated/prisma/client';
import type { Actor, Tx } from '../context';

export type AuditEvent = {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

const json = (value: unknown): Prisma.InputJsonValue | undefined =>
  value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

/** Appends an audit row inside the caller's transaction, so the record exists exactly when the change does. */
export async function writeAudit(tx: Tx, actor: Actor, event: AuditEvent): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: actor.id,
      terminalId: actor.terminalId,
      requestId: actor.requestId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      before: json(event.before),
      after: json(event.after),
    },
  });
}
