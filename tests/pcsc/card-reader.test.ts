import { deriveCardKeys, verifySun } from '@kulup/domain';
import { CardReader, VirtualCard, type VirtualCardOptions } from '@kulup/pos-adapter';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventLog, VPCD_READER, ensurePcscd, releasePcscd, restartPcscd } from './pcsc-stack';

// The POS adapter's card reader against the real PC/SC stack: pcscd + vpcd + nfc-pcsc + @pokusew/pcsclite,
// with the virtual NTAG 424 DNA on vpcd port 35963 ("Virtual PCD 00 00"). One file, run in order: the tests
// share pcscd and the last ones restart it (after other suites using pcscd have finished, see restartPcscd).

const MASTER_KEY = Buffer.from('5A3C1F0E9D8B7A6952413F2E1D0C0B0A', 'hex');
const UID = '04A1B2C3D4E5F6';
const keys = deriveCardKeys(MASTER_KEY, UID);

const events = new EventLog();
const inserted = new Set<VirtualCard>();
let reader: CardReader;

function makeCard(options: Partial<VirtualCardOptions> = {}): VirtualCard {
  return new VirtualCard({ uid: UID, masterKey: MASTER_KEY, ...options });
}

async function insert(card: VirtualCard): Promise<void> {
  events.mark();
  inserted.add(card);
  await card.insert();
}

async function removeAndWait(card: VirtualCard): Promise<void> {
  await card.remove();
  inserted.delete(card);
  await events.next('card-removed', { where: (e) => e.reader === VPCD_READER });
}

/** One full tap of a SUN card; returns the verified counter. */
async function tapSun(card: VirtualCard): Promise<number> {
  await insert(card);
  const sun = await events.next(['sun', 'error'], { where: (e) => e.reader === VPCD_READER });
  expect(sun).toMatchObject({ kind: 'sun', uid: UID });
  if (sun.kind !== 'sun') throw new Error('unreachable');
  const verified = verifySun({ piccData: sun.piccData, cmac: sun.cmac, kMeta: keys.kMeta, kFile: keys.kFile });
  expect(verified).toEqual({ ok: true, uid: UID, counter: card.counter });
  await removeAndWait(card);
  return card.counter;
}

beforeAll(async () => {
  await ensurePcscd();
  reader = new CardReader({ readerFilter: (name) => name === VPCD_READER });
  reader.subscribe(events.push);
  reader.start();
  await events.next('reader-attached', { where: (e) => e.reader === VPCD_READER, timeoutMs: 10_000 });
});

// A card left on the reader by a test is taken off, and the reader must have seen it go before the next test.
afterEach(async () => {
  for (const card of inserted) {
    if (!card.isInserted) continue;
    events.mark();
    await card.remove();
    await events.next('card-removed', { where: (e) => e.reader === VPCD_READER });
  }
  inserted.clear();
});

// pcscd stays up: other suites may be using it.
afterAll(async () => {
  await reader?.stop();
  releasePcscd();
});

