import type { z } from 'zod';

import { ZErrorBody } from './errors';
import type { ErrorCode, TFieldError } from './errors';
import { routes } from './routes';
import type { RouteId, Routes } from './routes';

type Input<T> = T extends z.ZodType ? z.input<T> : never;

export type CallArgs<R extends RouteId> = (Routes[R] extends { params: z.ZodType } ? { params: Input<Routes[R]['params']> } : { params?: undefined }) &
  (Routes[R] extends { query: z.ZodType } ? { query?: Input<Routes[R]['query']> } : { query?: undefined }) &
  (Routes[R] extends { body: z.ZodType } ? { body: Input<Routes[R]['body']> } : { body?: undefined }) & {
    idempotencyKey?: string;
  };

export type CallResult<R extends RouteId> = z.output<Routes[R]['response']>;

/** An error answered by the API, with its stable code and field paths. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields: TFieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ClientOptions = {
  baseUrl: string;
  /** Returns the bearer token to send, if any (staff, terminal or member session). */
  token?: () => string | undefined;
  fetch?: typeof fetch;
};

/** A typed client over the route table: `client.call('identifyCard', { body: { cardNumber } })`. */
export function createClient(options: ClientOptions) {
  const doFetch = options.fetch ?? fetch;
  return {
    async call<R extends RouteId>(id: R, args: CallArgs<R>): Promise<CallResult<R>> {
      const def = routes[id];
      const a = args as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; idempotencyKey?: string };
      let path: string = def.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(a.params?.[name] ?? ''));
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(a.query ?? {})) if (v !== undefined) search.set(k, String(v));
      if (search.size > 0) path += `?${search}`;
      const headers: Record<string, string> = { accept: 'application/json' };
      const token = options.token?.();
      if (token) headers.authorization = `Bearer ${token}`;
      if (a.idempotencyKey) headers['idempotency-key'] = a.idempotencyKey;
      if (a.body !== undefined) headers['content-type'] = 'application/json';
      const response = await doFetch(new URL(path, options.baseUrl), {
        method: def.method.toUpperCase(),
        headers,
        body: a.body === undefined ? undefined : JSON.stringify(a.body),
      });
      if (response.ok && 'download' in def) {
        // A file route: the same TFileDownload shape the server handler returned, with the bytes in one array.
        const disposition = response.headers.get('content-disposition') ?? '';
        const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
        return {
          fileName: encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/i.exec(disposition)?.[1] ?? 'download'),
          contentType: response.headers.get('content-type') ?? 'application/octet-stream',
          body: new Uint8Array(await response.arrayBuffer()),
        } as CallResult<R>;
      }
      const json: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        const parsed = ZErrorBody.safeParse(json);
        if (parsed.success) {
          const e = parsed.data.error;
          throw new ApiError(response.status, e.code, e.message, e.fields);
        }
        throw new ApiError(response.status, 'INTERNAL', `HTTP ${response.status}`);
      }
      return def.response.parse(json) as CallResult<R>;
    },
  };
}
export type KulupClient = ReturnType<typeof createClient>;
