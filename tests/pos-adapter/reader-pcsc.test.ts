import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CardReader, VirtualCard } from '@kulup/pos-adapter';
import type { VirtualCardOptions } from '@kulup/pos-adapter';
import { ZAdapterConfig, openEventStream, startDaemon } from '@kulup/pos-adapter/daemon';
import type { Daemon, LocalEvent } from '@kulup/pos-adapter/daemon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ensurePcscd } from '../pcsc/pcsc-stack';
import { testDatabases } from '../support/databases';
import { TEST_CARD_MASTER_KEY, startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { eventually, local } from './support';

// The real daemon with the real CardReader on pcscd + vpcd and the virtual NTAG 424 DNA: the same path a
// physical card takes. Uses the second vpcd slot ("Virtual PCD 00 01", port 35964) so it does not share a
// reader with tests/pcsc. pcscd is left running (tests/pcsc may be using it at the same time); a missing
// pcscd or vpcd is an error, never a skip.

const READER = 'Virtual PCD 00 01';
const VPCD_PORT = 35964;

describe.each(testDatabases())('POS adapter daemon with a real PC/SC reader on %s', (kind) => {
  let server: TestServer;
  let daemon: Daemon;
  let memberId: string;
  let dir: string;
  let stream: { close: () => void };
  const events: LocalEvent[] = [];
  const inserted = new Set<VirtualCard>();
  let uidSeq = 0;

  const next = <T extends LocalEvent['type']>(type: T, from: number, where: (e: Extract<LocalEvent, { type: T }>) => boolean = () => true) =>
    eventually(
      async () => (events.slice(from).find((e) => e.type === type && where(e as Extract<LocalEvent, { type: T }>)) as Extract<LocalEvent, { type: T }>) ?? null,
      15_000,
      `a ${type} event; got ${JSON.stringify(events.slice(from))}`,
    );

  async function newSunCard(options: Partial<VirtualCardOptions> = {}): Promise<VirtualCard> {
    const uid = `04BEEF${String(process.pid % 10_000).padStart(4, '0')}${String(++uidSeq).padStart(4, '0')}`;
    await (await server.staff('AGENT')).client.call('issueCard', { params: { memberId }, body: { kind: 'NFC_SUN', nfcUid: uid } });
    return new VirtualCard({ uid, masterKey: TEST_CARD_MASTER_KEY, ...options });
  }

  async function tap(card: VirtualCard): Promise<number> {
    const from = events.length;
    inserted.add(card);
    await card.insert(VPCD_PORT);
    return from;
  }

  async function remove(card: VirtualCard): Promise<void> {
    const from = events.length;
    await card.remove();
    inserted.delete(card);
    await next('card-removed', from);
  }

  beforeAll(async () => {
    await ensurePcscd();
    server = await startTestServer(kind);
    const agent = (await server.staff('AGENT')).client;
    memberId = (await agent.call('createMember', { body: { firstName: 'Can', lastName: 'Öztürk' } })).id;
    const pos = await server.terminal('POS');
    dir = mkdtempSync(path.join(tmpdir(), 'kulup-pos-pcsc-'));
    const config = ZAdapterConfig.parse({ serverUrl: server.url, journalFile: path.join(dir, 'journal.sqlite'), port: 0, readerFilter: READER });
    const reader = new CardReader({ tapTimeoutMs: config.tapTimeoutMs, readerFilter: (name) => name.includes(config.readerFilter) });
    daemon = await startDaemon({ config, credentials: { terminalId: pos.terminalId, secret: pos.secret }, reader });
    stream = await openEventStream(daemon.api.url, (event) => events.push(event));
    await next('reader', 0, (e) => e.reader === READER && e.status === 'attached');
  });
  afterEach(async () => {
    for (const card of inserted) await remove(card);
  });
  afterAll(async () => {
    stream?.close();
    await daemon?.stop();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('tap → member identified through the local API (WebSocket and GET /v1/session); removal ends the session', async () => {
    const card = await newSunCard();
    const from = await tap(card);
    const tapped = await next('card', from);
    expect(tapped.member).toMatchObject({ memberId, firstName: 'Can', canRedeem: true, card: { kind: 'NFC_SUN', trust: 'HIGH' } });
    expect(tapped.session).toMatchObject({ source: 'sun', reader: READER });
    const session = await local(daemon.api.url, 'GET', '/v1/session');
    expect(session.body).toMatchObject({ sessionId: tapped.session.sessionId, member: { memberId } });
    await remove(card);
    expect((await local(daemon.api.url, 'GET', '/v1/session')).body.error.code).toBe('NO_SESSION');
    expect((await local(daemon.api.url, 'GET', '/v1/health')).body.readers).toEqual([READER]);
  });

  it('a cloned card (right UID, wrong keys) and a replayed SUN message identify nobody', async () => {
    const genuine = await newSunCard();
    const cloned = new VirtualCard({ uid: genuine.uid, masterKey: TEST_CARD_MASTER_KEY, mode: 'cloned' });
    let from = await tap(cloned);
    expect(await next('error', from)).toMatchObject({ code: 'CARD_NOT_AUTHENTIC', reader: READER });
    await remove(cloned);

    from = await tap(genuine);
    await next('card', from);
    await remove(genuine);
    const replay = new VirtualCard({ uid: genuine.uid, mode: 'replay', replayMessage: genuine.lastMessage! });
    from = await tap(replay);
    expect(await next('error', from)).toMatchObject({ code: 'CARD_REPLAYED', reader: READER });
    expect(events.slice(from).some((e) => e.type === 'card')).toBe(false);
    await remove(replay);
  });
});
