import { createHash } from 'node:crypto';

import type { RawUploadDef } from '@kulup/contracts';
import type { Request } from 'express';

import { ServiceError } from './service-error';

/** A raw request body that passed its route's type, size and magic-byte checks. */
export type RawUpload = { contentType: string; bytes: Buffer; sha256: string };

const MiB = 1024 * 1024;
const human = (bytes: number) => (bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);

// The leading bytes each type must start with, so a renamed file (a script sent as image/png) is refused.
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'video/mp4': (b) => b.subarray(4, 8).toString('latin1') === 'ftyp',
  'video/webm': (b) => b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])),
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

/** True when the bytes carry the signature of the declared type (types without a known signature pass). */
export function looksLike(contentType: string, bytes: Buffer): boolean {
  const check = SIGNATURES[contentType];
  return check ? check(bytes) : true;
}

/**
 * Reads a raw (non-JSON) body within limits: the content type must be allowed, the size within that
 * type's limit (checked on Content-Length before reading and again while streaming), and the bytes must
 * start with the type's signature. A refused body is drained, so the client reads a clean error.
 */
export async function readRawUpload(req: Request, def: RawUploadDef): Promise<RawUpload> {
  const contentType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const maxBytes = def.allowed[contentType];
  const refuse = (error: ServiceError): never => {
    req.resume();
    throw error;
  };
  if (maxBytes === undefined) {
    refuse(
      new ServiceError('UNSUPPORTED_MEDIA_TYPE', `Send one of: ${Object.keys(def.allowed).join(', ')}`, [
        { path: 'header.content-type', message: contentType ? `${contentType} is not accepted here` : 'Content-Type is missing' },
      ]),
    );
  }
  const limit = maxBytes!;
  const tooLarge = () =>
    new ServiceError('PAYLOAD_TOO_LARGE', `A ${contentType} upload may be at most ${human(limit)}`, [
      { path: '(body)', message: `at most ${limit} bytes` },
    ]);
  const declared = Number(req.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) refuse(tooLarge());

  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) over = true;
    if (!over) chunks.push(chunk);
  }
  if (over) throw tooLarge();
  if (size === 0) throw new ServiceError('VALIDATION_FAILED', 'The upload is empty', [{ path: '(body)', message: 'no bytes received' }]);
  const bytes = Buffer.concat(chunks, size);
  if (!looksLike(contentType, bytes)) {
    throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', `The file is not a valid ${contentType}`, [
      { path: '(body)', message: `content does not match ${contentType}` },
    ]);
  }
  return { contentType, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The same checks as an Express middleware for routes outside the contract table: sets `req.body` to the RawUpload. */
export function rawUpload(options: { maxBytes: number | Readonly<Record<string, number>>; allowed: readonly string[] }) {
  const allowed =
    typeof options.maxBytes === 'number'
      ? Object.fromEntries(options.allowed.map((t) => [t, options.maxBytes as number]))
      : Object.fromEntries(options.allowed.map((t) => [t, (options.maxBytes as Record<string, number>)[t] ?? 0]));
  return async (req: Request, _res: unknown, next: (error?: unknown) => void) => {
    try {
      req.body = await readRawUpload(req, { allowed });
      next();
    } catch (error) {
      next(error);
    }
  };
}
