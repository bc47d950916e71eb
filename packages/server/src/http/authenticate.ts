import type { RouteAuth } from '@kulup/contracts';
import type { Request } from 'express';

import type { Db } from '../db/database';
import type { Tokens } from '../lib/tokens';
import { ServiceError } from './service-error';

export type Principal =
  | { kind: 'public' }
  | { kind: 'staff'; id: string; role: 'ADMIN' | 'MARKETER' | 'AGENT' }
  | { kind: 'terminal'; id: string; storeId: string; terminalKind: 'POS' | 'KIOSK' }
  | { kind: 'member'; memberId: string; terminalId: string; cardId: string };

const LAST_SEEN_RESOLUTION_MS = 60_000;

function bearer(req: Request): string {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new ServiceError('UNAUTHENTICATED', 'Send a bearer token in the Authorization header');
  return match[1];
}

/**
 * Resolves and authorises the caller of a route. Tokens are checked against the database on every call, so a
 * revoked terminal, a deactivated user, a changed role or a blocked card takes effect at once.
 */
export async function authenticate(deps: { db: Db; tokens: Tokens }, req: Request, auth: RouteAuth): Promise<Principal> {
  if (auth.kind === 'public') return { kind: 'public' };
  const claims = await deps.tokens.verify(bearer(req));
  if (!claims) throw new ServiceError('UNAUTHENTICATED', 'The token is invalid or expired');
  const accepted: readonly string[] = auth.kind === 'terminal-or-member' ? ['terminal', 'member'] : [auth.kind];
  if (!accepted.includes(claims.typ)) throw new ServiceError('FORBIDDEN', `This route is for ${accepted.join(' or ')} callers`);

  switch (claims.typ) {
    case 'staff': {
      const user = await deps.db.staffUser.findUnique({ where: { id: claims.sub }, select: { id: true, role: true, active: true } });
      if (!user?.active) throw new ServiceError('UNAUTHENTICATED', 'This staff account is not active');
      if (auth.kind === 'staff' && !auth.roles.includes(user.role)) {
        throw new ServiceError('FORBIDDEN', `Your role (${user.role}) may not do this`);
      }
      return { kind: 'staff', id: user.id, role: user.role };
    }
    case 'terminal': {
      const terminal = await deps.db.terminal.findUnique({ where: { id: claims.sub } });
      if (!terminal || terminal.status !== 'ACTIVE') throw new ServiceError('TERMINAL_REVOKED', 'This terminal is not active');
      if ((auth.kind === 'terminal' || auth.kind === 'terminal-or-member') && !auth.terminalKinds.includes(terminal.kind)) {
        throw new ServiceError('FORBIDDEN', `This route is not for ${terminal.kind} terminals`);
      }
      if (!terminal.lastSeenAt || Date.now() - terminal.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
        await deps.db.terminal.update({ where: { id: terminal.id }, data: { lastSeenAt: new Date() } });
      }
      return { kind: 'terminal', id: terminal.id, storeId: terminal.storeId, terminalKind: terminal.kind };
    }
    case 'member': {
      const card = await deps.db.card.findUnique({
        where: { id: claims.cardId },
        select: { memberId: true, status: true, member: { select: { erasedAt: true } } },
      });
      const terminal = await deps.db.terminal.findUnique({ where: { id: claims.terminalId }, select: { status: true } });
      if (!card || card.memberId !== claims.sub || card.status !== 'ACTIVE' || card.member.erasedAt || terminal?.status !== 'ACTIVE') {
        throw new ServiceError('UNAUTHENTICATED', 'The member session has ended');
      }
      return { kind: 'member', memberId: claims.sub, terminalId: claims.terminalId, cardId: claims.cardId };
    }
  }
}

/** Narrows the principal a route's auth already guarantees (a programming error otherwise). */
export function expectPrincipal<K extends Principal['kind']>(p: Principal, kind: K): Extract<Principal, { kind: K }> {
  if (p.kind !== kind) throw new ServiceError('FORBIDDEN', `This route is for ${kind} callers`);
  return p as Extract<Principal, { kind: K }>;
}
