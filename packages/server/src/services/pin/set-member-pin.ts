import type { Db } from '../../db/database';
import { ServiceError, notFound } from '../../http/service-error';
import { hashPassword } from '../../lib/secrets';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';

/** Sets a member's kiosk PIN (scrypt hash only) and clears any lockout; audited without the PIN. */
export async function setMemberPin(db: Db, actor: Actor, memberId: string, pin: string): Promise<{ memberId: string; setAt: string }> {
  const member = await db.member.findUnique({ where: { id: memberId }, select: { id: true, erasedAt: true } });
  if (!member) throw notFound('Member');
  if (member.erasedAt) throw new ServiceError('MEMBER_ERASED', 'This member has been erased');
  const pinHash = await hashPassword(pin);
  return db.$transaction(async (tx) => {
    const before = await tx.memberPin.findUnique({ where: { memberId } });
    const saved = await tx.memberPin.upsert({
      where: { memberId },
      create: { memberId, pinHash },
      update: { pinHash, failedAttempts: 0, lockedUntil: null },
    });
    await writeAudit(tx, actor, {
      action: before ? 'member.pin.reset' : 'member.pin.set',
      entityType: 'member',
      entityId: memberId,
      ...(before ? { before: { failedAttempts: before.failedAttempts, lockedUntil: before.lockedUntil } } : {}),
      after: { pinSet: true },
    });
    return { memberId, setAt: saved.updatedAt.toISOString() };
  });
}
