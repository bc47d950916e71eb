import { z } from 'zod';

import { ZId, ZIsoDateTime, ZName } from './common.schema';

export const STAFF_ROLES = ['ADMIN', 'MARKETER', 'AGENT'] as const;
export const ZStaffRole = z.enum(STAFF_ROLES);
export type TStaffRole = z.infer<typeof ZStaffRole>;

export const ZStaffUser = z.object({
  id: ZId,
  email: z.string(),
  name: z.string(),
  role: ZStaffRole,
  active: z.boolean(),
  createdAt: ZIsoDateTime,
});
export type TStaffUser = z.infer<typeof ZStaffUser>;

export const ZLoginRequest = z.strictObject({
  email: z.email().max(254).transform((s) => s.toLowerCase()),
  password: z.string().min(1).max(200),
});
export type TLoginRequest = z.input<typeof ZLoginRequest>;

export const ZLoginResponse = z.object({ token: z.string(), expiresAt: ZIsoDateTime, staff: ZStaffUser });
export type TLoginResponse = z.infer<typeof ZLoginResponse>;

export const ZStaffCreateRequest = z.strictObject({
  email: z.email().max(254).transform((s) => s.toLowerCase()),
  name: ZName,
  role: ZStaffRole,
  password: z.string().min(12, 'Passwords have at least 12 characters').max(200),
});
export type TStaffCreateRequest = z.input<typeof ZStaffCreateRequest>;

export const ZStaffList = z.object({ items: z.array(ZStaffUser) });
