import { deriveCardKeys, verifySun } from '@kulup/domain';
import { describe, expect, it } from 'vitest';
import { Ntag424Applet } from '../virtual-card/ntag424-applet';
import { responseApdu } from './apdu';
import { encodeNdefFile, encodeUriMessage } from './ndef';
import { readTap, type Transmit } from './read-tap';

const MASTER = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
const UID = '04A1B2C3D4E5F6';
const keys = deriveCardKeys(MASTER, UID);

/** Transmit straight into the applet, recording every command. */
function cardTransmit(applet: Ntag424Applet, log: string[] = []): Transmit {
  applet.powerOn();
  return async (command) => {
    log.push(command.toString('hex').toUpperCase());
    return applet.process(command);
  };
}

/** A 14443-4 card whose NDEF file holds `file`. */
function ndefCard(file: Buffer): Transmit {
  return async (command) => {
    const hex = command.toString('hex').toUpperCase();
    if (hex === 'FFCA000000') return responseApdu(0x9000, Buffer.from(UID, 'hex'));
    if (hex.startsWith('00A4')) return responseApdu(0x9000);
    const offset = command.readUInt16BE(2);
    return responseApdu(0x9000, file.subarray(offset, offset + (command[4] || 256)));
  };
}

describe('readTap', () => {
  it('reads a SUN card with the NTAG 424 APDU sequence and yields a verifiable message', async () => {
    const applet = new Ntag424Applet({ uid: UID, mode: 'sun', keys, counter: 9 });
    const log: string[] = [];
    const result = await readTap(cardTransmit(applet, log), 'iso14443-4');
    expect(log).toEqual(['FFCA000000', '00A4040007D276000085010100', '00A4000C02E104', '00B0000002', expect.stringMatching(/^00B00002[0-9A-F]{2}$/)]);
    expect(result.kind).toBe('sun');
    if (result.kind !== 'sun') return;
    expect(result.uid).toBe(UID);
    expect(result.url).toBe(`https://kulup.example/t?picc_data=${result.piccData}&cmac=${result.cmac}`);
    expect(verifySun({ piccData: result.piccData, cmac: result.cmac, ...keys })).toEqual({ ok: true, uid: UID, counter: 10 });
  });

  it('reads the NDEF message in chunks of the given size within one session', async () => {
    const applet = new Ntag424Applet({ uid: UID, mode: 'sun', keys });
    const log: string[] = [];
    const result = await readTap(cardTransmit(applet, log), 'iso14443-4', { chunkSize: 16 });
    expect(log.filter((c) => c.startsWith('00B0')).length).toBeGreaterThan(5);
    expect(result.kind === 'sun' && verifySun({ piccData: result.piccData, cmac: result.cmac, ...keys })).toEqual({
      ok: true,
      uid: UID,
      counter: 1,
    });
  });

  it('only asks for the UID on an ISO 14443-3 card', async () => {
    const applet = new Ntag424Applet({ uid: '04112233', mode: 'plain-uid' });
    const log: string[] = [];
    expect(await readTap(cardTransmit(applet, log), 'iso14443-3')).toEqual({ kind: 'uid', uid: '04112233' });
    expect(log).toEqual(['FFCA000000']);
  });

  it('falls back to the UID for a 14443-4 card without the NDEF application', async () => {
    const applet = new Ntag424Applet({ uid: UID, mode: 'no-ndef' });
    expect(await readTap(cardTransmit(applet), 'iso14443-4')).toEqual({ kind: 'uid', uid: UID, noSunReason: 'no_ndef_app' });
  });

  it('falls back to the UID when the NDEF URI carries no SUN message', async () => {
    const transmit = ndefCard(encodeNdefFile(encodeUriMessage('https://kulup.example/'), 64));
    expect(await readTap(transmit, 'iso14443-4')).toEqual({ kind: 'uid', uid: UID, noSunReason: 'no_sun_message' });
  });

  it('falls back to the UID for an empty or garbage NDEF file', async () => {
    expect(await readTap(ndefCard(Buffer.alloc(32)), 'iso14443-4')).toEqual({ kind: 'uid', uid: UID, noSunReason: 'no_sun_message' });
    const garbage = Buffer.from('0004FFFFFFFF', 'hex');
    expect(await readTap(ndefCard(garbage), 'iso14443-4')).toEqual({ kind: 'uid', uid: UID, noSunReason: 'bad_ndef' });
    const huge = Buffer.from('FFFF', 'hex');
    expect(await readTap(ndefCard(huge), 'iso14443-4')).toEqual({ kind: 'uid', uid: UID, noSunReason: 'bad_ndef' });
  });

  it('reports a card that gives neither UID nor NDEF as unsupported', async () => {
    const transmit: Transmit = async () => responseApdu(0x6d00);
    expect(await readTap(transmit, 'iso14443-4')).toMatchObject({ kind: 'failed', code: 'unsupported_card' });
    expect(await readTap(transmit, 'iso14443-3')).toMatchObject({ kind: 'failed', code: 'no_uid' });
  });

  it('reads a SUN message even without a reader UID (random-ID cards)', async () => {
    const applet = new Ntag424Applet({ uid: UID, mode: 'sun', keys });
    const inner = cardTransmit(applet);
    const transmit: Transmit = async (command, max) =>
      command[0] === 0xff ? responseApdu(0x6a81) : inner(command, max);
    const result = await readTap(transmit, 'iso14443-4');
    expect(result.kind).toBe('sun');
    expect(result.kind === 'sun' && result.uid).toBeUndefined();
  });

  it('reports an empty response (card gone mid-command) as no_response and a 1-byte one as bad_response', async () => {
    expect(await readTap(async () => Buffer.alloc(0), 'iso14443-4')).toMatchObject({ kind: 'failed', code: 'no_response' });
    expect(await readTap(async () => Buffer.from([0x90]), 'iso14443-4')).toMatchObject({ kind: 'failed', code: 'bad_response' });
  });

  it('propagates transmit failures to the caller', async () => {
    const transmit: Transmit = async () => {
      throw new Error('SCardTransmit error: Card was removed.(0x80100069)');
    };
    await expect(readTap(transmit, 'iso14443-4')).rejects.toThrow(/removed/);
  });

  it('stops sending APDUs once aborted', async () => {
    const applet = new Ntag424Applet({ uid: UID, mode: 'sun', keys });
    const controller = new AbortController();
    const log: string[] = [];
    const inner = cardTransmit(applet, log);
    const transmit: Transmit = async (command, max) => {
      const response = await inner(command, max);
      if (log.length === 2) controller.abort(new Error('timeout'));
      return response;
    };
    await expect(readTap(transmit, 'iso14443-4', { signal: controller.signal })).rejects.toThrow('timeout');
    expect(log).toHaveLength(2);
  });
});
