import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { aesCmac, cmacSubkeys } from './aes-cmac';
import {
  AN10922_MAX_INPUT_BYTES,
  CARD_KEY_NUMBERS,
  an10922DiversifyAes128,
  deriveCardKeys,
  deriveMetaKey,
  diversifyKey,
} from './key-diversification';
import { buildSunMessage, decryptPiccData, verifySun } from './sun';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

// NXP AN10922 "Symmetric key diversifications", AES-128 example: master key, UID, AID, system identifier "NXP Abu".
const AN10922_MASTER = hex('00112233445566778899AABBCCDDEEFF');
const AN10922_M = Buffer.concat([hex('04782E21801D80'), hex('3042F5'), Buffer.from('NXP Abu', 'ascii')]);

const keyArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a));
const uidArb = fc.uint8Array({ minLength: 7, maxLength: 7 }).map((a) => Buffer.from(a));

describe('an10922DiversifyAes128', () => {
  it('reproduces the AN10922 AES-128 example', () => {
    expect(AN10922_M.toString('hex').toUpperCase()).toBe('04782E21801D803042F54E585020416275');
    const { k1, k2 } = cmacSubkeys(AN10922_MASTER);
    expect(k1.toString('hex').toUpperCase()).toBe('FBC9F75C9413C041DFEE452D3F0706D1');
    expect(k2.toString('hex').toUpperCase()).toBe('F793EEB928278083BFDC8A5A7E0E0D25');
    expect(an10922DiversifyAes128(AN10922_MASTER, AN10922_M).toString('hex').toUpperCase()).toBe(
      'A8DD63A3B89D54B37CA802473FDA9175',
    );
  });

  it('equals plain CMAC(0x01 ‖ M) once 0x01 ‖ M is longer than one block', () => {
    fc.assert(
      fc.property(keyArb, fc.uint8Array({ minLength: 16, maxLength: AN10922_MAX_INPUT_BYTES }), (key, m) => {
        const input = Buffer.from(m);
        expect(an10922DiversifyAes128(key, input)).toEqual(aesCmac(key, Buffer.concat([Buffer.from([1]), input])));
      }),
    );
  });

  it('differs from plain CMAC for short inputs, because it always pads to 32 bytes', () => {
    fc.assert(
      fc.property(keyArb, fc.uint8Array({ minLength: 1, maxLength: 15 }), (key, m) => {
        const input = Buffer.from(m);
        expect(an10922DiversifyAes128(key, input)).not.toEqual(aesCmac(key, Buffer.concat([Buffer.from([1]), input])));
      }),
    );
  });

  it('rejects empty and over-long inputs and wrong master key sizes', () => {
    expect(() => an10922DiversifyAes128(AN10922_MASTER, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => an10922DiversifyAes128(AN10922_MASTER, Buffer.alloc(32))).toThrow(RangeError);
    expect(() => an10922DiversifyAes128(Buffer.alloc(24), AN10922_M)).toThrow(RangeError);
  });
});

describe('diversifyKey', () => {
  it('follows the documented layout M = UID ‖ keyNo ‖ systemIdentifier', () => {
    const uid = hex('04782E21801D80');
    const sys = Buffer.from('NXP Abu', 'ascii');
    expect(diversifyKey(AN10922_MASTER, uid, 2, sys)).toEqual(
      an10922DiversifyAes128(AN10922_MASTER, Buffer.concat([uid, Buffer.from([2]), sys])),
    );
  });

  it('is deterministic and separates UIDs, key numbers, system identifiers and master keys', () => {
    fc.assert(
      fc.property(keyArb, keyArb, uidArb, uidArb, (master, otherMaster, uid, otherUid) => {
        fc.pre(!uid.equals(otherUid) && !master.equals(otherMaster));
        const k = diversifyKey(master, uid, 1);
        expect(k).toHaveLength(16);
        expect(diversifyKey(master, Buffer.from(uid), 1)).toEqual(k);
        expect(diversifyKey(master, otherUid, 1)).not.toEqual(k);
        expect(diversifyKey(master, uid, 2)).not.toEqual(k);
        expect(diversifyKey(master, uid, 1, Buffer.from('Kulup'))).not.toEqual(k);
        expect(diversifyKey(otherMaster, uid, 1)).not.toEqual(k);
      }),
    );
  });

  it('rejects bad UIDs, key numbers and inputs that do not fit AN10922', () => {
    expect(() => diversifyKey(AN10922_MASTER, Buffer.alloc(3), 1)).toThrow(RangeError);
    expect(() => diversifyKey(AN10922_MASTER, Buffer.alloc(11), 1)).toThrow(RangeError);
    expect(() => diversifyKey(AN10922_MASTER, Buffer.alloc(7), 256)).toThrow(RangeError);
    expect(() => diversifyKey(AN10922_MASTER, Buffer.alloc(7), 1.5)).toThrow(RangeError);
    expect(() => diversifyKey(AN10922_MASTER, Buffer.alloc(7), 1, Buffer.alloc(24))).toThrow(RangeError);
    expect(diversifyKey(AN10922_MASTER, Buffer.alloc(7), 1, Buffer.alloc(23))).toHaveLength(16);
  });
});

describe('deriveCardKeys', () => {
  it('gives every card the same meta key and its own file key', () => {
    const a = deriveCardKeys(AN10922_MASTER, '04DE5F1EACC040');
    const b = deriveCardKeys(AN10922_MASTER, '04de5f1eacc041');
    expect(a.kMeta).toEqual(b.kMeta);
    expect(a.kMeta).toEqual(deriveMetaKey(AN10922_MASTER));
    expect(a.kFile).not.toEqual(b.kFile);
    expect(a.kFile).not.toEqual(a.kMeta);
    expect(a.kFile).toEqual(diversifyKey(AN10922_MASTER, hex('04DE5F1EACC040'), CARD_KEY_NUMBERS.sdmFileRead));
  });

  it('keys a card so the server can verify it knowing only the master key', () => {
    fc.assert(
      fc.property(keyArb, uidArb, fc.integer({ min: 0, max: 0xffffff }), (master, uidBytes, counter) => {
        const uid = uidBytes.toString('hex').toUpperCase();
        const { kMeta, kFile } = deriveCardKeys(master, uid);
        const msg = buildSunMessage({ uid, counter, kMeta, kFile });
        // Server side: decrypt with the shared meta key, then derive the file key from the claimed UID.
        const claimed = decryptPiccData(msg.piccData, deriveMetaKey(master));
        expect(claimed).toEqual({ ok: true, uid, counter });
        const result = verifySun({
          ...msg,
          kMeta: deriveMetaKey(master),
          kFile: (u) => deriveCardKeys(master, u).kFile,
        });
        expect(result).toEqual({ ok: true, uid, counter });
      }),
    );
  });

  it('rejects UID strings that are not 4 to 10 bytes of hex', () => {
    expect(() => deriveCardKeys(AN10922_MASTER, '04DE5F1EACC04')).toThrow(RangeError);
    expect(() => deriveCardKeys(AN10922_MASTER, '04DE5F')).toThrow(RangeError);
    expect(() => deriveCardKeys(AN10922_MASTER, '04DE5F1EACC0ZZ')).toThrow(RangeError);
  });
});
