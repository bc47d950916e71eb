import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { fieldErrorsFrom, ZCardNumber, ZId, ZReceiptRequest, ZReturnRequest } from '@kulup/contracts';
import type { TFieldError } from '@kulup/contracts';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { z } from 'zod';

import type { Journal, JournalItem } from '../journal/journal';
import type { Replayer } from '../journal/replayer';
import { ServerCallError } from '../server-client/server-client';
import type { ServerClient } from '../server-client/server-client';
import type { LocalEvent, SessionManager } from '../session/session';

// The POS-facing API: HTTP + WebSocket on 127.0.0.1 only. Every body is validated here before anything is
// journaled or sent, with the contracts' own receipt schemas, so a malformed basket never enters the queue.

const ZLocalId = z.string().regex(/^loc_[0-9a-f-]{36}$/, 'Not a local receipt id');

/** Ties a call to the member of the current tap: `sessionId` must be the current session. */
const ZSessionRef = z.object({ sessionId: z.string().min(1).max(100).optional() });

const ZLocalReceipt = ZReceiptRequest.extend(ZSessionRef.shape);
const ZLocalQuote = ZReceiptRequest.extend({
  ...ZSessionRef.shape,
  externalRef: ZReceiptRequest.shape.externalRef.optional(),
  occurredAt: ZReceiptRequest.shape.occurredAt.optional(),
  payments: ZReceiptRequest.shape.payments.optional(),
});
const ZLocalRedeem = z.strictObject({ sessionId: z.string().min(1).max(100), points: z.number().int().min(1).max(100_000_000) });
const ZLocalReturn = ZReturnRequest.extend({ originalReceiptId: z.union([ZId, ZLocalId]) });
const ZLocalIdentify = z.strictObject({ cardNumber: ZCardNumber });
const ZHoldId = ZId;

type Json = Record<string, unknown>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: TFieldError[] = [],
  ) {
    super(message);
  }
}

export type LocalApiDeps = {
  journal: Journal;
  replayer: Replayer;
  server: ServerClient;
  sessions: SessionManager;
  readers: () => string[];
};

export type LocalApi = { port: number; url: string; close: () => Promise<void> };

const MAX_BODY = 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'Body larger than 1 MB');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', 'Body is not valid JSON');
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'VALIDATION_FAILED', 'Request body is invalid', fieldErrorsFrom(result.error));
  return result.data;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function serverFailure(error: unknown): HttpError {
  const failure = error instanceof ServerCallError ? error : new ServerCallError('network', 0, 'NETWORK', String(error));
  if (failure.kind === 'client') return new HttpError(failure.status, failure.code, failure.message, failure.fields);
  if (failure.kind === 'auth') return new HttpError(503, failure.code, `This till cannot sign in to the loyalty server: ${failure.message}`);
  return new HttpError(503, 'SERVER_UNREACHABLE', `The loyalty server is unreachable: ${failure.message}`);
}

function journalView(item: JournalItem): Json {
  return {
    localId: item.localId,
    kind: item.kind,
    externalRef: item.externalRef,
    status: item.status === 'pending' ? 'queued' : item.status,
    idempotencyKey: item.idempotencyKey,
    ...(item.status === 'booked' ? { result: item.response } : {}),
    ...(item.lastError ? { lastError: item.lastError } : {}),
    createdAt: item.createdAt,
  };
}

