import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AES_BLOCK_BYTES, aes128CbcDecrypt, aes128CbcEncrypt, aesCmac, assertAes128Key } from './aes-cmac';

// NTAG 424 DNA Secure Unique NFC (SUN) messages, AES mode, per NXP AN12196 and the NT4H2421Gx data sheet.

/** PICCDataTag for "UID and SDMReadCtr mirrored, 7-byte UID" (bit 7 UID, bit 6 counter, low nibble UID length). */
export const PICC_DATA_TAG_UID_CTR = 0xc7;

/** Highest SDMReadCtr value: the counter is 24 bits and the tag stops answering SUN reads once it is reached. */
export const SDM_MAX_COUNTER = 0xff_ffff;

/** Length in bytes of an NTAG 424 DNA UID. */
export const NTAG424_UID_BYTES = 7;

/** Why a SUN message was rejected; map all of them to one generic error for the shopper-facing caller. */
export type SunFailure = 'malformed' | 'bad_tag' | 'bad_cmac' | 'replayed_counter';

/** Outcome of `verifySun`: the authenticated UID (hex, upper case) and read counter, or why it failed. */
export type SunResult = { ok: true; uid: string; counter: number } | { ok: false; reason: SunFailure };

/** Outcome of `decryptPiccData`: UID and counter as claimed by the message, not yet authenticated. */
export type PiccDataResult =
  | { ok: true; uid: string; counter: number }
  | { ok: false; reason: Extract<SunFailure, 'malformed' | 'bad_tag'> };

/** The two dynamic values of a SUN URL, as upper-case hex. */
export type SunParams = { piccData: string; cmac: string };

/** Input to `verifySun`; `kFile` may be a function so a per-card key can be derived from the decrypted UID. */
export type VerifySunInput = {
  piccData: string;
  cmac: string;
  kMeta: Buffer;
  kFile: Buffer | ((uidHex: string) => Buffer);
  lastCounter?: number;
  macInput?: Buffer;
};

/** Input to `buildSunMessage`; `random` fixes the 5 padding bytes of PICCData (tests only). */
export type BuildSunInput = {
  uid: string | Buffer;
  counter: number;
  kMeta: Buffer;
  kFile: Buffer;
  random?: Buffer;
  macInput?: Buffer;
};

const PICC_DATA_HEX = /^[0-9a-fA-F]{32}$/;
const CMAC_HEX = /^[0-9a-fA-F]{16}$/;
const UID_HEX = /^[0-9a-fA-F]{14}$/;
const PICC_PARAM_NAMES = new Set(['picc_data', 'e']);
const CMAC_PARAM_NAMES = new Set(['cmac', 'c']);
const PICC_RANDOM_BYTES = AES_BLOCK_BYTES - 1 - NTAG424_UID_BYTES - 3;
// SV2 prefix for the SDM MAC session key (AN12196, NT4H2421Gx data sheet): label 3CC3, counter 0001, length 0080.
const SV2_PREFIX = Buffer.from([0x3c, 0xc3, 0x00, 0x01, 0x00, 0x80]);
const EMPTY = Buffer.alloc(0);

function counterLsbFirst(counter: number): Buffer {
  if (!Number.isInteger(counter) || counter < 0 || counter > SDM_MAX_COUNTER) {
    throw new RangeError(`SDM read counter must be an integer between 0 and ${SDM_MAX_COUNTER}`);
  }
  return Buffer.from([counter & 0xff, (counter >>> 8) & 0xff, (counter >>> 16) & 0xff]);
}

function uidBytes(uid: string | Buffer): Buffer {
  if (Buffer.isBuffer(uid)) {
    if (uid.length !== NTAG424_UID_BYTES) throw new RangeError('UID must be 7 bytes');
    return uid;
  }
  if (!UID_HEX.test(uid)) throw new RangeError('UID must be 14 hex characters');
  return Buffer.from(uid, 'hex');
}

/** Extracts `picc_data`/`e` and `cmac`/`c` from a SUN URL or query; null if absent, repeated or malformed hex. */
export function parseSunUrl(input: string): SunParams | null {
  const start = input.indexOf('?');
  const query = (start === -1 ? input : input.slice(start + 1)).split('#')[0] ?? '';
  let piccData: string | undefined;
  let cmac: string | undefined;
  for (const [name, value] of new URLSearchParams(query)) {
    const key = name.toLowerCase();
    if (PICC_PARAM_NAMES.has(key)) {
      // Two candidate values would leave it to us to pick one; refuse rather than guess.
      if (piccData !== undefined) return null;
      piccData = value;
    } else if (CMAC_PARAM_NAMES.has(key)) {
      if (cmac !== undefined) return null;
      cmac = value;
    }
  }
  if (piccData === undefined || cmac === undefined) return null;
  if (!PICC_DATA_HEX.test(piccData) || !CMAC_HEX.test(cmac)) return null;
  return { piccData: piccData.toUpperCase(), cmac: cmac.toUpperCase() };
}

