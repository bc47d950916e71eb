import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { KulupClient } from '@kulup/contracts';
import { buildSunMessage, deriveCardKeys } from '@kulup/domain';
import type { CardReaderEvent } from '@kulup/pos-adapter';
import { ZAdapterConfig, openEventStream, startDaemon } from '@kulup/pos-adapter/daemon';
import type { CardEventSource, Daemon } from '@kulup/pos-adapter/daemon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { TEST_CARD_MASTER_KEY, startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { basket, eventually, local } from './support';

// The daemon in-process with an in-memory reader: taps drive sessions, the local API validates before it
// journals anything, and card errors reach the POS with the server's code and a shopper-safe message.

class FakeReader implements CardEventSource {
  private listeners = new Set<(event: CardReaderEvent) => void>();
  readers: string[] = [];
  subscribe(listener: (event: CardReaderEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  start() {
    this.emit({ kind: 'reader-attached', reader: 'Test Reader' });
    this.readers = ['Test Reader'];
  }
  async stop() {}
  emit(event: CardReaderEvent) {
    for (const l of this.listeners) l(event);
  }
}

type Message = { type: string; [k: string]: any };

function watch(url: string) {
  const messages: Message[] = [];
  const stream = openEventStream(url, (event) => messages.push(event as Message));
  return {
    opened: stream.then(() => undefined),
    messages,
    next: (type: string, from = 0) => eventually(async () => messages.slice(from).find((m) => m.type === type) ?? null, 10_000, `a ${type} event`),
    close: () => void stream.then((s) => s.close()),
  };
}

const UID = '04C0FFEE112233';
const sun = (counter: number) => buildSunMessage({ uid: UID, counter, ...deriveCardKeys(TEST_CARD_MASTER_KEY, UID) });

describe.each(testDatabases())('POS adapter local API on %s', (kind) => {
  let server: TestServer;
  let agent: KulupClient;
  let daemon: Daemon;
  let reader: FakeReader;
  let memberId: string;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    agent = (await server.staff('AGENT')).client;
    const marketer = (await server.staff('MARKETER')).client;
    await marketer.call('createEarningRule', { body: { name: 'Base', priority: 10, effect: { kind: 'base', pointsPerTry: 1 } } });
    const pos = await server.terminal('POS');
    const member = await agent.call('createMember', { body: { firstName: 'Deniz', lastName: 'Arslan' } });
    memberId = member.id;
    await agent.call('issueCard', { params: { memberId }, body: { kind: 'NFC_SUN', nfcUid: UID } });
    dir = mkdtempSync(path.join(tmpdir(), 'kulup-pos-api-'));
    reader = new FakeReader();
    const config = ZAdapterConfig.parse({ serverUrl: server.url, journalFile: path.join(dir, 'journal.sqlite'), port: 0 });
    daemon = await startDaemon({ config, credentials: { terminalId: pos.terminalId, secret: pos.secret }, reader });
  });
  afterAll(async () => {
    await daemon?.stop();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a SUN tap identifies the member over WebSocket and GET /v1/session; removal ends the session', async () => {
    const ws = watch(daemon.api.url);
    await ws.opened;
    expect(await ws.next('reader')).toMatchObject({ status: 'attached', reader: 'Test Reader' });
    expect((await local(daemon.api.url, 'GET', '/v1/session')).body.error.code).toBe('NO_SESSION');

    reader.emit({ kind: 'sun', reader: 'Test Reader', uid: UID, ...sun(1), url: 'https://x', atr: '3B' });
    const card = await ws.next('card');
    expect(card.member).toMatchObject({ memberId, firstName: 'Deniz', canRedeem: true, card: { kind: 'NFC_SUN', trust: 'HIGH' } });
    const session = await local(daemon.api.url, 'GET', '/v1/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ sessionId: card.session.sessionId, source: 'sun', member: { memberId } });

    const quote = await local(daemon.api.url, 'POST', '/v1/quote', { sessionId: card.session.sessionId, lines: basket('q').lines, total: 1975 });
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({ memberId, pointsEarned: 19 });

    const from = ws.messages.length;
    reader.emit({ kind: 'card-removed', reader: 'Test Reader' });
    expect(await ws.next('card-removed', from)).toMatchObject({ sessionId: card.session.sessionId });
    expect((await local(daemon.api.url, 'GET', '/v1/session')).status).toBe(404);
    ws.close();
  });

  it("sends the member's open personal offers after the card event, and keeps them on the session", async () => {
    const marketer = (await server.staff('MARKETER')).client;
    const offer = await marketer.call('issueOffer', {
      params: { memberId },
      body: { titleTr: 'Peynirde 100 puan', titleEn: '100 points on cheese', validTo: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const ws = watch(daemon.api.url);
    await ws.opened;
    const from = ws.messages.length;
    reader.emit({ kind: 'sun', reader: 'Test Reader', uid: UID, ...sun(2), url: 'https://x', atr: '3B' });
    const card = await ws.next('card', from);
    const offers = await ws.next('offers', from);
    expect(ws.messages.indexOf(card)).toBeLessThan(ws.messages.indexOf(offers));
    expect(offers).toMatchObject({ sessionId: card.session.sessionId, offers: [{ id: offer.id, title: { tr: 'Peynirde 100 puan' }, status: 'ISSUED' }] });
    expect((await local(daemon.api.url, 'GET', '/v1/session')).body.offers).toEqual(offers.offers);
    const removed = ws.messages.length;
    reader.emit({ kind: 'card-removed', reader: 'Test Reader' });
    await ws.next('card-removed', removed);
    ws.close();
  });

  it('a replayed SUN message and a cloned UID are refused with the server code and a shopper-safe message', async () => {
    const ws = watch(daemon.api.url);
    await ws.opened;
    reader.emit({ kind: 'sun', reader: 'Test Reader', uid: UID, ...sun(1), url: 'https://x', atr: '3B' });
    const replayed = await ws.next('error');
    expect(replayed).toMatchObject({ code: 'CARD_REPLAYED', message: 'This card could not be verified. Please tap it again.' });
    const from = ws.messages.length;
    const forged = buildSunMessage({ uid: UID, counter: 9, ...deriveCardKeys(Buffer.alloc(16, 7), UID) });
    reader.emit({ kind: 'sun', reader: 'Test Reader', ...forged, url: 'https://x', atr: '3B' });
    const cloned = await ws.next('error', from);
    expect(cloned.code).toBe('CARD_NOT_AUTHENTIC');
    expect(cloned.message).not.toMatch(/cmac|key|counter/i);
    expect((await local(daemon.api.url, 'GET', '/v1/session')).status).toBe(404);
    ws.close();
  });

  it('a plain-UID tap identifies at low trust but may not redeem', async () => {
    const uid = '04AB12CD34EF56';
    await agent.call('issueCard', { params: { memberId }, body: { kind: 'NFC_UID', nfcUid: uid } });
    const ws = watch(daemon.api.url);
    await ws.opened;
    const from = ws.messages.length;
    reader.emit({ kind: 'uid', reader: 'Test Reader', uid, atr: '3B', standard: 'iso14443-3' });
    const card = await ws.next('card', from);
    expect(card.member).toMatchObject({ memberId, canRedeem: false, card: { trust: 'LOW' } });
    const redeem = await local(daemon.api.url, 'POST', '/v1/redeem', { sessionId: card.session.sessionId, points: 1 });
    expect([redeem.status, redeem.body.error.code]).toEqual([403, 'REDEMPTION_NOT_ALLOWED']);
    expect(await server.database.prisma.pointsHold.count()).toBe(0);
    reader.emit({ kind: 'card-removed', reader: 'Test Reader' });
    ws.close();
  });

  it('bad input gets a clear 4xx with field paths and nothing is queued or booked', async () => {
    const url = daemon.api.url;
    const before = await server.database.prisma.receipt.count();
    const malformed = await local(url, 'POST', '/v1/receipts', { ...basket('R-BAD'), lines: [{ lineNo: 0, sku: '', quantity: -1 }], extra: 1 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    const paths = malformed.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['lines.0.lineNo', 'lines.0.sku', 'lines.0.quantity', 'extra']));

    const unknown = await local(url, 'POST', '/v1/receipts', { ...basket('R-NOSESSION'), sessionId: 'ses_nope' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'UNKNOWN_SESSION']);
    expect(unknown.body.error.fields).toEqual([{ path: 'sessionId', message: 'Not the current session' }]);

    const notJson = await local(url, 'POST', '/v1/receipts', undefined, '{"externalRef":');
    expect([notJson.status, notJson.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    const badQuote = await local(url, 'POST', '/v1/quote', { lines: 'x', total: -1 });
    expect(badQuote.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['lines', 'total']);
    const badRedeem = await local(url, 'POST', '/v1/redeem', { sessionId: 'ses_nope', points: 10 });
    expect(badRedeem.body.error.code).toBe('UNKNOWN_SESSION');
    const badReturn = await local(url, 'POST', '/v1/returns', { originalReceiptId: 'R-1', externalRef: 'X', lines: [] });
    expect(badReturn.status).toBe(400);

    // The server's own check (lines do not add up) is answered synchronously and the document is not kept.
    const wrongTotal = await local(url, 'POST', '/v1/receipts', { ...basket('R-SUM'), total: 1 });
    expect([wrongTotal.status, wrongTotal.body.error.code]).toEqual([422, 'RECEIPT_INVALID']);

    expect((await local(url, 'GET', '/v1/queue')).body).toMatchObject({ pending: 0, failed: 0 });
    expect(await server.database.prisma.receipt.count()).toBe(before);
  });

  it('a POS retrying the same receipt number gets the same booking; a return may name the local receipt id', async () => {
    const url = daemon.api.url;
    const first = await local(url, 'POST', '/v1/receipts', { ...basket('R-TWICE'), memberId });
    expect(first.status).toBe(201);
    const again = await local(url, 'POST', '/v1/receipts', { ...basket('R-TWICE'), memberId });
    expect(again.body.localId).toBe(first.body.localId);
    expect(again.body.result.receiptId).toBe(first.body.result.receiptId);
    expect(await server.database.prisma.receipt.count({ where: { externalRef: 'R-TWICE' } })).toBe(1);

    const back = await local(url, 'POST', '/v1/returns', {
      originalReceiptId: first.body.localId,
      externalRef: 'RET-1',
      lines: [{ lineNo: 1, quantity: 1 }],
    });
    expect(back.status).toBe(201);
    expect(back.body.result).toMatchObject({ receiptId: first.body.result.receiptId });
  });
});
