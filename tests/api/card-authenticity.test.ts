import { ApiError } from '@kulup/contracts';
import type { KulupClient, TMember } from '@kulup/contracts';
import { buildSunMessage, deriveCardKeys } from '@kulup/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { TEST_CARD_MASTER_KEY, startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: ApiError) => e.code);
const sunFor = (uid: string, counter: number, master = TEST_CARD_MASTER_KEY) => buildSunMessage({ uid, counter, ...deriveCardKeys(master, uid) });

describe.each(testDatabases())('NTAG 424 DNA SUN card authenticity on %s', (kind) => {
  let server: TestServer;
  let agent: KulupClient;
  let pos: KulupClient;
  let member: TMember;
  let uidSeq = 0;

  beforeAll(async () => {
    server = await startTestServer(kind);
    agent = (await server.staff('AGENT')).client;
    pos = (await server.terminal('POS')).client;
    member = await agent.call('createMember', { body: { firstName: 'Deniz', lastName: 'Arslan' } });
  });
  afterAll(() => server?.close());

  async function sunCard() {
    const uid = `04C0FFEE00${String(++uidSeq).padStart(4, '0')}`;
    await agent.call('issueCard', { params: { memberId: member.id }, body: { kind: 'NFC_SUN', nfcUid: uid } });
    return uid;
  }

  it('identifies a verified tap at high trust and remembers its counter', async () => {
    const uid = await sunCard();
    const tap = await pos.call('identifyCard', { body: { sun: sunFor(uid, 7) } });
    expect(tap.member).toMatchObject({ memberId: member.id, firstName: 'Deniz', canRedeem: true, card: { kind: 'NFC_SUN', trust: 'HIGH' } });
    const row = await server.database.prisma.card.findUniqueOrThrow({ where: { nfcUid: uid } });
    expect(row.sunCounter).toBe(7);
    expect(await codeOf(pos.call('identifyCard', { body: { sun: sunFor(uid, 8) } }))).toBe('ok');
  });

  it('rejects a replayed message and an older counter', async () => {
    const uid = await sunCard();
    const message = sunFor(uid, 20);
    expect(await codeOf(pos.call('identifyCard', { body: { sun: message } }))).toBe('ok');
    expect(await codeOf(pos.call('identifyCard', { body: { sun: message } }))).toBe('CARD_REPLAYED');
    expect(await codeOf(pos.call('identifyCard', { body: { sun: sunFor(uid, 19) } }))).toBe('CARD_REPLAYED');
  });

  it('lets exactly one of many concurrent replays of a fresh message through', async () => {
    const uid = await sunCard();
    const message = sunFor(uid, 5);
    const results = await Promise.all(Array.from({ length: 12 }, () => codeOf(pos.call('identifyCard', { body: { sun: message } }))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'CARD_REPLAYED')).toHaveLength(11);
  });

  it('rejects a clone: the right UID with a message made without the card keys, or the UID alone', async () => {
    const uid = await sunCard();
    const forged = sunFor(uid, 99, Buffer.from('ffeeddccbbaa99887766554433221100', 'hex'));
    const error = await pos.call('identifyCard', { body: { sun: forged } }).catch((e: ApiError) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect([(error as ApiError).status, (error as ApiError).code]).toEqual([403, 'CARD_NOT_AUTHENTIC']);
    const genuine = sunFor(uid, 3);
    const tampered = { ...genuine, cmac: `${genuine.cmac.slice(0, 15)}${genuine.cmac.endsWith('0') ? '1' : '0'}` };
    expect(await codeOf(pos.call('identifyCard', { body: { sun: tampered } }))).toBe('CARD_NOT_AUTHENTIC');
    expect(await codeOf(pos.call('identifyCard', { body: { nfcUid: uid } }))).toBe('CARD_NOT_AUTHENTIC');
    // None of the failures moved the counter: the genuine tap still works.
    expect(await codeOf(pos.call('identifyCard', { body: { sun: genuine } }))).toBe('ok');
  });

  it('does not identify a SUN card that is blocked, and rejects malformed messages with field paths', async () => {
    const uid = await sunCard();
    const card = (await agent.call('getMember', { params: { memberId: member.id } })).cards.find((c) => c.nfcUid === uid)!;
    await agent.call('blockCard', { params: { cardId: card.id }, body: { status: 'LOST', reason: 'stolen wallet' } });
    expect(await codeOf(pos.call('identifyCard', { body: { sun: sunFor(uid, 1) } }))).toBe('CARD_BLOCKED');
    const bad = await server.raw('/api/v1/terminal/identify', {
      method: 'POST',
      token: (await server.terminal('POS')).token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sun: { piccData: 'XYZ', cmac: '00' } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['sun.cmac', 'sun.piccData']);
  });
});