/** Decrypts PICCData with K_SDMMetaRead (AES-128-CBC, zero IV); unauthenticated until `verifySun` passes. */
export function decryptPiccData(piccDataHex: string, kMeta: Buffer): PiccDataResult {
  assertAes128Key(kMeta, 'kMeta');
  if (!PICC_DATA_HEX.test(piccDataHex)) return { ok: false, reason: 'malformed' };
  const plain = aes128CbcDecrypt(kMeta, Buffer.from(piccDataHex, 'hex'));
  if (plain[0] !== PICC_DATA_TAG_UID_CTR) return { ok: false, reason: 'bad_tag' };
  const uid = plain.subarray(1, 1 + NTAG424_UID_BYTES).toString('hex').toUpperCase();
  const counter = plain.readUIntLE(1 + NTAG424_UID_BYTES, 3);
  return { ok: true, uid, counter };
}

/** K_SesSDMFileReadMAC = AES-CMAC(K_SDMFileRead, 3CC3 0001 0080 ‖ UID ‖ SDMReadCtr LSB first, zero-padded). */
export function sdmSessionMacKey(kFile: Buffer, uid: string | Buffer, counter: number): Buffer {
  assertAes128Key(kFile, 'kFile');
  const sv = Buffer.concat([SV2_PREFIX, uidBytes(uid), counterLsbFirst(counter)]);
  const padded = Buffer.alloc(Math.ceil(sv.length / AES_BLOCK_BYTES) * AES_BLOCK_BYTES);
  sv.copy(padded);
  return aesCmac(kFile, padded);
}

/** SDMMAC: odd-indexed bytes of AES-CMAC(session key, MAC input); the input is empty if nothing else is mirrored. */
export function computeSdmMac(kFile: Buffer, uid: string | Buffer, counter: number, macInput: Buffer = EMPTY): Buffer {
  const full = aesCmac(sdmSessionMacKey(kFile, uid, counter), macInput);
  const truncated = Buffer.alloc(8);
  for (let i = 0; i < 8; i++) truncated[i] = full[2 * i + 1]!;
  return truncated;
}

/** Verifies a SUN message: tag, SDMMAC (constant-time compare), then counter strictly above `lastCounter`. */
export function verifySun(input: VerifySunInput): SunResult {
  const { piccData, cmac, kMeta, kFile, lastCounter, macInput = EMPTY } = input;
  if (lastCounter !== undefined && !Number.isInteger(lastCounter)) {
    throw new RangeError('lastCounter must be an integer');
  }
  if (!CMAC_HEX.test(cmac)) return { ok: false, reason: 'malformed' };
  const decrypted = decryptPiccData(piccData, kMeta);
  if (!decrypted.ok) return decrypted;
  const fileKey = typeof kFile === 'function' ? kFile(decrypted.uid) : kFile;
  const expected = computeSdmMac(fileKey, decrypted.uid, decrypted.counter, macInput);
  if (!timingSafeEqual(expected, Buffer.from(cmac, 'hex'))) return { ok: false, reason: 'bad_cmac' };
  // Checked only after the MAC so an unauthenticated message learns nothing about the stored counter.
  if (lastCounter !== undefined && decrypted.counter <= lastCounter) return { ok: false, reason: 'replayed_counter' };
  return { ok: true, uid: decrypted.uid, counter: decrypted.counter };
}

/** The SUN message a personalised NTAG 424 DNA would emit (PICCData tag 0xC7, random padding), for virtual cards. */
export function buildSunMessage(input: BuildSunInput): SunParams {
  const { counter, kMeta, kFile, macInput = EMPTY } = input;
  assertAes128Key(kMeta, 'kMeta');
  const uid = uidBytes(input.uid);
  const random = input.random ?? randomBytes(PICC_RANDOM_BYTES);
  if (random.length !== PICC_RANDOM_BYTES) throw new RangeError(`random must be ${PICC_RANDOM_BYTES} bytes`);
  const plain = Buffer.concat([Buffer.from([PICC_DATA_TAG_UID_CTR]), uid, counterLsbFirst(counter), random]);
  return {
    piccData: aes128CbcEncrypt(kMeta, plain).toString('hex').toUpperCase(),
    cmac: computeSdmMac(kFile, uid, counter, macInput).toString('hex').toUpperCase(),
  };
}
