import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { fieldErrorsFrom, routes } from '@kulup/contracts';
import type { RouteDef, RouteId, Routes, TFileDownload } from '@kulup/contracts';
import type { Express, NextFunction, Request, Response } from 'express';
import type { z } from 'zod';

import { bodyHash } from '../lib/canonical-json';
import type { Actor, ServiceDeps } from '../services/context';
import type { IdempotencyScope } from '../services/idempotency/run-idempotent';
import { authenticate } from './authenticate';
import type { Principal } from './authenticate';
import { readRawUpload } from './raw-upload';
import type { RawUpload } from './raw-upload';
import { ServiceError } from './service-error';

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export type HandlerContext<R extends RouteId> = {
  params: Out<Routes[R] extends { params: z.ZodType } ? Routes[R]['params'] : undefined>;
  query: Out<Routes[R] extends { query: z.ZodType } ? Routes[R]['query'] : undefined>;
  body: Out<Routes[R] extends { body: z.ZodType } ? Routes[R]['body'] : undefined>;
  /** The checked raw body of an `upload` route. */
  upload: Routes[R] extends { upload: object } ? RawUpload : undefined;
  principal: Principal;
  actor: Actor;
  requestId: string;
  deps: ServiceDeps;
  /** Set on `idempotent` routes: the terminal's Idempotency-Key scope for `runIdempotent`. */
  idempotency: IdempotencyScope | undefined;
  /** Marks the response as a replay of the first one (`Idempotent-Replayed: true`). */
  markReplayed: () => void;
};

export type Handlers = { [R in RouteId]: (ctx: HandlerContext<R>) => Promise<z.input<Routes[R]['response']>> };
/** The handlers of one area's route table (e.g. `typeof pointsRoutes`). */
export type AreaHandlers<T> = Pick<Handlers, keyof T & RouteId>;

function parsePart(schema: z.ZodType | undefined, value: unknown, location: 'params' | 'query' | 'body') {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ServiceError('VALIDATION_FAILED', `The request ${location} is invalid`, fieldErrorsFrom(result.error, location === 'body' ? undefined : location));
  }
  return result.data;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,255}$/;

function idempotencyScope(req: Request, def: RouteDef, principal: Principal): IdempotencyScope | undefined {
  if (!def.idempotent) return undefined;
  const key = req.get('idempotency-key');
  if (!key) throw new ServiceError('IDEMPOTENCY_KEY_MISSING', 'This route requires an Idempotency-Key header');
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ServiceError('VALIDATION_FAILED', 'Invalid Idempotency-Key', [
      { path: 'header.idempotency-key', message: '8–255 visible ASCII characters' },
    ]);
  }
  const scopeId = principal.kind === 'terminal' ? principal.id : principal.kind === 'member' ? principal.terminalId : null;
  if (!scopeId) throw new ServiceError('FORBIDDEN', 'Idempotent writes come from terminals');
  // Path parameters are part of the request: one key reused for another hold or receipt is a different request.
  return { terminalId: scopeId, route: `${def.method.toUpperCase()} ${def.path}`, key, requestHash: bodyHash({ params: req.params, body: req.body ?? null }) };
}

function actorOf(principal: Principal, requestId: string): Actor {
  switch (principal.kind) {
    case 'staff':
      return { type: 'STAFF', id: principal.id, terminalId: null, requestId };
    case 'terminal':
      return { type: 'TERMINAL', id: principal.id, terminalId: principal.id, requestId };
    case 'member':
      return { type: 'MEMBER', id: principal.memberId, terminalId: principal.terminalId, requestId };
    case 'public':
      return { type: 'SYSTEM', id: null, terminalId: null, requestId };
  }
}

/** `attachment; filename="plain ASCII"; filename*=UTF-8''<the real name>` (RFC 6266). */
const contentDisposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * Streams a `download` route's file. Once the first bytes are out the status cannot change any more, so a
 * failure mid-file is logged and the connection cut: the client sees a broken download, never a wrong file.
 */
async function sendFile(req: Request, res: Response, file: TFileDownload, status: number): Promise<void> {
  res.status(status);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(file.fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  try {
    await pipeline(Readable.from(file.body instanceof Uint8Array ? [file.body] : file.body), res);
  } catch (error) {
    req.log.error({ err: error }, 'file download failed while streaming');
    res.destroy();
  }
}

/** Wires every route of the contract table: authenticate, parse with the shared schemas, call the handler, check the response. */
export function registerRoutes(app: Express, deps: ServiceDeps, handlers: Handlers): void {
  for (const [id, def] of Object.entries(routes) as [RouteId, RouteDef][]) {
    const handler = handlers[id] as (ctx: HandlerContext<RouteId>) => Promise<unknown>;
    app[def.method](def.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const requestId = String(req.id);
        const principal = await authenticate(deps, req, def.auth);
        if (def.body && !req.is('application/json')) {
          throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
        }
        const upload = def.upload ? await readRawUpload(req, def.upload) : undefined;
        let replayed = false;
        const ctx = {
          upload,
          idempotency: idempotencyScope(req, def, principal),
          markReplayed: () => {
            replayed = true;
          },
          params: parsePart(def.params, req.params, 'params'),
          query: parsePart(def.query, req.query, 'query'),
          body: parsePart(def.body, req.body, 'body'),
          principal,
          actor: actorOf(principal, requestId),
          requestId,
          deps,
        } as HandlerContext<RouteId>;
        const result = await handler(ctx);
        const checked = def.response.safeParse(result);
        if (!checked.success) {
          req.log.error({ route: id, issues: checked.error.issues }, 'response does not match its contract');
          throw new ServiceError('INTERNAL', 'The server produced an invalid response');
        }
        if (replayed) res.set('Idempotent-Replayed', 'true');
        if (def.download) return await sendFile(req, res, checked.data as TFileDownload, def.status ?? 200);
        res.status(def.status ?? 200).json(checked.data);
      } catch (error) {
        next(error);
      }
    });
  }
}
