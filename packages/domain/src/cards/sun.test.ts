import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { aes128CbcDecrypt, aes128CbcEncrypt } from './aes-cmac';
import {
  SDM_MAX_COUNTER,
  buildSunMessage,
  computeSdmMac,
  decryptPiccData,
  parseSunUrl,
  sdmSessionMacKey,
  verifySun,
} from './sun';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const ZERO_KEY = Buffer.alloc(16);

// NXP AN12196 "NTAG 424 DNA and NTAG 424 DNA TagTamper features and hints", SUN example with factory (all-zero)
// keys: https://ntag.nxp.com/424?e=EF963FF7828658A599F3041510671E88&c=94EED9EE65337086. Decrypted PICCData
// C704DE5F1EACC0403D0000DA5CF60941 as quoted from the note on community.nxp.com.
const AN12196_E = 'EF963FF7828658A599F3041510671E88';
const AN12196_C = '94EED9EE65337086';

// AN12196 example with SDMENCFileData mirrored before the MAC: the MAC input is the ASCII text between
// SDMMACInputOffset and SDMMACOffset, here the encrypted file data in hex followed by "&cmac=".
// https://www.my424dna.com/?picc_data=FD91EC264309878BE6345CBE53BADF40&enc=CEE9A53E3E463EF1F459635736738962&cmac=ECC1E7F6C6C73BF6
const AN12196_ENC_PICC = 'FD91EC264309878BE6345CBE53BADF40';
const AN12196_ENC_MAC_INPUT = Buffer.from('CEE9A53E3E463EF1F459635736738962&cmac=', 'ascii');
const AN12196_ENC_CMAC = 'ECC1E7F6C6C73BF6';

const keyArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a));
const uidArb = fc.uint8Array({ minLength: 7, maxLength: 7 }).map((a) => Buffer.from(a).toString('hex').toUpperCase());
const counterArb = fc.integer({ min: 0, max: SDM_MAX_COUNTER });
// A bit position in the 24 bytes of PICCData ‖ SDMMAC.
const bitArb = fc.integer({ min: 0, max: 191 });

describe('AN12196 vectors', () => {
  it('decrypts PICCData to tag C7, UID 04DE5F1EACC040 and counter 61', () => {
    expect(aes128CbcDecrypt(ZERO_KEY, hex(AN12196_E)).toString('hex').toUpperCase()).toBe(
      'C704DE5F1EACC0403D0000DA5CF60941',
    );
    expect(decryptPiccData(AN12196_E, ZERO_KEY)).toEqual({ ok: true, uid: '04DE5F1EACC040', counter: 61 });
  });

  it('computes SDMMAC 94EED9EE65337086 over an empty MAC input', () => {
    // Session key cross-checked with `openssl mac -cipher AES-128-CBC ... CMAC` over
    // SV2 = 3CC30001008004DE5F1EACC0403D0000.
    expect(sdmSessionMacKey(ZERO_KEY, '04DE5F1EACC040', 61).toString('hex').toUpperCase()).toBe(
      '3FB5F6E3A807A03D5E3570ACE393776F',
    );
    expect(computeSdmMac(ZERO_KEY, '04DE5F1EACC040', 61).toString('hex').toUpperCase()).toBe(AN12196_C);
  });

  it('verifies the published SUN message end to end', () => {
    expect(verifySun({ piccData: AN12196_E, cmac: AN12196_C, kMeta: ZERO_KEY, kFile: ZERO_KEY })).toEqual({
      ok: true,
      uid: '04DE5F1EACC040',
      counter: 61,
    });
    expect(
      verifySun({ piccData: AN12196_E.toLowerCase(), cmac: AN12196_C.toLowerCase(), kMeta: ZERO_KEY, kFile: ZERO_KEY }),
    ).toEqual({ ok: true, uid: '04DE5F1EACC040', counter: 61 });
  });

  it('verifies the example with mirrored file data in the MAC input', () => {
    // The session key 3ED0920E5E6A0320D823D5987FEAFBB1 is the value quoted from the note's step table.
    expect(sdmSessionMacKey(ZERO_KEY, '04958CAA5C5E80', 8).toString('hex').toUpperCase()).toBe(
      '3ED0920E5E6A0320D823D5987FEAFBB1',
    );
    expect(
      verifySun({
        piccData: AN12196_ENC_PICC,
        cmac: AN12196_ENC_CMAC,
        kMeta: ZERO_KEY,
        kFile: ZERO_KEY,
        macInput: AN12196_ENC_MAC_INPUT,
      }),
    ).toEqual({ ok: true, uid: '04958CAA5C5E80', counter: 8 });
    // The same message without its MAC input must not verify.
    expect(
      verifySun({ piccData: AN12196_ENC_PICC, cmac: AN12196_ENC_CMAC, kMeta: ZERO_KEY, kFile: ZERO_KEY }),
    ).toEqual({ ok: false, reason: 'bad_cmac' });
  });

  it('matches an independent plain-mirror vector (UID 041E3C8A2D6B80, counter 6)', () => {
    // From the test suite of nfc-developer/sdm-backend (validate_plain_sun), not from AN12196 itself.
    expect(computeSdmMac(ZERO_KEY, '041E3C8A2D6B80', 6).toString('hex').toUpperCase()).toBe('4B00064004B0B3D3');
  });
});

