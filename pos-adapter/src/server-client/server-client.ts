import { ApiError, createClient } from '@kulup/contracts';
import type { CallArgs, CallResult, KulupClient, RouteId } from '@kulup/contracts';

import type { Credentials } from '../config/credentials';

// The adapter's only door to the server: terminal token handling, a hard per-request timeout and a failure
// classification the journal can act on (network/5xx → retry later; 4xx → the request itself is wrong).

export type FailureKind = 'network' | 'server' | 'client' | 'in-progress' | 'auth';

/** A failed server call, classified. `status` is 0 for network failures and timeouts. */
export class ServerCallError extends Error {
  override name = 'ServerCallError';
  constructor(
    readonly kind: FailureKind,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }

  /** Worth sending again later with the same idempotency key. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'in-progress' || this.kind === 'auth';
  }
}

export function classify(error: unknown): ServerCallError {
  if (error instanceof ServerCallError) return error;
  if (error instanceof ApiError) {
    if (error.status === 409 && error.code === 'IDEMPOTENCY_IN_PROGRESS') return new ServerCallError('in-progress', 409, error.code, error.message);
    if (error.status === 401) return new ServerCallError('auth', 401, error.code, error.message);
    if (error.status >= 500) return new ServerCallError('server', error.status, error.code, error.message);
    return new ServerCallError('client', error.status, error.code, error.message, error.fields);
  }
  const message = error instanceof Error ? error.message : String(error);
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  return new ServerCallError('network', 0, timedOut ? 'TIMEOUT' : 'NETWORK', timedOut ? 'server did not answer in time' : `server unreachable: ${message}`);
}

/** Exponential backoff with full jitter: a random delay in [base/2, min(max, initial·2^attempt)]. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type ServerClientOptions = {
  serverUrl: string;
  credentials: Credentials;
  requestTimeoutMs: number;
};

export class ServerClient {
  private readonly client: KulupClient;
  private token: { value: string; expiresAt: number } | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(private readonly options: ServerClientOptions) {
    const timeoutFetch: typeof fetch = (input, init) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(options.requestTimeoutMs) });
    this.client = createClient({ baseUrl: options.serverUrl, token: () => this.token?.value, fetch: timeoutFetch });
  }

  private async accessToken(): Promise<string> {
    // Refresh a minute early so a token never expires between being read and being checked.
    if (this.token && this.token.expiresAt - 60_000 > Date.now()) return this.token.value;
    this.refreshing ??= (async () => {
      try {
        const response = await this.client.call('terminalToken', {
          body: { terminalId: this.options.credentials.terminalId, secret: this.options.credentials.secret },
        });
        this.token = { value: response.accessToken, expiresAt: Date.parse(response.expiresAt) };
        return response.accessToken;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** One authenticated call; on 401 the token is refreshed once and the call repeated. Throws ServerCallError. */
  async call<R extends RouteId>(id: R, args: CallArgs<R>): Promise<CallResult<R>> {
    try {
      await this.accessToken();
      return await this.client.call(id, args);
    } catch (first) {
      const failure = classify(first);
      if (failure.kind !== 'auth') throw failure;
      this.token = null;
      try {
        await this.accessToken();
        return await this.client.call(id, args);
      } catch (second) {
        throw classify(second);
      }
    }
  }
}

/** Exchanges a one-time enrolment code for the terminal credential. */
export async function enrol(serverUrl: string, code: string, timeoutMs: number): Promise<Credentials & { storeId: string; kind: string }> {
  const client = createClient({ baseUrl: serverUrl, fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }) });
  try {
    const enrolled = await client.call('enrolTerminal', { body: { code } });
    return { terminalId: enrolled.terminalId, secret: enrolled.secret, storeId: enrolled.storeId, kind: enrolled.kind };
  } catch (error) {
    throw classify(error);
  }
}
