import { PIN_LOCK_MINUTES, PIN_MAX_ATTEMPTS } from '@kulup/contracts';
import type { TIdentifyResponse } from '@kulup/contracts';

import { ServiceError } from '../../http/service-error';
import { verifyPassword } from '../../lib/secrets';
import { writeAudit } from '../audit/write-audit';
import type { Actor, ServiceDeps } from '../context';
import { toMemberSummary } from '../members/member.mapper';

const lockedError = (until: Date) =>
  new ServiceError('PIN_LOCKED', `Too many wrong PINs: this card's PIN is locked until ${until.toISOString()}`, [
    { path: 'pin', message: `locked until ${until.toISOString()}` },
  ]);

/**
 * Claims one PIN attempt before the PIN is checked, in one conditional UPDATE: a locked PIN yields no row;
 * an expired lock starts a fresh count; the attempt that reaches the limit sets the lock at once, so a
 * burst of parallel guesses (from any number of kiosks) gets at most PIN_MAX_ATTEMPTS checks per window.
 */
async function claimAttempt(deps: Pick<ServiceDeps, 'db'>, memberId: string): Promise<number | undefined> {
  const rows = await deps.db.$queryRaw<{ failed_attempts: number }[]>`
    UPDATE member_pin SET
      failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END,
      locked_until = CASE
        WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_attempts + 1 END) >= ${PIN_MAX_ATTEMPTS}
        THEN now() + make_interval(mins => ${PIN_LOCK_MINUTES}) ELSE NULL END,
      updated_at = now()
    WHERE member_id = ${memberId}::uuid AND (locked_until IS NULL OR locked_until <= now())
    RETURNING failed_attempts`;
  return rows[0]?.failed_attempts;
}

/**
 * Starts a kiosk member session from card number + PIN, answering like identify (first name, tier, balance,
 * last four digits, member token). Wrong PINs count per member across kiosks and lock the PIN for
 * PIN_LOCK_MINUTES after PIN_MAX_ATTEMPTS; a correct PIN resets the count. Blocked cards never get a session.
 */
export async function startKioskSession(
  deps: ServiceDeps,
  actor: Actor,
  terminal: { id: string },
  input: { cardNumber: string; pin: string },
): Promise<TIdentifyResponse> {
  const card = await deps.db.card.findUnique({ where: { number: input.cardNumber }, include: { member: true } });
  if (!card || card.member.erasedAt) throw new ServiceError('CARD_NOT_FOUND', 'No member card with this number');
  if (card.status !== 'ACTIVE') {
    throw new ServiceError('CARD_BLOCKED', `This card is ${card.status.toLowerCase()}; ask at the information desk`);
  }
  const stored = await deps.db.memberPin.findUnique({ where: { memberId: card.memberId } });
  if (!stored) {
    throw new ServiceError('INVALID_CREDENTIALS', 'No PIN is set for this card; ask at the information desk to set one', [
      { path: 'pin', message: 'no PIN set' },
    ]);
  }
  const attempt = await claimAttempt(deps, card.memberId);
  if (attempt === undefined) {
    const current = await deps.db.memberPin.findUniqueOrThrow({ where: { memberId: card.memberId } });
    throw lockedError(current.lockedUntil ?? new Date());
  }
  if (!(await verifyPassword(input.pin, stored.pinHash))) {
    const left = PIN_MAX_ATTEMPTS - attempt;
    if (left > 0) {
      throw new ServiceError('INVALID_CREDENTIALS', `Wrong PIN: ${left} attempts left`, [{ path: 'pin', message: `${left} attempts left` }]);
    }
    const locked = await deps.db.$transaction(async (tx) => {
      const row = await tx.memberPin.findUniqueOrThrow({ where: { memberId: card.memberId } });
      await writeAudit(tx, actor, {
        action: 'member.pin.locked',
        entityType: 'member',
        entityId: card.memberId,
        after: { failedAttempts: row.failedAttempts, lockedUntil: row.lockedUntil },
      });
      return row;
    });
    throw lockedError(locked.lockedUntil ?? new Date());
  }
  await deps.db.memberPin.update({ where: { memberId: card.memberId }, data: { failedAttempts: 0, lockedUntil: null } });
  const { token, expiresAt } = await deps.tokens.sign(
    { typ: 'member', sub: card.memberId, terminalId: terminal.id, cardId: card.id },
    deps.config.memberSessionMinutes * 60,
  );
  return { member: toMemberSummary(card.member, card, true), memberSession: { token, expiresAt: expiresAt.toISOString() } };
}