describe('verifySun', () => {
  const ok = { piccData: AN12196_E, cmac: AN12196_C, kMeta: ZERO_KEY, kFile: ZERO_KEY };

  it('rejects a counter that is not strictly greater than the last one seen', () => {
    expect(verifySun({ ...ok, lastCounter: 60 })).toEqual({ ok: true, uid: '04DE5F1EACC040', counter: 61 });
    expect(verifySun({ ...ok, lastCounter: 61 })).toEqual({ ok: false, reason: 'replayed_counter' });
    expect(verifySun({ ...ok, lastCounter: 1000 })).toEqual({ ok: false, reason: 'replayed_counter' });
  });

  it('reports a wrong MAC before looking at the counter', () => {
    const bad = `${AN12196_C.slice(0, 15)}7`;
    expect(verifySun({ ...ok, cmac: bad, lastCounter: 1000 })).toEqual({ ok: false, reason: 'bad_cmac' });
  });

  it('rejects a wrong file key and a wrong meta key', () => {
    const other = Buffer.alloc(16, 1);
    expect(verifySun({ ...ok, kFile: other })).toEqual({ ok: false, reason: 'bad_cmac' });
    // A wrong meta key decrypts to noise: almost always a bad tag, otherwise a MAC mismatch.
    expect(verifySun({ ...ok, kMeta: other }).ok).toBe(false);
  });

  it('passes the decrypted UID to a key-resolving kFile function', () => {
    const seen: string[] = [];
    const result = verifySun({
      ...ok,
      kFile: (uid) => {
        seen.push(uid);
        return ZERO_KEY;
      },
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual(['04DE5F1EACC040']);
  });

  it('classifies malformed input', () => {
    expect(verifySun({ ...ok, piccData: AN12196_E.slice(2) })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySun({ ...ok, piccData: `${AN12196_E.slice(2)}zz` })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySun({ ...ok, cmac: AN12196_C.slice(2) })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySun({ ...ok, cmac: `${AN12196_C}00` })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySun({ ...ok, cmac: 'G'.repeat(16) })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects PICCData whose tag does not announce UID and counter', () => {
    const msg = buildSunMessage({ uid: '04DE5F1EACC040', counter: 1, kMeta: ZERO_KEY, kFile: ZERO_KEY });
    // Re-encrypt the same plaintext with a tag a card personalised by us never sends (no counter mirrored).
    const plain = aes128CbcDecrypt(ZERO_KEY, hex(msg.piccData));
    plain[0] = 0x87;
    const piccData = aes128CbcEncrypt(ZERO_KEY, plain).toString('hex');
    expect(verifySun({ piccData, cmac: msg.cmac, kMeta: ZERO_KEY, kFile: ZERO_KEY })).toEqual({
      ok: false,
      reason: 'bad_tag',
    });
  });

  it('throws on keys of the wrong size and on a non-integer lastCounter', () => {
    expect(() => verifySun({ ...ok, kMeta: Buffer.alloc(8) })).toThrow(RangeError);
    expect(() => verifySun({ ...ok, kFile: Buffer.alloc(24) })).toThrow(RangeError);
    expect(() => verifySun({ ...ok, lastCounter: Number.NaN })).toThrow(RangeError);
  });
});

describe('buildSunMessage', () => {
  it('reproduces the AN12196 message when given its padding bytes', () => {
    const msg = buildSunMessage({
      uid: '04DE5F1EACC040',
      counter: 61,
      kMeta: ZERO_KEY,
      kFile: ZERO_KEY,
      random: hex('DA5CF60941'),
    });
    expect(msg).toEqual({ piccData: AN12196_E, cmac: AN12196_C });
  });

  it('round-trips through parseSunUrl and verifySun for any keys, UID and counter', () => {
    fc.assert(
      fc.property(keyArb, keyArb, uidArb, counterArb, (kMeta, kFile, uid, counter) => {
        const msg = buildSunMessage({ uid, counter, kMeta, kFile });
        const parsed = parseSunUrl(`https://kulup.example/t?picc_data=${msg.piccData}&cmac=${msg.cmac}`);
        expect(parsed).toEqual(msg);
        expect(verifySun({ ...msg, kMeta, kFile, lastCounter: counter - 1 })).toEqual({ ok: true, uid, counter });
        expect(verifySun({ ...msg, kMeta, kFile, lastCounter: counter })).toEqual({
          ok: false,
          reason: 'replayed_counter',
        });
      }),
    );
  });

  it('any flipped bit in PICCData or SDMMAC makes verification fail', () => {
    fc.assert(
      fc.property(keyArb, keyArb, uidArb, counterArb, bitArb, (kMeta, kFile, uid, counter, bit) => {
        const msg = buildSunMessage({ uid, counter, kMeta, kFile });
        const raw = Buffer.concat([hex(msg.piccData), hex(msg.cmac)]);
        raw[bit >> 3]! ^= 1 << (bit & 7);
        const tampered = {
          piccData: raw.subarray(0, 16).toString('hex'),
          cmac: raw.subarray(16).toString('hex'),
        };
        expect(verifySun({ ...tampered, kMeta, kFile }).ok).toBe(false);
      }),
    );
  });

  it('uses fresh random padding so two taps with equal data differ', () => {
    const a = buildSunMessage({ uid: '04DE5F1EACC040', counter: 5, kMeta: ZERO_KEY, kFile: ZERO_KEY });
    const b = buildSunMessage({ uid: '04DE5F1EACC040', counter: 5, kMeta: ZERO_KEY, kFile: ZERO_KEY });
    expect(a.piccData).not.toBe(b.piccData);
    expect(a.cmac).toBe(b.cmac);
  });

  it('accepts a Buffer UID and rejects bad UIDs, counters and padding', () => {
    const base = { counter: 1, kMeta: ZERO_KEY, kFile: ZERO_KEY };
    expect(buildSunMessage({ ...base, uid: hex('04DE5F1EACC040'), random: Buffer.alloc(5) })).toEqual(
      buildSunMessage({ ...base, uid: '04de5f1eacc040', random: Buffer.alloc(5) }),
    );
    expect(() => buildSunMessage({ ...base, uid: '04DE5F1EACC0' })).toThrow(RangeError);
    expect(() => buildSunMessage({ ...base, uid: hex('04DE5F1EACC04000') })).toThrow(RangeError);
    expect(() => buildSunMessage({ ...base, uid: '04DE5F1EACC040', counter: -1 })).toThrow(RangeError);
    expect(() => buildSunMessage({ ...base, uid: '04DE5F1EACC040', counter: SDM_MAX_COUNTER + 1 })).toThrow(RangeError);
    expect(() => buildSunMessage({ ...base, uid: '04DE5F1EACC040', random: Buffer.alloc(4) })).toThrow(RangeError);
  });
});

describe('parseSunUrl', () => {
  const expected = { piccData: AN12196_E, cmac: AN12196_C };

  it('accepts full URLs, bare query strings, short names and any case', () => {
    expect(parseSunUrl(`https://ntag.nxp.com/424?e=${AN12196_E}&c=${AN12196_C}`)).toEqual(expected);
    expect(parseSunUrl(`picc_data=${AN12196_E}&cmac=${AN12196_C}`)).toEqual(expected);
    expect(parseSunUrl(`?PICC_DATA=${AN12196_E.toLowerCase()}&CMAC=${AN12196_C.toLowerCase()}`)).toEqual(expected);
    expect(parseSunUrl(`https://k.example/t?x=1&cmac=${AN12196_C}&picc_data=${AN12196_E}#frag`)).toEqual(expected);
  });

  it('returns null for missing, repeated or malformed parameters', () => {
    expect(parseSunUrl('https://k.example/t')).toBeNull();
    expect(parseSunUrl(`https://k.example/t?e=${AN12196_E}`)).toBeNull();
    expect(parseSunUrl(`?e=${AN12196_E}&picc_data=${AN12196_E}&c=${AN12196_C}`)).toBeNull();
    expect(parseSunUrl(`?e=${AN12196_E}&c=${AN12196_C}&cmac=${AN12196_C}`)).toBeNull();
    expect(parseSunUrl(`?e=${AN12196_E.slice(1)}&c=${AN12196_C}`)).toBeNull();
    expect(parseSunUrl(`?e=${AN12196_E}&c=${AN12196_C}0`)).toBeNull();
    expect(parseSunUrl(`?e=${AN12196_E.slice(2)}+x&c=${AN12196_C}`)).toBeNull();
  });
});
