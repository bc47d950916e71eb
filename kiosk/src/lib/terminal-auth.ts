import { loadCredential } from './store';

type Token = { token: string; expiresAt: number };

let current: Token | undefined;
let pending: Promise<Token | undefined> | undefined;

/** Why the kiosk has no terminal token: not enrolled yet, or the server refused the credential. */
export class TerminalAuthError extends Error {
  constructor(readonly reason: 'not-enrolled' | 'revoked') {
    super(reason);
  }
}

/** The token in memory if still valid for 30 s; for code that cannot wait (the typed client's token callback). */
export function currentTerminalToken(): string | undefined {
  return current && current.expiresAt - Date.now() > 30_000 ? current.token : undefined;
}

export function forgetTerminalToken(): void {
  current = undefined;
}

/**
 * A valid terminal access token, exchanged from the stored secret when the one in memory is missing or
 * about to expire. Works in the page and in the service worker (plain fetch, no UI). Network failures
 * throw the fetch error; a refused credential throws TerminalAuthError('revoked').
 */
export async function terminalToken(baseUrl: string): Promise<string> {
  const valid = currentTerminalToken();
  if (valid) return valid;
  pending ??= (async () => {
    try {
      const credential = await loadCredential();
      if (!credential) throw new TerminalAuthError('not-enrolled');
      const res = await fetch(new URL('/api/v1/terminal-auth/token', baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ terminalId: credential.terminalId, secret: credential.secret }),
      });
      if (res.status === 401 || res.status === 403) throw new TerminalAuthError('revoked');
      if (!res.ok) throw new Error(`terminal token: HTTP ${res.status}`);
      const body = (await res.json()) as { accessToken: string; expiresAt: string };
      current = { token: body.accessToken, expiresAt: Date.parse(body.expiresAt) };
      return current;
    } finally {
      pending = undefined;
    }
  })();
  const token = await pending;
  return token!.token;
}
