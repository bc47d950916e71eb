// A small RFC 4180 reader: fields separated by a delimiter, records by CRLF or LF; a field in double quotes may
// hold delimiters, line breaks and doubled quotes (""). Written here because the project adds no dependency
// for ~100 lines. Beyond the RFC it accepts LF-only files and `;` as the delimiter (what Excel writes in a
// Turkish locale, where the comma is the decimal separator), and it drops a UTF-8 byte-order mark.

/** One record and the 1-based line of the file it starts on, or why it could not be read. */
export type CsvRecord = { line: number; fields: string[]; error?: undefined } | { line: number; fields?: undefined; error: string };

/** The delimiter of a file from its first line: `;` when it has semicolons and no commas, else `,`. */
export function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
}

/**
 * Reads the records of `text` one by one. A quote in the middle of an unquoted field or text after a closing
 * quote makes that record an error and reading goes on at the next line; a quote never closed makes the rest
 * of the file one error. Empty lines are skipped.
 */
export function* parseCsv(text: string, delimiter: ',' | ';' = detectDelimiter(text)): Generator<CsvRecord> {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = s.length;
  let i = 0;
  let line = 1;

  const skipToNextLine = () => {
    while (i < n && s[i] !== '\n') i++;
    if (i < n) {
      i++;
      line++;
    }
  };

  while (i < n) {
    const startLine = line;
    if (s[i] === '\n' || (s[i] === '\r' && s[i + 1] === '\n')) {
      i += s[i] === '\r' ? 2 : 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    let error: string | undefined;
    for (;;) {
      let value = '';
      if (s[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const ch = s[i]!;
          if (ch === '"') {
            if (s[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n') line++;
          value += ch;
          i++;
        }
        if (!closed) {
          yield { line: startLine, error: 'A quoted field is never closed (a " is missing); the rest of the file could not be read' };
          return;
        }
        if (i < n && s[i] !== delimiter && s[i] !== '\n' && !(s[i] === '\r' && s[i + 1] === '\n')) {
          error = `Unexpected text after a closing quote in field ${fields.length + 1}`;
        }
      } else {
        const start = i;
        while (i < n && s[i] !== delimiter && s[i] !== '\n' && !(s[i] === '\r' && s[i + 1] === '\n')) i++;
        value = s.slice(start, i);
        if (value.includes('"')) error = `A quote (") inside unquoted field ${fields.length + 1}; quote the whole field and double inner quotes`;
      }
      if (error) break;
      fields.push(value);
      if (i < n && s[i] === delimiter) {
        i++;
        continue;
      }
      // End of record: line break or end of file.
      if (i < n) {
        i += s[i] === '\r' ? 2 : 1;
        line++;
      }
      break;
    }
    if (error) {
      skipToNextLine();
      yield { line: startLine, error };
    } else {
      yield { line: startLine, fields };
    }
  }
}
