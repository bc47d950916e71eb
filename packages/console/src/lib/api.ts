import { ApiError, ZErrorBody, createClient, routes } from '@kulup/contracts';
import type { CallArgs, CallResult, RawUploadDef, RouteId, Routes } from '@kulup/contracts';

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

/** Routes whose body is a file (`upload` in the route table) and that take no path parameters. */
export type UploadRouteId = { [K in RouteId]: Routes[K] extends { upload: RawUploadDef; params?: undefined } ? K : never }[RouteId];

/**
 * Sends a file as the raw body of an upload route with the staff token. The typed client speaks JSON only,
 * so this is its one sibling: same answer parsing, same ApiError, same return to login on 401. A file the
 * browser cannot type goes as application/octet-stream, so the server names the accepted types.
 */
export async function upload<R extends UploadRouteId>(id: R, file: Blob): Promise<CallResult<R>> {
  const def = routes[id];
  const token = session.token();
  const response = await fetch(def.path, {
    method: def.method.toUpperCase(),
    headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: file,
  });
  const json: unknown = await response.json().catch(() => undefined);
  if (response.ok) return def.response.parse(json) as CallResult<R>;
  const parsed = ZErrorBody.safeParse(json);
  const error = parsed.success
    ? new ApiError(response.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.fields)
    : new ApiError(response.status, 'INTERNAL', `HTTP ${response.status}`);
  if (response.status === 401) onUnauthenticated();
  throw error;
}

export { ApiError };
