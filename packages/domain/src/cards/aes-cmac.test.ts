import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { aes128CbcDecrypt, aes128CbcEncrypt, aesCmac, cmacSubkeys, padIso9797M2 } from './aes-cmac';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

// RFC 4493 §4 test vectors (identical to NIST SP 800-38B, AES-128 examples).
const RFC_KEY = hex('2b7e151628aed2a6abf7158809cf4f3c');
const RFC_MESSAGE = hex(
  '6bc1bee22e409f96e93d7e117393172a' +
    'ae2d8a571e03ac9c9eb76fac45af8e51' +
    '30c81c46a35ce411e5fbc1191a0a52ef' +
    'f69f2445df4f9b17ad2b417be66c3710',
);

describe('AES-CMAC (RFC 4493)', () => {
  it('derives the RFC 4493 subkeys', () => {
    const { k1, k2 } = cmacSubkeys(RFC_KEY);
    expect(k1.toString('hex')).toBe('fbeed618357133667c85e08f7236a8de');
    expect(k2.toString('hex')).toBe('f7ddac306ae266ccf90bc11ee46d513b');
  });

  it.each([
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ])('matches RFC 4493 example for a %i-byte message', (length, tag) => {
    expect(aesCmac(RFC_KEY, RFC_MESSAGE.subarray(0, length)).toString('hex')).toBe(tag);
  });

  it('does not confuse a full block with the same block plus a padding-looking byte', () => {
    const block = RFC_MESSAGE.subarray(0, 16);
    expect(aesCmac(RFC_KEY, block)).not.toEqual(aesCmac(RFC_KEY, padIso9797M2(block, 32)));
    expect(aesCmac(RFC_KEY, block)).not.toEqual(aesCmac(RFC_KEY, RFC_MESSAGE.subarray(0, 17)));
  });

  it('rejects keys that are not 16 bytes', () => {
    expect(() => aesCmac(Buffer.alloc(15), Buffer.alloc(0))).toThrow(RangeError);
    expect(() => aesCmac(Buffer.alloc(32), Buffer.alloc(0))).toThrow(RangeError);
  });

  it('AES-128-CBC without padding round-trips whole blocks', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n })),
        (key, data) => {
          const k = Buffer.from(key);
          const d = Buffer.from(data);
          expect(aes128CbcDecrypt(k, aes128CbcEncrypt(k, d))).toEqual(d);
        },
      ),
    );
  });
});
