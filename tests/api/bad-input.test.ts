import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

describe.each(testDatabases())('bad input on %s', (kind) => {
  let server: TestServer;
  let token: string;
  let posToken: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    token = (await server.staff('AGENT')).token;
    posToken = (await server.terminal('POS')).token;
  });
  afterAll(() => server?.close());

  const counts = async () => {
    const db = server.database.prisma;
    return { members: await db.member.count(), consents: await db.consent.count(), cards: await db.card.count(), audit: await db.auditLog.count() };
  };
  const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, auth = token) =>
    server.raw(path, { method: 'POST', token: auth, headers, body });

  const valid = { firstName: 'Can', lastName: 'Demir', phone: '05321234567' };

  it.each([
    ['malformed JSON', '{"firstName": "Can",', 400, 'MALFORMED_JSON', undefined],
    ['a wrong type', JSON.stringify({ ...valid, firstName: 42 }), 400, 'VALIDATION_FAILED', 'firstName'],
    ['an unknown field', JSON.stringify({ ...valid, loyaltyHack: true }), 400, 'VALIDATION_FAILED', 'loyaltyHack'],
    ['an invalid phone', JSON.stringify({ ...valid, phone: '0212 123 45 67' }), 400, 'VALIDATION_FAILED', 'phone'],
    ['an invalid e-mail', JSON.stringify({ ...valid, email: 'can@' }), 400, 'VALIDATION_FAILED', 'email'],
    ['a birth date in the future', JSON.stringify({ ...valid, birthDate: '2999-01-01' }), 400, 'VALIDATION_FAILED', 'birthDate'],
    ['an impossible date', JSON.stringify({ ...valid, birthDate: '1990-02-30' }), 400, 'VALIDATION_FAILED', 'birthDate'],
    ['a consent of an unknown kind', JSON.stringify({ ...valid, consents: [{ kind: 'FAX', status: 'GRANTED', source: 'POS', textVersion: '1' }] }), 400, 'VALIDATION_FAILED', 'consents.0.kind'],
    ['an oversize body', JSON.stringify({ ...valid, lastName: 'x'.repeat(100_000) }), 413, 'PAYLOAD_TOO_LARGE', undefined],
    ['an empty name', JSON.stringify({ ...valid, firstName: '   ' }), 400, 'VALIDATION_FAILED', 'firstName'],
  ])('rejects %s with a code and field path, writing nothing', async (_name, body, status, code, field) => {
    const before = await counts();
    const res = await post('/api/v1/members', body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    if (field) expect(res.body.error.fields).toContainEqual({ path: field, message: expect.any(String) });
    expect(await counts()).toEqual(before);
  });

  it('rejects a body that is not JSON', async () => {
    const before = await counts();
    const res = await post('/api/v1/members', 'firstName=Can', { 'content-type': 'application/x-www-form-urlencoded' });
    expect([res.status, res.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await counts()).toEqual(before);
  });

  it('rejects card numbers with a wrong check digit', async () => {
    const res = await post('/api/v1/terminal/identify', JSON.stringify({ cardNumber: '9602120000000019' }), undefined, posToken);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'cardNumber', message: expect.stringContaining('check digit') }]);
    const both = await post('/api/v1/terminal/identify', JSON.stringify({ cardNumber: '9602120000000017', nfcUid: '04AABBCCDDEEFF' }), undefined, posToken);
    expect(both.status).toBe(400);
  });

  it('rejects an invalid path id and query with field paths', async () => {
    const res = await server.raw('/api/v1/members/not-a-uuid', { token });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('params.memberId');
    const q = await server.raw('/api/v1/members?limit=100000', { token });
    expect(q.status).toBe(400);
    expect(q.body.error.fields[0].path).toBe('query.limit');
  });

  it('answers unknown routes and members with the error shape', async () => {
    const route = await server.raw('/api/v1/nope', { token });
    expect([route.status, route.body.error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    const member = await server.raw('/api/v1/members/0193f3c2-0000-7000-8000-000000000000', { token });
    expect([member.status, member.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('rejects a second card with an NFC UID already in use, writing nothing', async () => {
    const m = await server.client(token).call('createMember', { body: { firstName: 'Ece', lastName: 'Aydın' } });
    const uid = JSON.stringify({ kind: 'NFC_UID', nfcUid: '04AA00BB11CC22' });
    expect((await post(`/api/v1/members/${m.id}/cards`, uid)).status).toBe(201);
    const before = await counts();
    const res = await post(`/api/v1/members/${m.id}/cards`, uid);
    expect([res.status, res.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(res.body.error.fields[0].path).toBe('nfcUid');
    expect(await counts()).toEqual(before);
  });
});
