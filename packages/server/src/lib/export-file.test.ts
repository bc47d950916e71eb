import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';

import { exportFile, istanbulDateText, neutraliseFormula, pagedRows } from './export-file';

async function bytesOf(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

type Row = { name: string; score: number; at: Date | null; ok: boolean };
const table = (rows: Row[] | AsyncIterable<Row>) => ({
  sheetName: 'Sonuçlar: [Kasım]',
  columns: [
    { header: 'Ad', value: (r: Row) => r.name },
    { header: 'Puan', value: (r: Row) => r.score },
    { header: 'Tarih', value: (r: Row) => r.at },
    { header: 'Gün', value: (r: Row) => r.at, dateStyle: 'date' as const },
    { header: 'Tamam', value: (r: Row) => r.ok },
  ],
  rows,
});

describe('export files', () => {
  it('neutralises text that a spreadsheet would run as a formula, and nothing else', () => {
    expect(['=1+1', '+90 532', '-5', '@SUM(A1)', '\t=x', '\r=x', 'a=b', 'Çağrı', ''].map(neutraliseFormula)).toEqual([
      "'=1+1", "'+90 532", "'-5", "'@SUM(A1)", "'\t=x", "'\r=x", 'a=b', 'Çağrı', '',
    ]);
  });

  it('writes RFC 4180 CSV with a BOM, CRLF, doubled quotes, Istanbul dates and unprefixed negative numbers', async () => {
    const at = new Date('2026-10-31T22:30:00Z');
    const file = exportFile('csv', 'rapor', table([
      { name: 'Şule, "Ş" İnce\nikinci', score: -20, at, ok: true },
      { name: '=cmd', score: 0, at: null, ok: false },
    ]));
    expect([file.fileName, file.contentType]).toEqual(['rapor.csv', 'text/csv; charset=utf-8']);
    const bytes = await bytesOf(file.body);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Ad,Puan,Tarih,Gün,Tamam\r\n"Şule, ""Ş"" İnce\nikinci",-20,2026-11-01 01:30,2026-11-01,true\r\n\'=cmd,0,,,false\r\n',
    );
  });

  it('streams rows from an async source page by page', async () => {
    const pages = [['a', 'b'], ['c'], []];
    const seen: (number | undefined)[] = [];
    const rows = pagedRows<Row, number>(async (cursor) => {
      seen.push(cursor);
      const i = cursor ?? 0;
      return { rows: pages[i]!.map((name) => ({ name, score: 1, at: null, ok: true })), next: i + 1 < pages.length ? i + 1 : undefined };
    });
    const text = (await bytesOf(exportFile('csv', 'x', table(rows)).body)).toString('utf8');
    expect(text.split('\r\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['a', 'b', 'c']);
    expect(seen).toEqual([undefined, 1, 2]);
  });

  it('writes XLSX with typed cells, wall-clock dates and a valid sheet name', async () => {
    const file = exportFile('xlsx', 'rapor', table([{ name: '+1', score: 7.5, at: new Date('2026-06-01T09:05:00Z'), ok: true }]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytesOf(file.body)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Sonuçlar Kasım');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Ad', 'Puan', 'Tarih', 'Gün', 'Tamam']);
    const row = sheet.getRow(2);
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(5).value]).toEqual(["'+1", 7.5, true]);
    expect((row.getCell(3).value as Date).toISOString()).toBe('2026-06-01T12:05:00.000Z');
    expect(row.getCell(3).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(row.getCell(4).numFmt).toBe('yyyy-mm-dd');
    expect(istanbulDateText(new Date('2026-06-01T21:00:00Z'), 'date')).toBe('2026-06-02');
  });
});
