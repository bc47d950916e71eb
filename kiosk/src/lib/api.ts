import { ApiError, createClient } from '@kulup/contracts';

import { forgetTerminalToken, terminalToken } from './terminal-auth';

export const baseUrl = location.origin;

let memberToken: string | undefined;

/** The member session token lives in memory only; the session wipe clears it. */
export function setMemberToken(token: string | undefined): void {
  memberToken = token;
}

let terminalBearer: string | undefined;

/** Calls as the kiosk terminal (bulletins, card + PIN, anonymous surveys and feedback). */
export const terminalClient = createClient({ baseUrl, token: () => terminalBearer });
/** Calls as the member of the current session (own points, offers, surveys). */
export const memberClient = createClient({ baseUrl, token: () => memberToken });

/** Runs a terminal call with a fresh token, retrying once with a new token if the server says it expired. */
export async function asTerminal<T>(call: (client: typeof terminalClient) => Promise<T>): Promise<T> {
  terminalBearer = await terminalToken(baseUrl);
  try {
    return await call(terminalClient);
  } catch (error) {
    // Only an expired/invalid bearer token is retried; a wrong PIN (INVALID_CREDENTIALS) is an answer.
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
      forgetTerminalToken();
      terminalBearer = await terminalToken(baseUrl);
      return call(terminalClient);
    }
    throw error;
  }
}

/** A network failure (no answer at all), as opposed to an answer with an error. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && /fetch|network/i.test(error.message) && !(error instanceof ApiError));
}

/** A random Idempotency-Key (UUID v4), created once per submission and kept with it until the server has it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
