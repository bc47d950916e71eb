import type { TEnrolmentCode, TTerminal, ZTerminalCreateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Config } from '../../config';
import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { enrolmentCode, normaliseEnrolmentCode, sha256 } from '../../lib/secrets';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';
import { toTerminal } from './terminal.mapper';

/** Stores a new one-time enrolment code (hashed) for a terminal and returns it in clear, once. */
export async function addEnrolmentCode(tx: Tx, config: Config, actor: Actor, terminalId: string): Promise<TEnrolmentCode> {
  const code = enrolmentCode();
  const expiresAt = new Date(Date.now() + config.enrolmentCodeHours * 3600_000);
  await tx.terminalEnrolment.create({
    data: { terminalId, codeHash: sha256(normaliseEnrolmentCode(code)), expiresAt, createdById: actor.type === 'STAFF' ? actor.id : null },
  });
  return { terminalId, code, expiresAt: expiresAt.toISOString() };
}

/** Registers a POS or kiosk terminal in a store and returns its first enrolment code. */
export async function createTerminal(
  deps: { db: Db; config: Config },
  actor: Actor,
  input: z.output<typeof ZTerminalCreateRequest>,
): Promise<{ terminal: TTerminal; enrolment: TEnrolmentCode }> {
  return deps.db.$transaction(async (tx) => {
    const store = await tx.store.findUnique({ where: { id: input.storeId }, select: { id: true } });
    if (!store) throw new ServiceError('VALIDATION_FAILED', 'Unknown store', [{ path: 'storeId', message: 'No such store' }]);
    const terminal = toTerminal(await tx.terminal.create({ data: input }));
    const enrolment = await addEnrolmentCode(tx, deps.config, actor, terminal.id);
    await writeAudit(tx, actor, { action: 'terminal.create', entityType: 'terminal', entityId: terminal.id, after: terminal });
    return { terminal, enrolment };
  });
}

/** Issues a fresh enrolment code for an existing terminal (e.g. a replaced till PC). */
export async function issueEnrolmentCode(deps: { db: Db; config: Config }, actor: Actor, terminalId: string): Promise<TEnrolmentCode> {
  return deps.db.$transaction(async (tx) => {
    const terminal = await tx.terminal.findUnique({ where: { id: terminalId } });
    if (!terminal) throw notFound('Terminal');
    if (terminal.status === 'REVOKED') throw new ServiceError('TERMINAL_REVOKED', 'This terminal is revoked; register a new one');
    const enrolment = await addEnrolmentCode(tx, deps.config, actor, terminalId);
    await writeAudit(tx, actor, { action: 'terminal.enrolment_code', entityType: 'terminal', entityId: terminalId });
    return enrolment;
  });
}

/** Revokes a terminal: its secrets die with it and every token check fails from this moment. */
export async function revokeTerminal(db: Db, actor: Actor, terminalId: string): Promise<TTerminal> {
  return db.$transaction(async (tx) => {
    const terminal = await tx.terminal.findUnique({ where: { id: terminalId } });
    if (!terminal) throw notFound('Terminal');
    const updated = await tx.terminal.update({ where: { id: terminalId }, data: { status: 'REVOKED', revokedAt: new Date() } });
    await tx.terminalSecret.updateMany({ where: { terminalId, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }, data: { expiresAt: new Date() } });
    const after = toTerminal(updated);
    await writeAudit(tx, actor, { action: 'terminal.revoke', entityType: 'terminal', entityId: terminalId, before: toTerminal(terminal), after });
    return after;
  });
}
