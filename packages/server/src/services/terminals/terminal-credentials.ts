import type { TEnrolResponse, TTerminalTokenResponse } from '@kulup/contracts';

import type { Config } from '../../config';
import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import { normaliseEnrolmentCode, randomSecret, sameHash, sha256 } from '../../lib/secrets';
import type { Tokens } from '../../lib/tokens';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';

type Deps = { db: Db; config: Config; tokens: Tokens };

/** Exchanges a one-time enrolment code for the terminal's own secret; the code works once and only before it expires. */
export async function enrolTerminal(deps: Deps, requestId: string | null, code: string): Promise<TEnrolResponse> {
  const codeHash = sha256(normaliseEnrolmentCode(code));
  return deps.db.$transaction(async (tx) => {
    // The conditional update claims the code exactly once, even under concurrent enrolments.
    const claimed = await tx.terminalEnrolment.updateMany({
      where: { codeHash, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1) throw new ServiceError('ENROLMENT_CODE_INVALID', 'The enrolment code is unknown, used or expired');
    const enrolment = await tx.terminalEnrolment.findUniqueOrThrow({ where: { codeHash }, include: { terminal: true } });
    const terminal = enrolment.terminal;
    if (terminal.status === 'REVOKED') throw new ServiceError('TERMINAL_REVOKED', 'This terminal is revoked');
    // Re-enrolment replaces every earlier credential at once.
    await tx.terminalSecret.updateMany({ where: { terminalId: terminal.id, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }, data: { expiresAt: new Date() } });
    const secret = randomSecret();
    await tx.terminalSecret.create({ data: { terminalId: terminal.id, secretHash: sha256(secret) } });
    await tx.terminal.update({ where: { id: terminal.id }, data: { status: 'ACTIVE', lastSeenAt: new Date() } });
    const actor: Actor = { type: 'TERMINAL', id: terminal.id, terminalId: terminal.id, requestId };
    await writeAudit(tx, actor, { action: 'terminal.enrol', entityType: 'terminal', entityId: terminal.id });
    return { terminalId: terminal.id, storeId: terminal.storeId, kind: terminal.kind, secret };
  });
}

/** Exchanges a valid terminal secret for a short-lived access token. */
export async function issueTerminalToken(deps: Deps, input: { terminalId: string; secret: string }): Promise<TTerminalTokenResponse> {
  const terminal = await deps.db.terminal.findUnique({
    where: { id: input.terminalId },
    include: { secrets: { where: { OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } } },
  });
  const hash = sha256(input.secret);
  const valid = terminal?.secrets.some((s) => sameHash(s.secretHash, hash)) ?? false;
  if (!terminal || !valid) throw new ServiceError('INVALID_CREDENTIALS', 'Unknown terminal or wrong secret');
  if (terminal.status !== 'ACTIVE') throw new ServiceError('TERMINAL_REVOKED', 'This terminal is not active');
  const { token, expiresAt } = await deps.tokens.sign(
    { typ: 'terminal', sub: terminal.id, storeId: terminal.storeId, kind: terminal.kind },
    deps.config.terminalTokenMinutes * 60,
  );
  return { accessToken: token, expiresAt: expiresAt.toISOString() };
}

/** Issues a new secret; earlier secrets keep working until the overlap window ends, so a fleet can roll over. */
export async function rotateTerminalSecret(deps: Deps, actor: Actor, terminalId: string): Promise<{ secret: string; previousSecretValidUntil: string }> {
  const validUntil = new Date(Date.now() + deps.config.secretRotationOverlapHours * 3600_000);
  return deps.db.$transaction(async (tx) => {
    await tx.terminalSecret.updateMany({ where: { terminalId, expiresAt: null }, data: { expiresAt: validUntil } });
    const secret = randomSecret();
    await tx.terminalSecret.create({ data: { terminalId, secretHash: sha256(secret) } });
    await writeAudit(tx, actor, { action: 'terminal.rotate_secret', entityType: 'terminal', entityId: terminalId });
    return { secret, previousSecretValidUntil: validUntil.toISOString() };
  });
}
