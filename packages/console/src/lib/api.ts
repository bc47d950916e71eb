import { ApiError, createClient } from '@kulup/contracts';
import type { CallArgs, CallResult, RouteId } from '@kulup/contracts';

/** The staff bearer token lives in sessionStorage: it survives a reload but not the closed tab. */
const TOKEN_KEY = 'kulup.console.token';

export const session = {
  token: (): string | undefined => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** The one way the console talks to the server: the typed client over the contract route table. */
export const client = createClient({ baseUrl: location.origin, token: session.token });

let onUnauthenticated: () => void = () => {};
/** Called when the server says the token is no longer valid (expired, staff deactivated). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** `client.call` that also sends the user back to the login page when the session has ended. */
export async function call<R extends RouteId>(id: R, args: CallArgs<R>): Promise<CallResult<R>> {
  try {
    return await client.call(id, args);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && id !== 'login') onUnauthenticated();
    throw error;
  }
}

export { ApiError };
