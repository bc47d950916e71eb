// Reading CSV and XLSX report exports back in tests: the CSV with its byte-order mark and CRLF records, the XLSX
// with exceljs, every cell rendered as the CSV writes it so the two can be compared row for row.
import ExcelJS from 'exceljs';
import { expect } from 'vitest';

import { parseCsv } from '../../packages/server/src/services/import/parse-csv';

/** The records of a CSV export (BOM checked and dropped, UTF-8 checked, comma-separated). */
export function csvRows(bytes: Uint8Array): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  expect(text.endsWith('\r\n')).toBe(true);
  return [...parseCsv(text, ',')].map((r) => {
    if (r.fields === undefined) throw new Error(`line ${r.line}: ${r.error}`);
    return r.fields;
  });
}

/** The first sheet of an XLSX export, every cell as the CSV export would write it. */
export async function xlsxRows(bytes: Uint8Array): Promise<{ rows: string[][]; sheet: ExcelJS.Worksheet }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const width = sheet.getRow(1).cellCount;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const v = row.getCell(c).value;
      if (v === null || v === undefined) cells.push('');
      else if (v instanceof Date) cells.push(v.toISOString().slice(0, 16).replace('T', ' '));
      else if (typeof v === 'object') throw new Error(`unexpected cell ${JSON.stringify(v)}`);
      else cells.push(String(v));
    }
    rows.push(cells);
  });
  return { rows, sheet };
}
