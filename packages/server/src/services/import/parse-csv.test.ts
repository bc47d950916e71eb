import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { detectDelimiter, parseCsv } from './parse-csv';

const all = (text: string, delimiter?: ',' | ';') => [...parseCsv(text, delimiter)];

describe('parseCsv (RFC 4180)', () => {
  it('reads plain fields with CRLF and LF record ends, with or without a final line break', () => {
    expect(all('a,b,c\r\n1,2,3\r\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
    expect(all('a,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(all('a,,c,\n,,,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c', ''] },
      { line: 2, fields: ['', '', '', ''] },
    ]);
  });

  it('reads quoted fields holding delimiters, doubled quotes and line breaks, and counts lines inside them', () => {
    const text = 'name,note\r\n"Yılmaz, Ayşe","dedi ki ""merhaba"""\r\n"Kaya","iki\r\nsatır"\r\nson,x\r\n';
    expect(all(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Yılmaz, Ayşe', 'dedi ki "merhaba"'] },
      { line: 3, fields: ['Kaya', 'iki\r\nsatır'] },
      { line: 5, fields: ['son', 'x'] },
    ]);
  });

  it('reads an empty quoted field and a quoted field at the end of the file', () => {
    expect(all('"",a,""')).toEqual([{ line: 1, fields: ['', 'a', ''] }]);
  });

  it('skips empty lines but keeps counting them', () => {
    expect(all('a\n\n\r\nb\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('drops a UTF-8 byte-order mark', () => {
    expect(all('\uFEFFexternalRef,firstName\n')).toEqual([{ line: 1, fields: ['externalRef', 'firstName'] }]);
  });

  it('uses ; when the first line has semicolons and no commas (Excel in a Turkish locale)', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a,b;c\n')).toBe(',');
    expect(all('a;b\n"1;5";2,5\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1;5', '2,5'] },
    ]);
  });

  it('reports a stray quote or text after a closing quote for that record and reads on at the next line', () => {
    expect(all('a,b\n1,x"y\n"q"z,2\n3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('inside unquoted field 2') },
      { line: 3, error: expect.stringContaining('after a closing quote in field 1') },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('reports a quote that is never closed at the line it opens on and stops', () => {
    expect(all('a,b\n1,"open\n2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('never closed') },
    ]);
  });

  it('reads back whatever a correct writer produced (round trip)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'ş', ' ', ',', ';', '"', '\n', '\r\n', '1') });
    const quote = (f: string) => (/[",;\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.boolean(), (rows, crlf) => {
        const text = rows.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
        expect(all(text, ',').map((r) => r.fields)).toEqual(rows);
      }),
    );
  });
});
