import type { TStaffUser } from '@kulup/contracts';

import type { StaffUser } from '../../generated/prisma/client';

export function toStaffUser(s: StaffUser): TStaffUser {
  return { id: s.id, email: s.email, name: s.name, role: s.role, active: s.active, createdAt: s.createdAt.toISOString() };
}
