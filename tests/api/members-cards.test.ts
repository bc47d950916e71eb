import { ApiError } from '@kulup/contracts';
import { buildSunMessage, deriveCardKeys } from '@kulup/domain';
import type { KulupClient } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { TEST_CARD_MASTER_KEY, startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

async function rejected(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe.each(testDatabases())('members and cards on %s', (kind) => {
  let server: TestServer;
  let admin: KulupClient;
  let agent: KulupClient;
  let pos: KulupClient;
  let kiosk: Awaited<ReturnType<TestServer['terminal']>>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    admin = (await server.staff('ADMIN')).client;
    agent = (await server.staff('AGENT')).client;
    pos = (await server.terminal('POS')).client;
    kiosk = await server.terminal('KIOSK');
  });
  afterAll(() => server?.close());

  const register = (phone: string, extra: Record<string, unknown> = {}) =>
    agent.call('createMember', {
      body: {
        firstName: 'Mehmet',
        lastName: 'Öztürk',
        phone,
        email: 'Mehmet.Ozturk@Example.com',
        birthDate: '1984-03-09',
        city: 'Ankara',
        consents: [
          { kind: 'SMS', status: 'GRANTED', source: 'POS', textVersion: 'ETK-2025-01', evidence: 'receipt 42' },
          { kind: 'PROFILING', status: 'REFUSED', source: 'POS', textVersion: 'KVKK-2025-01' },
        ],
        ...extra,
      },
    });

  it('registers a member with normalised contact data and consents in force', async () => {
    const m = await register('0 (532) 400 10 01');
    expect(m.phone).toBe('+905324001001');
    expect(m.email).toBe('mehmet.ozturk@example.com');
    expect(m.birthDate).toBe('1984-03-09');
    expect(m.consents.map((c) => [c.kind, c.status])).toEqual([
      ['PROFILING', 'REFUSED'],
      ['SMS', 'GRANTED'],
    ]);
    const again = await rejected(register('+905324001001'));
    expect(again.status).toBe(409);
    expect(again.fields).toEqual([{ path: 'phone', message: expect.any(String) }]);
  });

  it('keeps consent history and shows the latest per channel', async () => {
    const m = await register('05324001002');
    const updated = await agent.call('recordConsent', {
      params: { memberId: m.id },
      body: { kind: 'SMS', status: 'REFUSED', source: 'CALL_CENTER', textVersion: 'ETK-2025-01', evidence: 'call 7781' },
    });
    expect(updated.consents.find((c) => c.kind === 'SMS')).toMatchObject({ status: 'REFUSED', source: 'CALL_CENTER' });
    const exported = await agent.call('exportMember', { params: { memberId: m.id } });
    expect(exported.consentHistory.filter((c) => c.kind === 'SMS').map((c) => c.status)).toEqual(['GRANTED', 'REFUSED']);
  });

  it('identifies by printed number and by NFC UID with a POS-shaped answer', async () => {
    const m = await register('05324001003');
    const printed = await agent.call('issueCard', { params: { memberId: m.id }, body: { kind: 'PRINTED' } });
    const nfc = await agent.call('issueCard', { params: { memberId: m.id }, body: { kind: 'NFC_UID', nfcUid: '04a1b2c3d4e5f6' } });
    expect(nfc.trust).toBe('LOW');
    const byNumber = await pos.call('identifyCard', { body: { cardNumber: printed.number.replace(/(\d{4})/g, '$1 ').trim() } });
    expect(byNumber.member).toEqual({
      memberId: m.id,
      firstName: 'Mehmet',
      tierCode: 'CLASSIC',
      pointsBalance: 0,
      card: { last4: printed.number.slice(-4), kind: 'PRINTED', trust: 'HIGH', status: 'ACTIVE' },
      canRedeem: true,
    });
    expect(JSON.stringify(byNumber)).not.toContain('Öztürk');
    expect(byNumber.memberSession).toBeUndefined();
    const byUid = await pos.call('identifyCard', { body: { nfcUid: '04A1B2C3D4E5F6' } });
    expect(byUid.member.memberId).toBe(m.id);
    expect(byUid.member.canRedeem).toBe(false);
  });

  it('does not identify a blocked or lost card', async () => {
    const m = await register('05324001004');
    const card = await agent.call('issueCard', { params: { memberId: m.id }, body: { kind: 'PRINTED' } });
    await agent.call('blockCard', { params: { cardId: card.id }, body: { status: 'LOST', reason: 'reported by phone' } });
    const error = await rejected(pos.call('identifyCard', { body: { cardNumber: card.number } }));
    expect([error.status, error.code]).toEqual([403, 'CARD_BLOCKED']);
    const unknown = await rejected(pos.call('identifyCard', { body: { cardNumber: '9602 1200 0000 0017' } }));
    expect(unknown.code).toBe('CARD_NOT_FOUND');
  });

  it('carries balance and history over to a replacement card', async () => {
    const m = await register('05324001005');
    const old = await agent.call('issueCard', { params: { memberId: m.id }, body: { kind: 'PRINTED' } });
    // Points arrive with the points engine; here the cached balance stands in for an earned one.
    await server.database.prisma.member.update({ where: { id: m.id }, data: { pointsBalance: 1250, tierCode: 'GOLD' } });
    const { previous, card } = await agent.call('replaceCard', {
      params: { cardId: old.id },
      body: { kind: 'NFC_SUN', nfcUid: '04112233445566' },
    });
    expect(previous).toMatchObject({ status: 'REPLACED', replacedById: card.id });
    const keys = deriveCardKeys(TEST_CARD_MASTER_KEY, '04112233445566');
    const sun = buildSunMessage({ uid: '04112233445566', counter: 1, ...keys });
    const tap = await pos.call('identifyCard', { body: { sun } });
    expect(tap.member).toMatchObject({ memberId: m.id, pointsBalance: 1250, tierCode: 'GOLD', canRedeem: true });
    expect((await rejected(pos.call('identifyCard', { body: { cardNumber: old.number } }))).code).toBe('CARD_BLOCKED');
    const again = await rejected(agent.call('replaceCard', { params: { cardId: old.id }, body: { kind: 'PRINTED' } }));
    expect(again.code).toBe('CARD_NOT_ACTIVE');
  });

  it('gives a kiosk a member session that reads only its own member', async () => {
    const a = await register('05324001006', { firstName: 'Zeynep' });
    const b = await register('05324001007', { firstName: 'Emre' });
    const cardA = await agent.call('issueCard', { params: { memberId: a.id }, body: { kind: 'PRINTED' } });
    await agent.call('issueCard', { params: { memberId: b.id }, body: { kind: 'PRINTED' } });
    const tap = await kiosk.client.call('identifyCard', { body: { cardNumber: cardA.number } });
    expect(tap.memberSession?.token).toBeTruthy();
    const session = server.client(tap.memberSession!.token);
    expect((await session.call('memberSelf', {})).firstName).toBe('Zeynep');
    for (const token of [tap.memberSession!.token, kiosk.token]) {
      const res = await server.raw(`/api/v1/members/${b.id}`, { token });
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('Emre');
    }
    await agent.call('blockCard', { params: { cardId: cardA.id }, body: { status: 'BLOCKED', reason: 'test' } });
    expect((await rejected(session.call('memberSelf', {}))).code).toBe('UNAUTHENTICATED');
  });

  it('searches members by name, phone and card number', async () => {
    const m = await register('05324009999', { firstName: 'Şükrü', lastName: 'Çağlayan' });
    const card = await agent.call('issueCard', { params: { memberId: m.id }, body: { kind: 'PRINTED' } });
    for (const q of ['çağlayan', '532 400 99 99', card.number]) {
      const found = await admin.call('listMembers', { query: { q } });
      expect(found.items.map((i) => i.id), q).toContain(m.id);
    }
  });

  it('writes an audit row for every staff change, with before and after', async () => {
    const m = await register('05324001008');
    await agent.call('updateMember', { params: { memberId: m.id }, body: { city: 'İzmir' } });
    const audit = await admin.call('listAudit', { query: { entityType: 'member', entityId: m.id } });
    const actions = audit.items.map((a) => a.action);
    expect(actions).toEqual(['member.update', 'member.create']);
    const update = audit.items[0]!;
    expect(update.actorType).toBe('STAFF');
    expect(update.requestId).toBeTruthy();
    expect((update.before as { city: string }).city).toBe('Ankara');
    expect((update.after as { city: string }).city).toBe('İzmir');
  });
});
