// Report exports: rows + column definitions → a CSV or XLSX file, streamed.
//
// CSV follows RFC 4180 (comma, CRLF, quotes doubled) and starts with a UTF-8 byte-order mark, without which
// Excel reads UTF-8 as Windows-1254 and garbles ş, ğ, ı, İ. XLSX is written with exceljs' streaming writer,
// one row committed at a time. In both, a text cell starting with = + - @ (or a tab / carriage return) gets a
// leading apostrophe, so a value typed by a customer cannot run as a formula in a spreadsheet (OWASP
// "CSV injection"); numbers and dates are written as such and never prefixed.
import { PassThrough } from 'node:stream';

import { EXPORT_CONTENT_TYPES } from '@kulup/contracts';
import type { TExportFormat, TFileDownload } from '@kulup/contracts';
import ExcelJS from 'exceljs';

export type ExportValue = string | number | boolean | Date | null | undefined;

export type ExportColumn<T> = {
  header: string;
  value: (row: T) => ExportValue;
  /** How a Date is shown: `datetime` (default, minutes) or `date`, both in Europe/Istanbul. */
  dateStyle?: 'date' | 'datetime';
  /** XLSX column width in characters. */
  width?: number;
};

export type ExportTable<T> = {
  /** The worksheet's name (XLSX). */
  sheetName: string;
  columns: readonly ExportColumn<T>[];
  /** Rows in order; an async iterable lets a service read the database page by page while the file streams. */
  rows: Iterable<T> | AsyncIterable<T>;
};

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made inert for spreadsheets: `=1+1` → `'=1+1`. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const istanbulParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Istanbul',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-23 14:05` (or `2026-11-23`) in Europe/Istanbul. */
export function istanbulDateText(at: Date, style: 'date' | 'datetime' = 'datetime'): string {
  const p = Object.fromEntries(istanbulParts.formatToParts(at).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  return style === 'date' ? date : `${date} ${p.hour}:${p.minute}`;
}

/** The instant shifted so its UTC fields show Istanbul wall-clock time: spreadsheets have no time zones. */
function istanbulWallClock(at: Date, style: 'date' | 'datetime'): Date {
  const [date, time = '00:00'] = istanbulDateText(at, style).split(' ');
  return new Date(`${date}T${time}:00Z`);
}

function csvField(value: ExportValue, style: 'date' | 'datetime'): string {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date
      ? istanbulDateText(value, style)
      : typeof value === 'string'
        ? neutraliseFormula(value)
        : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function* csvChunks<T>(table: ExportTable<T>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const line = (fields: string[]) => `${fields.join(',')}\r\n`;
  let buffer = BOM + line(table.columns.map((c) => csvField(c.header, 'datetime')));
  for await (const row of table.rows) {
    buffer += line(table.columns.map((c) => csvField(c.value(row), c.dateStyle ?? 'datetime')));
    if (buffer.length >= 64 * 1024) {
      yield encoder.encode(buffer);
      buffer = '';
    }
  }
  yield encoder.encode(buffer);
}

/** Excel refuses sheet names over 31 characters or with any of : \ / ? * [ ] (and apostrophes at the ends). */
const sheetName = (name: string) => name.replace(/[:\\/?*[\]']/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31).trim() || 'Sheet1';

function xlsxCell(value: ExportValue, style: 'date' | 'datetime'): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return istanbulWallClock(value, style);
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}

function xlsxStream<T>(table: ExportTable<T>): AsyncIterable<Uint8Array> {
  const out = new PassThrough();
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(sheetName(table.sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c, i) => ({
      key: `c${i}`,
      header: neutraliseFormula(c.header),
      width: c.width ?? Math.min(60, Math.max(10, c.header.length + 2)),
    }));
    sheet.getRow(1).font = { bold: true };
    for await (const row of table.rows) {
      const values = table.columns.map((c) => c.value(row));
      const added = sheet.addRow(values.map((v, i) => xlsxCell(v, table.columns[i]!.dateStyle ?? 'datetime')));
      values.forEach((v, i) => {
        if (v instanceof Date) added.getCell(i + 1).numFmt = table.columns[i]!.dateStyle === 'date' ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm';
      });
      added.commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/**
 * Turns rows and column definitions into a downloadable CSV or XLSX file that is produced while it is sent;
 * `baseName` gets the format's extension. Reused by every report export.
 */
export function exportFile<T>(format: TExportFormat, baseName: string, table: ExportTable<T>): TFileDownload {
  return {
    fileName: `${baseName}.${format}`,
    contentType: EXPORT_CONTENT_TYPES[format],
    body: format === 'csv' ? csvChunks(table) : xlsxStream(table),
  };
}

/** Reads the pages of a cursor-paged query one after the other as one row stream. */
export async function* pagedRows<T, C>(fetchPage: (cursor: C | undefined) => Promise<{ rows: T[]; next: C | undefined }>): AsyncGenerator<T> {
  let cursor: C | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.rows;
    cursor = page.next;
  } while (cursor !== undefined);
}
