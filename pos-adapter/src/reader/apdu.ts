// ISO 7816-4 / PC/SC part 3 command APDUs used on an NTAG 424 DNA tap, shared by the reader and the virtual card.

/** NFC Forum Type 4 Tag NDEF application (NTAG 424 DNA application DF name). */
export const NDEF_APP_AID = Buffer.from('D2760000850101', 'hex');

/** Capability container file of the NDEF application. */
export const CC_FILE_ID = 0xe103;

/** NDEF file of the NDEF application; on NTAG 424 DNA it holds the SUN (SDM) mirror. */
export const NDEF_FILE_ID = 0xe104;

/** Status words the tap flow distinguishes. */
export const SW = {
  ok: 0x9000,
  wrongLength: 0x6700,
  securityNotSatisfied: 0x6982,
  noCurrentEf: 0x6986,
  functionNotSupported: 0x6a81,
  fileNotFound: 0x6a82,
  wrongP1P2: 0x6a86,
  wrongOffset: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
} as const;

/** Largest Le a short APDU can ask for (Le = 00 means 256). */
export const MAX_SHORT_LE = 256;

/** PC/SC part 3 pseudo-APDU "Get Data: UID" answered by the reader (or a virtual card) with UID ‖ 9000. */
export function getUidApdu(): Buffer {
  return Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);
}

/** ISO SELECT by DF name, first or only occurrence, FCI requested (P2 00) and Le 00, as NTAG 424 readers send it. */
export function selectAidApdu(aid: Buffer = NDEF_APP_AID): Buffer {
  return Buffer.concat([Buffer.from([0x00, 0xa4, 0x04, 0x00, aid.length]), aid, Buffer.from([0x00])]);
}

/** ISO SELECT of an elementary file by its 2-byte identifier, no response data (P2 0C). */
export function selectFileApdu(fileId: number): Buffer {
  return Buffer.from([0x00, 0xa4, 0x00, 0x0c, 0x02, (fileId >>> 8) & 0xff, fileId & 0xff]);
}

/** ISO READ BINARY of the current EF with CLA 00; `length` 1–256 (256 is sent as Le 00). */
export function readBinaryApdu(offset: number, length: number): Buffer {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0x7fff) throw new RangeError('offset must be 0–32767');
  if (!Number.isInteger(length) || length < 1 || length > MAX_SHORT_LE) throw new RangeError('length must be 1–256');
  return Buffer.from([0x00, 0xb0, (offset >>> 8) & 0xff, offset & 0xff, length & 0xff]);
}

/** A response APDU split into data and status word; null if shorter than the 2-byte status word. */
export function splitResponse(response: Buffer): { data: Buffer; sw: number } | null {
  if (response.length < 2) return null;
  return { data: response.subarray(0, -2), sw: response.readUInt16BE(response.length - 2) };
}

/** Builds a response APDU from data and a status word. */
export function responseApdu(sw: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.alloc(data.length + 2);
  data.copy(out);
  out.writeUInt16BE(sw, data.length);
  return out;
}

/** Status word as 4 upper-case hex digits, for messages. */
export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
