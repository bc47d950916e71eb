import type { z } from 'zod';

import type { TStaffRole } from './auth.schema';

export type RouteAuth =
  | { kind: 'public' }
  | { kind: 'staff'; roles: readonly TStaffRole[] }
  | { kind: 'terminal'; terminalKinds: readonly ('POS' | 'KIOSK')[] }
  | { kind: 'member' }
  /** A terminal of these kinds, or a kiosk member session (e.g. anonymous and identified survey answers). */
  | { kind: 'terminal-or-member'; terminalKinds: readonly ('POS' | 'KIOSK')[] };

export type RouteDef = {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express-style path: `/api/v1/members/:memberId`. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** Success status; 200 unless given. */
  status?: 200 | 201;
  /**
   * Requires an `Idempotency-Key` header (IETF httpapi draft): a replay with the same body returns the
   * first response, a different body is 422, the original still running is 409.
   */
  idempotent?: true;
  /**
   * The body is raw bytes (an image, a video, an attachment), not JSON: the allowed content types with the
   * byte limit of each. The server checks type, size and magic bytes before the handler sees `ctx.upload`.
   */
  upload?: RawUploadDef;
  /**
   * The answer is a file (an export), not JSON: the content types it may have. The handler returns a
   * `TFileDownload` (response `ZFileDownload`) and the server streams it as an attachment.
   */
  download?: { contentTypes: readonly string[] };
};

/** Allowed content types of a raw upload route, each with its own byte limit. */
export type RawUploadDef = { allowed: Readonly<Record<string, number>> };

export const ALL_STAFF = ['ADMIN', 'MARKETER', 'AGENT'] as const;
export const SERVICE = ['ADMIN', 'AGENT'] as const;
export const MARKETING = ['ADMIN', 'MARKETER'] as const;
export const ADMIN = ['ADMIN'] as const;
export const ANY_TERMINAL: RouteAuth = { kind: 'terminal', terminalKinds: ['POS', 'KIOSK'] };
export const staff = (roles: readonly TStaffRole[]): RouteAuth => ({ kind: 'staff', roles });
