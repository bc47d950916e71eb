import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TNF,
  URI_PREFIXES,
  decodeUriRecord,
  encodeNdefFile,
  encodeUriMessage,
  firstUri,
  parseNdefMessage,
  sunFromNdefMessage,
} from './ndef';

const SUN_URL = 'https://kulup.example/t?picc_data=EF963FF7828658A599F3041510671E88&cmac=94EED9EE65337086';

describe('encodeUriMessage', () => {
  it('encodes a short well-known URI record with the https:// prefix code', () => {
    const message = encodeUriMessage('https://kulup.example/t');
    // MB|ME|SR|TNF=1, type length 1, payload length, 'U', code 04, rest of the URI.
    expect(message.toString('hex')).toBe(`d101105504${Buffer.from('kulup.example/t').toString('hex')}`);
  });

  it('picks the longest matching prefix', () => {
    expect(encodeUriMessage('https://www.example.com')[4]).toBe(0x02);
    expect(encodeUriMessage('urn:epc:id:sgtin')[4]).toBe(0x1e);
    expect(encodeUriMessage('kulup:card')[4]).toBe(0x00);
  });

  it('uses a long record (4-byte payload length) above 255 payload bytes', () => {
    const uri = `https://kulup.example/${'a'.repeat(300)}`;
    const message = encodeUriMessage(uri);
    expect(message[0]! & 0x10).toBe(0);
    expect(message.readUInt32BE(2)).toBe(1 + uri.length - 'https://'.length);
    expect(firstUri(message)).toEqual({ ok: true, value: uri });
  });

  it('round-trips any URI through firstUri', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string({ maxLength: 400 })), (uri) => {
        expect(firstUri(encodeUriMessage(uri))).toEqual({ ok: true, value: uri });
      }),
    );
  });
});

describe('parseNdefMessage', () => {
  it('parses several records and stops at the ME flag', () => {
    const text = Buffer.from('9101055402656e4869', 'hex'); // MB, SR, well-known "T", "en" "Hi"
    const uri = encodeUriMessage('https://a.example');
    uri[0] = uri[0]! & ~0x80; // second record: clear MB
    const parsed = parseNdefMessage(Buffer.concat([text, uri]));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.map((r) => r.type.toString())).toEqual(['T', 'U']);
    expect(firstUri(Buffer.concat([text, uri]))).toEqual({ ok: true, value: 'https://a.example' });
  });

  it('reads the ID field when IL is set', () => {
    const message = Buffer.from('d9010201551a0461', 'hex'); // MB|ME|SR|IL, type 1, payload 2, id 1
    const parsed = parseNdefMessage(message);
    expect(parsed.ok && parsed.value[0]!.id.toString('hex')).toBe('1a');
    expect(parsed.ok && decodeUriRecord(parsed.value[0]!)).toEqual({ ok: true, value: 'https://a' });
  });

  it.each([
    ['empty', '', 'empty_file'],
    ['header only', 'd1', 'truncated'],
    ['payload cut short', 'd101055504616263', 'truncated'],
    ['first record without MB', '51010255046161', 'bad_message_begin'],
    ['chunked record', 'f1010255046161', 'chunked_record'],
    ['bytes after ME', 'd10102550461ff', 'trailing_bytes'],
    ['no ME before the end', '910102550461', 'truncated'],
  ])('refuses %s', (_name, hex, reason) => {
    expect(parseNdefMessage(Buffer.from(hex, 'hex'))).toEqual({ ok: false, reason });
  });
});

describe('decodeUriRecord', () => {
  it('expands every URI prefix code', () => {
    URI_PREFIXES.forEach((prefix, code) => {
      const record = { tnf: TNF.wellKnown, type: Buffer.from('U'), id: Buffer.alloc(0), payload: Buffer.from([code, 0x78]) };
      expect(decodeUriRecord(record)).toEqual({ ok: true, value: `${prefix}x` });
    });
  });

  it('refuses an unknown prefix code and an empty payload', () => {
    const base = { tnf: TNF.wellKnown, type: Buffer.from('U'), id: Buffer.alloc(0) };
    expect(decodeUriRecord({ ...base, payload: Buffer.from([0x24, 0x78]) })).toEqual({ ok: false, reason: 'bad_uri' });
    expect(decodeUriRecord({ ...base, payload: Buffer.alloc(0) })).toEqual({ ok: false, reason: 'bad_uri' });
  });

  it('reads absolute-URI records and ignores other records', () => {
    const absolute = { tnf: TNF.absoluteUri, type: Buffer.from('https://x.example'), id: Buffer.alloc(0), payload: Buffer.alloc(0) };
    expect(decodeUriRecord(absolute)).toEqual({ ok: true, value: 'https://x.example' });
    const text = { tnf: TNF.wellKnown, type: Buffer.from('T'), id: Buffer.alloc(0), payload: Buffer.from('02656e', 'hex') };
    expect(decodeUriRecord(text)).toBeNull();
    const media = { tnf: TNF.media, type: Buffer.from('U'), id: Buffer.alloc(0), payload: Buffer.from([4]) };
    expect(decodeUriRecord(media)).toBeNull();
  });
});

describe('sunFromNdefMessage', () => {
  it('extracts picc_data and cmac from the SUN URL', () => {
    expect(sunFromNdefMessage(encodeUriMessage(SUN_URL))).toEqual({
      ok: true,
      url: SUN_URL,
      sun: { piccData: 'EF963FF7828658A599F3041510671E88', cmac: '94EED9EE65337086' },
    });
  });

  it('accepts the short e/c parameter names', () => {
    const result = sunFromNdefMessage(encodeUriMessage('https://k.example/?e=EF963FF7828658A599F3041510671E88&c=94EED9EE65337086'));
    expect(result.ok && result.sun).toEqual({ piccData: 'EF963FF7828658A599F3041510671E88', cmac: '94EED9EE65337086' });
  });

  it('returns the URI without SUN parameters when there are none or they are malformed', () => {
    expect(sunFromNdefMessage(encodeUriMessage('https://kulup.example/'))).toEqual({
      ok: true,
      url: 'https://kulup.example/',
      sun: null,
    });
    expect(sunFromNdefMessage(encodeUriMessage('https://k.example/?picc_data=XYZ&cmac=94EED9EE65337086'))).toMatchObject({
      ok: true,
      sun: null,
    });
  });

  it('reports a message without a URI record', () => {
    expect(sunFromNdefMessage(Buffer.from('d101035402656e', 'hex'))).toEqual({ ok: false, reason: 'no_uri_record' });
  });
});

describe('encodeNdefFile', () => {
  it('prefixes NLEN and pads to the file size', () => {
    const message = encodeUriMessage(SUN_URL);
    const file = encodeNdefFile(message, 256);
    expect(file.length).toBe(256);
    expect(file.readUInt16BE(0)).toBe(message.length);
    expect(file.subarray(2, 2 + message.length)).toEqual(message);
    expect(file.subarray(2 + message.length).every((b) => b === 0)).toBe(true);
  });

  it('refuses a message larger than the file', () => {
    expect(() => encodeNdefFile(Buffer.alloc(300), 256)).toThrow(RangeError);
  });
});
