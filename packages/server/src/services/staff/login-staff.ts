import type { TLoginResponse } from '@kulup/contracts';

import type { Config } from '../../config';
import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import { hashPassword, verifyPassword } from '../../lib/secrets';
import type { Tokens } from '../../lib/tokens';
import { toStaffUser } from './staff.mapper';

// Compared against when the e-mail is unknown, so both paths cost one KDF run.
const decoyHash = hashPassword('decoy password for timing');

/** Checks staff credentials and issues a bearer token that expires after the configured session length. */
export async function loginStaff(
  deps: { db: Db; config: Config; tokens: Tokens },
  input: { email: string; password: string },
): Promise<TLoginResponse> {
  const user = await deps.db.staffUser.findUnique({ where: { email: input.email } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash));
  if (!user || !ok || !user.active) throw new ServiceError('INVALID_CREDENTIALS', 'E-mail or password is wrong');
  const { token, expiresAt } = await deps.tokens.sign(
    { typ: 'staff', sub: user.id, role: user.role },
    deps.config.staffSessionHours * 3600,
  );
  return { token, expiresAt: expiresAt.toISOString(), staff: toStaffUser(user) };
}
