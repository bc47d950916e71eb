import { deriveCardKeys, verifySun } from '@kulup/domain';
import { describe, expect, it } from 'vitest';
import { readBinaryApdu, selectAidApdu, selectFileApdu } from '../reader/apdu';
import { sunFromNdefMessage } from '../reader/ndef';
import { ATR_ISO14443_3, ATR_ISO14443_4, Ntag424Applet, type Ntag424AppletOptions } from './ntag424-applet';

const UID = '04A1B2C3D4E5F6';
const keys = deriveCardKeys(Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex'), UID);

function applet(options: Partial<Ntag424AppletOptions> = {}): Ntag424Applet {
  const card = new Ntag424Applet({ uid: UID, mode: 'sun', keys, ...options });
  card.powerOn();
  return card;
}

const sw = (response: Buffer) => response.subarray(-2).toString('hex').toUpperCase();
const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');

/** One tap's NDEF message as the reader would assemble it. */
function readNdef(card: Ntag424Applet): Buffer {
  expect(sw(card.process(selectAidApdu()))).toBe('9000');
  expect(sw(card.process(selectFileApdu(0xe104)))).toBe('9000');
  const nlen = card.process(readBinaryApdu(0, 2)).readUInt16BE(0);
  return card.process(readBinaryApdu(2, nlen)).subarray(0, -2);
}

function tapSun(card: Ntag424Applet) {
  card.powerOn();
  const parsed = sunFromNdefMessage(readNdef(card));
  if (!parsed.ok || !parsed.sun) throw new Error('no SUN message');
  return parsed.sun;
}

describe('Ntag424Applet', () => {
  it('reports a 14443-4 ATR for SUN cards and a 14443-3 (atr[5] = 4F) ATR for plain cards', () => {
    expect(applet().atr).toEqual(ATR_ISO14443_4);
    expect(ATR_ISO14443_4[5]).not.toBe(0x4f);
    expect(applet({ mode: 'plain-uid', keys: undefined }).atr).toEqual(ATR_ISO14443_3);
    expect(ATR_ISO14443_3[5]).toBe(0x4f);
    // TCK: XOR of T0 … last historical byte is zero including TCK.
    for (const atr of [ATR_ISO14443_3, ATR_ISO14443_4]) expect(atr.subarray(1).reduce((a, b) => a ^ b, 0)).toBe(0);
  });

  it('answers GET UID with UID ‖ 9000', () => {
    expect(applet().process(hex('FFCA000000'))).toEqual(hex(`${UID}9000`));
    expect(sw(applet().process(hex('FFCA010000')))).toBe('6A81');
    expect(sw(applet().process(hex('FFCA000100')))).toBe('6A86');
  });

  it('mirrors a fresh SUN message with SDMReadCtr + 1 on each tap', () => {
    const card = applet({ counter: 41 });
    const first = tapSun(card);
    const second = tapSun(card);
    expect(verifySun({ ...first, ...keys })).toEqual({ ok: true, uid: UID, counter: 42 });
    expect(verifySun({ ...second, ...keys, lastCounter: 42 })).toEqual({ ok: true, uid: UID, counter: 43 });
    expect(card.counter).toBe(43);
    expect(card.lastMessage).toEqual(second);
  });

  it('keeps the message (and counter) within one session across chunked reads', () => {
    const card = applet();
    card.process(selectAidApdu());
    card.process(selectFileApdu(0xe104));
    const a = card.process(readBinaryApdu(0, 64));
    const b = card.process(readBinaryApdu(0, 64));
    expect(a).toEqual(b);
    expect(card.counter).toBe(1);
    card.reset();
    card.process(selectAidApdu());
    card.process(selectFileApdu(0xe104));
    expect(card.process(readBinaryApdu(0, 64))).not.toEqual(a);
    expect(card.counter).toBe(2);
  });

  it('does not move the counter when the NDEF file is not read', () => {
    const card = applet({ counter: 5 });
    card.process(selectAidApdu());
    card.process(selectFileApdu(0xe103));
    expect(card.process(readBinaryApdu(0, 15))).toEqual(hex('000F 2001 0000 FF04 06E1 0401 0000 FF 9000'));
    expect(card.counter).toBe(5);
  });

  it('sends a message made with other keys when cloned', () => {
    const forger = deriveCardKeys(Buffer.alloc(16, 7), UID);
    const sun = tapSun(applet({ mode: 'cloned', keys: forger }));
    expect(verifySun({ ...sun, ...keys }).ok).toBe(false);
  });

  it('sends the same captured message on every replayed tap', () => {
    const captured = tapSun(applet({ counter: 10 }));
    const replay = applet({ mode: 'replay', keys: undefined, replayMessage: captured });
    expect(tapSun(replay)).toEqual(captured);
    expect(tapSun(replay)).toEqual(captured);
    expect(verifySun({ ...captured, ...keys, lastCounter: 11 })).toEqual({ ok: false, reason: 'replayed_counter' });
  });

  it('captures its own first message when replaying without one', () => {
    const replay = applet({ mode: 'replay', counter: 3 });
    const first = tapSun(replay);
    expect(tapSun(replay)).toEqual(first);
    expect(verifySun({ ...first, ...keys })).toEqual({ ok: true, uid: UID, counter: 4 });
  });

  it.each([
    ['unknown ISO instruction', '00D6000001AA', undefined, '6D00'],
    ['unknown proprietary instruction', 'FF00000000', undefined, '6D00'],
    ['native DESFire command', '9060000000', undefined, '6D00'],
    ['unknown class', '80A4040000', undefined, '6E00'],
    ['too short', '00A4', undefined, '6700'],
    ['SELECT with bad P2', '00A4040107D2760000850101', undefined, '6A86'],
    ['SELECT with bad P1', '00A4080C02E104', undefined, '6A86'],
    ['SELECT with Lc mismatch', '00A4040007D27600', undefined, '6700'],
    ['SELECT of an unknown AID', '00A4040007A000000003101000', undefined, '6A82'],
    ['SELECT of a file before the app', '00A4000C02E104', undefined, '6A82'],
    ['SELECT of an unknown file', '00A4000C02E105', 'app', '6A82'],
    ['SELECT of a file with a 1-byte id', '00A4000C01E1', 'app', '6700'],
    ['READ BINARY without a current EF', '00B0000010', 'app', '6986'],
    ['READ BINARY by short file id', '00B0840010', 'file', '6A86'],
    ['READ BINARY past the end', '00B0010010', 'file', '6B00'],
    ['READ BINARY with a body', '00B00000011000', 'file', '6700'],
  ])('answers %s with the ISO status word', (_name, command, state, expected) => {
    const card = applet();
    if (state) card.process(selectAidApdu());
    if (state === 'file') card.process(selectFileApdu(0xe104));
    expect(sw(card.process(hex(command)))).toBe(expected);
  });

  it('accepts the SELECT variants readers send', () => {
    const card = applet();
    expect(sw(card.process(hex('00A4040C07D2760000850101')))).toBe('9000');
    expect(sw(card.process(hex('00A4020C02E104')))).toBe('9000');
    expect(sw(card.process(hex('00A4000002E10400')))).toBe('9000');
    expect(sw(card.process(hex('00A4000C023F00')))).toBe('9000');
    // Selecting the PICC level leaves the NDEF application.
    expect(sw(card.process(hex('00A4000C02E104')))).toBe('6A82');
  });

  it('forgets its selection at power-off and on a new session', () => {
    const card = applet();
    card.process(selectAidApdu());
    card.process(selectFileApdu(0xe104));
    card.powerOff();
    card.powerOn();
    expect(sw(card.process(readBinaryApdu(0, 2)))).toBe('6986');
  });

  it('has no NDEF application in no-ndef mode and only GET UID in plain-uid mode', () => {
    expect(sw(applet({ mode: 'no-ndef', keys: undefined }).process(selectAidApdu()))).toBe('6A82');
    const plain = applet({ mode: 'plain-uid', uid: '04112233', keys: undefined });
    expect(plain.process(hex('FFCA000000'))).toEqual(hex('041122339000'));
    expect(sw(plain.process(selectAidApdu()))).toBe('6D00');
  });

  it('validates its options', () => {
    expect(() => new Ntag424Applet({ uid: '0411', mode: 'sun', keys })).toThrow(RangeError);
    expect(() => new Ntag424Applet({ uid: '04112233', mode: 'sun', keys })).toThrow(RangeError);
    expect(() => new Ntag424Applet({ uid: 'ZZ112233445566', mode: 'sun', keys })).toThrow(RangeError);
    expect(() => new Ntag424Applet({ uid: UID, mode: 'sun' })).toThrow(/keys/);
    expect(() => new Ntag424Applet({ uid: UID, mode: 'sun', keys, counter: -1 })).toThrow(RangeError);
    expect(() => new Ntag424Applet({ uid: UID, mode: 'sun', keys, counter: 0xffffff })).toThrow(RangeError);
  });
});
