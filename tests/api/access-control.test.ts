import { randomUUID } from 'node:crypto';

import { routes } from '@kulup/contracts';
import type { RouteDef } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

const pathFor = (def: RouteDef) => def.path.replace(/:[A-Za-z]+/g, randomUUID());
const protectedRoutes = Object.entries(routes as Record<string, RouteDef>).filter(([, def]) => def.auth.kind !== 'public');

describe.each(testDatabases())('access control on %s', (kind) => {
  let server: TestServer;
  let tokens: Record<'ADMIN' | 'MARKETER' | 'AGENT' | 'POS' | 'KIOSK', string>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tokens = {
      ADMIN: (await server.staff('ADMIN')).token,
      MARKETER: (await server.staff('MARKETER')).token,
      AGENT: (await server.staff('AGENT')).token,
      POS: (await server.terminal('POS')).token,
      KIOSK: (await server.terminal('KIOSK')).token,
    };
  });
  afterAll(() => server?.close());

  it.each(protectedRoutes)('%s refuses callers without a token', async (_id, def) => {
    const res = await server.raw(pathFor(def), { method: def.method.toUpperCase() });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it.each(protectedRoutes)('%s refuses a forged token', async (_id, def) => {
    const forged = tokens.ADMIN.slice(0, -4) + (tokens.ADMIN.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const res = await server.raw(pathFor(def), { method: def.method.toUpperCase(), token: forged });
    expect(res.status).toBe(401);
  });

  it.each(protectedRoutes)('%s refuses callers of the wrong kind or role', async (_id, def) => {
    const callers = Object.entries(tokens).filter(([who]) => {
      if (def.auth.kind === 'staff') return !(def.auth.roles as readonly string[]).includes(who);
      if (def.auth.kind === 'terminal' || def.auth.kind === 'terminal-or-member') return !(def.auth.terminalKinds as readonly string[]).includes(who);
      return true; // member routes: no staff or terminal token may use them
    });
    expect(callers.length).toBeGreaterThan(0);
    for (const [who, token] of callers) {
      const res = await server.raw(pathFor(def), { method: def.method.toUpperCase(), token });
      expect(res.status, `${who} on ${def.method} ${def.path}`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('lets a marketer read members but not erase them', async () => {
    const agent = server.client(tokens.AGENT);
    const member = await agent.call('createMember', { body: { firstName: 'Ayşe', lastName: 'Yılmaz', phone: '0532 111 22 33' } });
    const marketer = server.client(tokens.MARKETER);
    expect((await marketer.call('getMember', { params: { memberId: member.id } })).firstName).toBe('Ayşe');
    const res = await server.raw(`/api/v1/members/${member.id}/erase`, { method: 'POST', token: tokens.MARKETER });
    expect(res.status).toBe(403);
    const after = await marketer.call('getMember', { params: { memberId: member.id } });
    expect(after.erasedAt).toBeNull();
  });
});
