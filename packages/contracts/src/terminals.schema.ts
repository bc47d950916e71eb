import { z } from 'zod';

import { ZId, ZIsoDateTime, ZName } from './common.schema';

export const ZTerminalKind = z.enum(['POS', 'KIOSK']);
export type TTerminalKind = z.infer<typeof ZTerminalKind>;
export const ZTerminalStatus = z.enum(['PENDING', 'ACTIVE', 'REVOKED']);

export const ZTerminal = z.object({
  id: ZId,
  storeId: ZId,
  kind: ZTerminalKind,
  name: z.string(),
  status: ZTerminalStatus,
  lastSeenAt: ZIsoDateTime.nullable(),
  createdAt: ZIsoDateTime,
  revokedAt: ZIsoDateTime.nullable(),
});
export type TTerminal = z.infer<typeof ZTerminal>;

export const ZTerminalList = z.object({ items: z.array(ZTerminal) });

export const ZTerminalCreateRequest = z.strictObject({ storeId: ZId, kind: ZTerminalKind, name: ZName });
export type TTerminalCreateRequest = z.input<typeof ZTerminalCreateRequest>;

export const ZEnrolmentCode = z.object({ terminalId: ZId, code: z.string(), expiresAt: ZIsoDateTime });
export type TEnrolmentCode = z.infer<typeof ZEnrolmentCode>;

export const ZTerminalCreateResponse = z.object({ terminal: ZTerminal, enrolment: ZEnrolmentCode });

export const ZEnrolRequest = z.strictObject({ code: z.string().trim().min(6).max(64) });
export const ZEnrolResponse = z.object({
  terminalId: ZId,
  storeId: ZId,
  kind: ZTerminalKind,
  /** Shown once; the server keeps only a hash. */
  secret: z.string(),
});
export type TEnrolResponse = z.infer<typeof ZEnrolResponse>;

export const ZTerminalTokenRequest = z.strictObject({ terminalId: ZId, secret: z.string().min(16).max(200) });
export const ZTerminalTokenResponse = z.object({ accessToken: z.string(), expiresAt: ZIsoDateTime });
export type TTerminalTokenResponse = z.infer<typeof ZTerminalTokenResponse>;

export const ZRotateSecretResponse = z.object({ secret: z.string(), previousSecretValidUntil: ZIsoDateTime });