describe('card reader on pcscd + vpcd', () => {
  it('reads a SUN tap that the server-side verification accepts for the card UID', async () => {
    const card = makeCard({ counter: 41 });
    await insert(card);
    const sun = await events.next(['sun', 'uid', 'error']);
    expect(sun.kind).toBe('sun');
    if (sun.kind !== 'sun') return;
    expect(sun.reader).toBe(VPCD_READER);
    expect(sun.uid).toBe(UID);
    expect(sun.atr).toBe('3B8180018080');
    expect(sun.url).toBe(`https://kulup.example/t?picc_data=${sun.piccData}&cmac=${sun.cmac}`);
    expect(verifySun({ piccData: sun.piccData, cmac: sun.cmac, kMeta: keys.kMeta, kFile: keys.kFile })).toEqual({
      ok: true,
      uid: UID,
      counter: 42,
    });
    // The per-card key is diversified from the UID: another card's key must not verify this tap.
    const otherCard = deriveCardKeys(MASTER_KEY, '04FFEEDDCCBBAA');
    expect(verifySun({ piccData: sun.piccData, cmac: sun.cmac, kMeta: otherCard.kMeta, kFile: otherCard.kFile })).toEqual({
      ok: false,
      reason: 'bad_cmac',
    });
  });

  it('reports card-removed when the card leaves the reader', async () => {
    const card = makeCard();
    await insert(card);
    await events.next('sun');
    await card.remove();
    inserted.delete(card);
    const removed = await events.next(['card-removed', 'error']);
    expect(removed).toEqual({ kind: 'card-removed', reader: VPCD_READER });
  });

  it('gives strictly increasing counters on consecutive taps of one card', async () => {
    const card = makeCard({ counter: 7 });
    const first = await tapSun(card);
    const second = await tapSun(card);
    const third = await tapSun(card);
    expect([first, second, third]).toEqual([8, 9, 10]);
  });

  it('reads a plain ISO 14443-3 card as a uid event', async () => {
    await insert(makeCard({ mode: 'plain-uid', uid: '04112233445566' }));
    const event = await events.next(['uid', 'sun', 'error']);
    expect(event).toMatchObject({ kind: 'uid', reader: VPCD_READER, uid: '04112233445566', standard: 'iso14443-3' });
    expect(event.kind === 'uid' && event.atr.slice(10, 12)).toBe('4F');
  });

  it('reads a 4-byte plain card UID', async () => {
    await insert(makeCard({ mode: 'plain-uid', uid: 'DEADBEEF' }));
    expect(await events.next(['uid', 'sun', 'error'])).toMatchObject({ kind: 'uid', uid: 'DEADBEEF' });
  });

  it('falls back to a uid event for an ISO 14443-4 card without the NDEF application', async () => {
    await insert(makeCard({ mode: 'no-ndef' }));
    expect(await events.next(['uid', 'sun', 'error'])).toMatchObject({
      kind: 'uid',
      uid: UID,
      standard: 'iso14443-4',
      noSunReason: 'no_ndef_app',
    });
  });

  it('reads a cloned card (same UID, forged keys) whose SUN message fails verification', async () => {
    await insert(makeCard({ mode: 'cloned', counter: 100 }));
    const event = await events.next(['sun', 'uid', 'error']);
    expect(event).toMatchObject({ kind: 'sun', uid: UID });
    if (event.kind !== 'sun') return;
    const result = verifySun({ piccData: event.piccData, cmac: event.cmac, kMeta: keys.kMeta, kFile: keys.kFile });
    expect(result.ok).toBe(false);
  });

  it('passes on a replayed SUN message unchanged, with a counter that does not increase', async () => {
    const genuine = makeCard({ counter: 500 });
    const capturedCounter = await tapSun(genuine);
    const captured = genuine.lastMessage!;

    const replay = makeCard({ mode: 'replay', replayMessage: captured });
    for (let tap = 0; tap < 2; tap++) {
      await insert(replay);
      const event = await events.next(['sun', 'uid', 'error']);
      expect(event).toMatchObject({ kind: 'sun', piccData: captured.piccData, cmac: captured.cmac });
      if (event.kind !== 'sun') return;
      // The MAC is genuine, so only the counter gives the replay away: the server rejects counter <= last seen.
      const verified = verifySun({ piccData: event.piccData, cmac: event.cmac, kMeta: keys.kMeta, kFile: keys.kFile });
      expect(verified).toEqual({ ok: true, uid: UID, counter: capturedCounter });
      expect(verifySun({ ...event, kMeta: keys.kMeta, kFile: keys.kFile, lastCounter: capturedCounter })).toEqual({
        ok: false,
        reason: 'replayed_counter',
      });
      await removeAndWait(replay);
    }
  });

  it.each(['get-uid', 'select-app', 'select-file', 'read-binary'] as const)(
    'reports a card pulled mid-read (at %s), then card-removed, and reads the next tap',
    async (step) => {
      const torn = makeCard({ tearAt: step });
      await insert(torn);
      const failure = await events.next(['error', 'card-removed', 'sun', 'uid']);
      expect(failure).toMatchObject({ kind: 'error', code: 'card_removed_during_read', reader: VPCD_READER });
      expect(await events.next(['card-removed', 'sun', 'uid', 'error'])).toEqual({ kind: 'card-removed', reader: VPCD_READER });
      inserted.delete(torn);
      expect(torn.isInserted).toBe(false);
      expect(torn.lastMessage).toBeUndefined();
      await tapSun(makeCard({ counter: 9 }));
    },
  );

  // nfc-pcsc emits connect failures under a wrong event name; the adapter must still report them.
  it('reports connect_failed for a card that cannot be powered up, and reads the next tap', async () => {
    const broken = makeCard({ unpowerable: true });
    await insert(broken);
    expect(await events.next(['error', 'card-removed', 'sun', 'uid'])).toMatchObject({
      kind: 'error',
      code: 'connect_failed',
      reader: VPCD_READER,
    });
    // Still on the reader: nothing more until it is taken away.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(events.pending()).toEqual([]);
    await removeAndWait(broken);
    await tapSun(makeCard({ counter: 20 }));
  });

  // Depending on when pcscd polls, this is a connect failure followed by card-removed, or just card-removed.
  it('survives a card pulled while pcscd powers it up, and reads the next tap', async () => {
    const torn = makeCard({ tearAt: 'activation' });
    const start = events.mark();
    await insert(torn);
    await torn.whenRemoved();
    inserted.delete(torn);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const seen = events.since(start);
    expect(seen.every((e) => e.kind === 'card-removed' || (e.kind === 'error' && e.code === 'connect_failed'))).toBe(true);
    if (seen.length > 0) expect(seen.at(-1)).toEqual({ kind: 'card-removed', reader: VPCD_READER });
    await tapSun(makeCard({ counter: 30 }));
  });

  it('reports tap_timeout for a card that stops answering, and reads the next tap', async () => {
    const mute = makeCard({ stallAt: 'read-binary' });
    await insert(mute);
    const timeout = await events.next(['error', 'sun', 'uid'], { timeoutMs: 5000 });
    expect(timeout).toMatchObject({ kind: 'error', code: 'tap_timeout', reader: VPCD_READER });
    await removeAndWait(mute);
    await tapSun(makeCard({ counter: 60 }));
  });

  it('reads a card that is already on the reader when the reader starts', async () => {
    const card = makeCard({ counter: 3 });
    await insert(card);
    await events.next('sun');
    const late = new EventLog();
    const second = new CardReader({ readerFilter: (name) => name === VPCD_READER });
    second.subscribe(late.push);
    second.start();
    try {
      await late.next('reader-attached');
      const event = await late.next(['sun', 'uid', 'error']);
      expect(event).toMatchObject({ kind: 'sun', uid: UID });
    } finally {
      await second.stop();
    }
  });

  // Restarts wait for other pcscd users (up to 90 s), hence the longer timeouts.
  it('sees pcscd restart as reader-detached then reader-attached, and reads the next tap', { timeout: 120_000 }, async () => {
    const start = events.mark();
    await restartPcscd(async () => {
      await events.next('reader-detached', { where: (e) => e.reader === VPCD_READER, timeoutMs: 10_000 });
      expect(reader.readers).toEqual([]);
    });
    await events.next('reader-attached', { where: (e) => e.reader === VPCD_READER, timeoutMs: 10_000 });
    expect(reader.readers).toEqual([VPCD_READER]);
    expect(events.since(start).map((e) => (e.kind === 'error' ? e.code : e.kind))).toEqual([
      'pcsc_unavailable',
      'reader-detached',
      'reader-attached',
    ]);
    const card = makeCard({ counter: 900 });
    expect(await tapSun(card)).toBe(901);
  });

  it('keeps working across two pcscd restarts in a row', { timeout: 120_000 }, async () => {
    for (let round = 0; round < 2; round++) {
      events.mark();
      await restartPcscd(async () => {
        await events.next('reader-detached', { where: (e) => e.reader === VPCD_READER, timeoutMs: 10_000 });
      });
      await events.next('reader-attached', { where: (e) => e.reader === VPCD_READER, timeoutMs: 10_000 });
    }
    await tapSun(makeCard({ counter: 1000 }));
  });
});
