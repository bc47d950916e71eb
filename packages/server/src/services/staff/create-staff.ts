import type { TStaffUser, ZStaffCreateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { hashPassword } from '../../lib/secrets';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { rethrowUnique } from '../unique-violation';
import { toStaffUser } from './staff.mapper';

/** Creates a staff user with a scrypt-hashed password. */
export async function createStaff(db: Db, actor: Actor, input: z.output<typeof ZStaffCreateRequest>): Promise<TStaffUser> {
  const passwordHash = await hashPassword(input.password);
  return db
    .$transaction(async (tx) => {
      const user = toStaffUser(
        await tx.staffUser.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash } }),
      );
      await writeAudit(tx, actor, { action: 'staff.create', entityType: 'staff', entityId: user.id, after: user });
      return user;
    })
    .catch(rethrowUnique({ email: 'A staff user with this e-mail already exists' }));
}