/** Starts the local API on 127.0.0.1:<port>; WebSocket clients connect to `/v1/events`. */
export async function startLocalApi(deps: LocalApiDeps, port: number): Promise<LocalApi> {
  const { journal, replayer, server, sessions } = deps;

  function memberFor(sessionId: string | undefined, memberId: string | undefined): string | undefined {
    if (sessionId === undefined) return memberId;
    const current = sessions.session;
    if (!current || current.sessionId !== sessionId) {
      throw new HttpError(404, 'UNKNOWN_SESSION', 'No such member session: the card was removed or another card was tapped', [
        { path: 'sessionId', message: 'Not the current session' },
      ]);
    }
    if (memberId !== undefined && memberId !== current.member.memberId) {
      throw new HttpError(400, 'VALIDATION_FAILED', 'memberId does not belong to the session', [{ path: 'memberId', message: 'Differs from the session member' }]);
    }
    return current.member.memberId;
  }

  // Journal first, then one immediate attempt in order; the sale is complete either way.
  async function finalise(kind: 'receipt' | 'return', externalRef: string, body: unknown, res: ServerResponse): Promise<void> {
    const { item } = journal.append(kind, externalRef, body);
    if (item.status === 'pending' && !replayer.inBackoff) await replayer.kick();
    const after = journal.get(item.localId)!;
    if (after.status === 'booked') return send(res, 201, journalView(after));
    if (after.status === 'failed') {
      const error = after.lastError!;
      // Rejected on its first send: nothing to keep, the POS corrects the document and sends it again.
      journal.discardRejected(after.localId);
      return send(res, error.status >= 400 && error.status < 500 ? error.status : 422, {
        error: { code: error.code, message: error.message, fields: error.fields ?? [] },
      });
    }
    return send(res, 202, journalView(after));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = `${req.method} ${url.pathname}`;
    const holdRelease = /^\/v1\/holds\/([^/]+)\/release$/.exec(url.pathname);
    const receiptStatus = /^\/v1\/receipts\/([^/]+)$/.exec(url.pathname);

    if (key === 'GET /v1/health') {
      const queue = journal.state();
      return send(res, 200, {
        status: 'ok',
        server: replayer.reachability,
        readers: deps.readers(),
        queue: { pending: queue.pending, failed: queue.failed },
      });
    }
    if (key === 'GET /v1/queue') return send(res, 200, journal.state());
    if (key === 'GET /v1/session') {
      const current = sessions.session;
      if (!current) throw new HttpError(404, 'NO_SESSION', 'No card has been tapped');
      return send(res, 200, current);
    }
    if (key === 'DELETE /v1/session') {
      sessions.end(null);
      res.writeHead(204).end();
      return;
    }
    if (key === 'POST /v1/identify') {
      const body = parse(ZLocalIdentify, await readJson(req));
      const result = await sessions.identify({ cardNumber: body.cardNumber }, 'card-number', null);
      if (!result.ok) throw new HttpError(result.status, result.code, result.message);
      return send(res, 200, result.session);
    }
    if (key === 'POST /v1/quote') {
      const body = parse(ZLocalQuote, await readJson(req));
      const { sessionId, ...rest } = body;
      const memberId = memberFor(sessionId, rest.memberId);
      const total = rest.total;
      const quote = {
        ...rest,
        ...(memberId ? { memberId } : {}),
        externalRef: rest.externalRef ?? `quote-${randomUUID()}`,
        occurredAt: rest.occurredAt ?? new Date().toISOString(),
        payments: rest.payments ?? (total > 0 ? [{ method: 'cash' as const, amount: total }] : []),
      };
      try {
        return send(res, 200, await server.call('simulateReceipt', { body: quote }));
      } catch (error) {
        throw serverFailure(error);
      }
    }
    if (key === 'POST /v1/redeem') {
      const body = parse(ZLocalRedeem, await readJson(req));
      const memberId = memberFor(body.sessionId, undefined)!;
      if (!sessions.session?.member.canRedeem) {
        throw new HttpError(403, 'REDEMPTION_NOT_ALLOWED', 'This card may identify the member but not spend points (tap a secure card)');
      }
      try {
        return send(res, 201, await server.call('createHold', { body: { memberId, points: body.points }, idempotencyKey: randomUUID() }));
      } catch (error) {
        const failure = serverFailure(error);
        if (failure.code === 'SERVER_UNREACHABLE') {
          throw new HttpError(503, 'OFFLINE_REDEMPTION_NOT_ALLOWED', 'Points cannot be spent while the loyalty server is unreachable; the sale can continue and still earn points');
        }
        throw failure;
      }
    }
    if (req.method === 'POST' && holdRelease) {
      const holdId = parse(ZHoldId, holdRelease[1]);
      try {
        return send(res, 200, await server.call('releaseHold', { params: { holdId }, idempotencyKey: randomUUID() }));
      } catch (error) {
        throw serverFailure(error);
      }
    }
    if (key === 'POST /v1/receipts') {
      const body = parse(ZLocalReceipt, await readJson(req));
      const { sessionId, ...receipt } = body;
      const memberId = memberFor(sessionId, receipt.memberId);
      return finalise('receipt', receipt.externalRef, { ...receipt, ...(memberId ? { memberId } : {}) }, res);
    }
    if (req.method === 'GET' && receiptStatus) {
      const item = journal.get(receiptStatus[1]!);
      if (!item) throw new HttpError(404, 'NOT_FOUND', 'No such local receipt or return');
      return send(res, 200, journalView(item));
    }
    if (key === 'POST /v1/returns') {
      const body = parse(ZLocalReturn, await readJson(req));
      return finalise('return', body.externalRef, body, res);
    }
    throw new HttpError(404, 'ROUTE_NOT_FOUND', `No route ${req.method} ${url.pathname}`);
  }

  const http: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof HttpError) {
        return send(res, error.status, { error: { code: error.code, message: error.message, fields: error.fields } });
      }
      send(res, 500, { error: { code: 'INTERNAL', message: error instanceof Error ? error.message : 'internal error', fields: [] } });
    });
  });

  const wss = new WebSocketServer({ server: http, path: '/v1/events' });
  const clients = new Set<WebSocket>();
  wss.on('connection', (socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('error', () => clients.delete(socket));
    // A POS that (re)connects learns the current state without waiting for the next tap.
    for (const reader of deps.readers()) socket.send(JSON.stringify({ type: 'reader', status: 'attached', reader }));
    const current = sessions.session;
    if (current) socket.send(JSON.stringify({ type: 'card', member: current.member, session: current }));
  });
  const unsubscribe = sessions.onEvent((event: LocalEvent) => {
    const text = JSON.stringify(event);
    for (const socket of clients) if (socket.readyState === socket.OPEN) socket.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    // Loopback only: the API carries member data and has no authentication of its own.
    http.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (http.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: async () => {
      unsubscribe();
      for (const socket of clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
