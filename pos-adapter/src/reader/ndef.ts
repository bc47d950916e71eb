import { parseSunUrl, type SunParams } from '@kulup/domain';

// NFC Forum NDEF (short and long records) and the URI record type, as held in a Type 4 Tag NDEF file.
// Pure: bytes in, values out. Used by the reader to parse a tap and by the virtual card to build its file.

/** TNF values of the NDEF record header (low 3 bits). */
export const TNF = { empty: 0, wellKnown: 1, media: 2, absoluteUri: 3, external: 4, unknown: 5, unchanged: 6 } as const;

const MB = 0x80;
const ME = 0x40;
const CF = 0x20;
const SR = 0x10;
const IL = 0x08;
const TNF_MASK = 0x07;
const URI_TYPE = Buffer.from('U', 'ascii');

/** NFC Forum URI RTD identifier codes 0x00–0x23; index = code. */
export const URI_PREFIXES: readonly string[] = [
  '',
  'http://www.',
  'https://www.',
  'http://',
  'https://',
  'tel:',
  'mailto:',
  'ftp://anonymous:anonymous@',
  'ftp://ftp.',
  'ftps://',
  'sftp://',
  'smb://',
  'nfs://',
  'ftp://',
  'dav://',
  'news:',
  'telnet://',
  'imap:',
  'rtsp://',
  'urn:',
  'pop:',
  'sip:',
  'sips:',
  'tftp:',
  'btspp://',
  'btl2cap://',
  'btgoep://',
  'tcpobex://',
  'irdaobex://',
  'file://',
  'urn:epc:id:',
  'urn:epc:tag:',
  'urn:epc:pat:',
  'urn:epc:raw:',
  'urn:epc:',
  'urn:nfc:',
];

/** One NDEF record; `type`, `id` and `payload` are views into the parsed buffer. */
export type NdefRecord = { tnf: number; type: Buffer; id: Buffer; payload: Buffer };

/** Why NDEF bytes could not be used. */
export type NdefFailure =
  | 'empty_file'
  | 'truncated'
  | 'bad_message_begin'
  | 'chunked_record'
  | 'trailing_bytes'
  | 'no_uri_record'
  | 'bad_uri';

export type NdefResult<T> = { ok: true; value: T } | { ok: false; reason: NdefFailure };

/** Parses a complete NDEF message (no NLEN prefix); chunked records are refused (NTAG 424 never emits them). */
export function parseNdefMessage(bytes: Buffer): NdefResult<NdefRecord[]> {
  if (bytes.length === 0) return { ok: false, reason: 'empty_file' };
  const records: NdefRecord[] = [];
  let pos = 0;
  for (;;) {
    const header = bytes[pos];
    if (header === undefined) return { ok: false, reason: 'truncated' };
    if (records.length === 0 && !(header & MB)) return { ok: false, reason: 'bad_message_begin' };
    if (header & CF) return { ok: false, reason: 'chunked_record' };
    const shortRecord = (header & SR) !== 0;
    const hasId = (header & IL) !== 0;
    const fixedLength = 2 + (shortRecord ? 1 : 4) + (hasId ? 1 : 0);
    if (pos + fixedLength > bytes.length) return { ok: false, reason: 'truncated' };
    const typeLength = bytes[pos + 1]!;
    const payloadLength = shortRecord ? bytes[pos + 2]! : bytes.readUInt32BE(pos + 2);
    const idLength = hasId ? bytes[pos + fixedLength - 1]! : 0;
    const typeStart = pos + fixedLength;
    const idStart = typeStart + typeLength;
    const payloadStart = idStart + idLength;
    const end = payloadStart + payloadLength;
    if (end > bytes.length) return { ok: false, reason: 'truncated' };
    records.push({
      tnf: header & TNF_MASK,
      type: bytes.subarray(typeStart, idStart),
      id: bytes.subarray(idStart, payloadStart),
      payload: bytes.subarray(payloadStart, end),
    });
    pos = end;
    if (header & ME) break;
  }
  if (pos !== bytes.length) return { ok: false, reason: 'trailing_bytes' };
  return { ok: true, value: records };
}

/** The URI of a well-known "U" record (prefix code expanded) or an absolute-URI record; null for other records. */
export function decodeUriRecord(record: NdefRecord): NdefResult<string> | null {
  if (record.tnf === TNF.absoluteUri) return { ok: true, value: record.type.toString('utf8') };
  if (record.tnf !== TNF.wellKnown || !record.type.equals(URI_TYPE)) return null;
  const code = record.payload[0];
  const prefix = code === undefined ? undefined : URI_PREFIXES[code];
  if (prefix === undefined) return { ok: false, reason: 'bad_uri' };
  return { ok: true, value: prefix + record.payload.subarray(1).toString('utf8') };
}

/** The first URI in an NDEF message. */
export function firstUri(message: Buffer): NdefResult<string> {
  const parsed = parseNdefMessage(message);
  if (!parsed.ok) return parsed;
  for (const record of parsed.value) {
    const uri = decodeUriRecord(record);
    if (uri) return uri;
  }
  return { ok: false, reason: 'no_uri_record' };
}

/** Outcome of reading an NDEF message from a tap: a SUN message, or just a URI that carries none. */
export type NdefSunResult = { ok: true; url: string; sun: SunParams | null } | { ok: false; reason: NdefFailure };

/** Finds the first URI in an NDEF message and extracts its SUN parameters (`picc_data`/`e`, `cmac`/`c`) if any. */
export function sunFromNdefMessage(message: Buffer): NdefSunResult {
  const uri = firstUri(message);
  if (!uri.ok) return uri;
  return { ok: true, url: uri.value, sun: parseSunUrl(uri.value) };
}

/** Encodes a one-record NDEF message holding a well-known URI record with the longest matching prefix code. */
export function encodeUriMessage(uri: string): Buffer {
  let code = 0;
  for (let i = 1; i < URI_PREFIXES.length; i++) {
    const prefix = URI_PREFIXES[i]!;
    if (uri.startsWith(prefix) && prefix.length > URI_PREFIXES[code]!.length) code = i;
  }
  const payload = Buffer.concat([Buffer.from([code]), Buffer.from(uri.slice(URI_PREFIXES[code]!.length), 'utf8')]);
  const shortRecord = payload.length <= 0xff;
  const header = Buffer.from([MB | ME | (shortRecord ? SR : 0) | TNF.wellKnown, URI_TYPE.length]);
  const length = shortRecord ? Buffer.from([payload.length]) : Buffer.alloc(4);
  if (!shortRecord) length.writeUInt32BE(payload.length);
  return Buffer.concat([header, length, URI_TYPE, payload]);
}

/** Type 4 Tag NDEF file content: NLEN (2 bytes, big-endian) ‖ message, zero-padded to `fileSize` if given. */
export function encodeNdefFile(message: Buffer, fileSize?: number): Buffer {
  const used = 2 + message.length;
  if (message.length > 0xfffe) throw new RangeError('NDEF message too long for a Type 4 Tag');
  if (fileSize !== undefined && fileSize < used) throw new RangeError(`NDEF message needs ${used} bytes, file has ${fileSize}`);
  const file = Buffer.alloc(fileSize ?? used);
  file.writeUInt16BE(message.length, 0);
  message.copy(file, 2);
  return file;
}
