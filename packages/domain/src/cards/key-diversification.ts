import { AES_BLOCK_BYTES, assertAes128Key, cmacOverBlocks, cmacSubkeys, padIso9797M2 } from './aes-cmac';

// Changing any layout below changes every derived key: cards already personalised would stop verifying.

/** Card key slots (NTAG 424 DNA app keys 0–4) used for SUN; also the key-number byte of the diversification input. */
export const CARD_KEY_NUMBERS = { appMaster: 0, sdmMetaRead: 1, sdmFileRead: 2 } as const;

/** Longest AN10922 AES-128 diversification input M in bytes (0x01 ‖ M must fit two blocks). */
export const AN10922_MAX_INPUT_BYTES = 2 * AES_BLOCK_BYTES - 1;

const AN10922_AES128_CONSTANT = 0x01;
const UID_HEX = /^(?:[0-9a-fA-F]{2}){4,10}$/;

/** AN10922 AES-128 diversification: CMAC(K, 0x01 ‖ M), padded to two blocks (K2) unless M is 31 bytes (K1). */
export function an10922DiversifyAes128(masterKey: Buffer, divInput: Buffer): Buffer {
  assertAes128Key(masterKey, 'masterKey');
  if (divInput.length < 1 || divInput.length > AN10922_MAX_INPUT_BYTES) {
    throw new RangeError(`diversification input must be 1 to ${AN10922_MAX_INPUT_BYTES} bytes`);
  }
  const d = Buffer.concat([Buffer.from([AN10922_AES128_CONSTANT]), divInput]);
  const { k1, k2 } = cmacSubkeys(masterKey);
  // Unlike plain CMAC, AN10922 pads short inputs to 32 bytes, not to the next block boundary.
  if (d.length === 2 * AES_BLOCK_BYTES) return cmacOverBlocks(masterKey, d, k1);
  return cmacOverBlocks(masterKey, padIso9797M2(d, 2 * AES_BLOCK_BYTES), k2);
}

/** Per-card AES-128 key per AN10922 with M = UID ‖ keyNo (1 byte) ‖ systemIdentifier (optional). */
export function diversifyKey(masterKey: Buffer, uid: Buffer, keyNo: number, systemIdentifier?: Buffer): Buffer {
  if (uid.length < 4 || uid.length > 10) throw new RangeError('UID must be 4 to 10 bytes');
  if (!Number.isInteger(keyNo) || keyNo < 0 || keyNo > 0xff) throw new RangeError('keyNo must be an integer 0–255');
  const m = Buffer.concat([uid, Buffer.from([keyNo]), systemIdentifier ?? Buffer.alloc(0)]);
  return an10922DiversifyAes128(masterKey, m);
}

/** The SDM meta-read key, shared by all cards: PICCData must be decrypted before the server knows which card it is. */
export function deriveMetaKey(masterKey: Buffer, systemIdentifier?: Buffer): Buffer {
  const m = Buffer.concat([Buffer.from([CARD_KEY_NUMBERS.sdmMetaRead]), systemIdentifier ?? Buffer.alloc(0)]);
  return an10922DiversifyAes128(masterKey, m);
}

/** SUN keys for one card: the shared meta-read key (PICCData) and its UID-diversified file-read key (SDMMAC). */
export function deriveCardKeys(
  masterKey: Buffer,
  uidHex: string,
  systemIdentifier?: Buffer,
): { kMeta: Buffer; kFile: Buffer } {
  if (!UID_HEX.test(uidHex)) throw new RangeError('UID must be 4 to 10 bytes of hex');
  return {
    kMeta: deriveMetaKey(masterKey, systemIdentifier),
    kFile: diversifyKey(masterKey, Buffer.from(uidHex, 'hex'), CARD_KEY_NUMBERS.sdmFileRead, systemIdentifier),
  };
}
