import { z } from 'zod';

/** File formats of report exports: CSV (RFC 4180, UTF-8 with BOM) or an Excel workbook. */
export const ZExportFormat = z.enum(['csv', 'xlsx']);
export type TExportFormat = z.infer<typeof ZExportFormat>;

export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const satisfies Record<TExportFormat, string>;

/** The `format` query parameter every export route takes (default csv). */
export const exportFormatQuery = { format: ZExportFormat.default('csv') };

/**
 * A file answered by a `download` route: the server streams `body` with `contentType` as an attachment named
 * `fileName`; the typed client returns the same shape with the bytes read into one array.
 */
export type TFileDownload = {
  fileName: string;
  contentType: string;
  body: Uint8Array | AsyncIterable<Uint8Array>;
};

const isFileDownload = (v: unknown): v is TFileDownload => {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  const body = f.body as { [Symbol.asyncIterator]?: unknown } | undefined;
  return (
    typeof f.fileName === 'string' &&
    f.fileName.length > 0 &&
    typeof f.contentType === 'string' &&
    (body instanceof Uint8Array || typeof body?.[Symbol.asyncIterator] === 'function')
  );
};

/** The response schema of a `download` route (documented in OpenAPI as a binary file, not JSON). */
export const ZFileDownload = z.custom<TFileDownload>(isFileDownload, 'Expected a file download');
