import { SignJWT, jwtVerify } from 'jose';

export type StaffClaims = { typ: 'staff'; sub: string; role: string };
export type TerminalClaims = { typ: 'terminal'; sub: string; storeId: string; kind: 'POS' | 'KIOSK' };
export type MemberClaims = { typ: 'member'; sub: string; terminalId: string; cardId: string };
export type TokenClaims = StaffClaims | TerminalClaims | MemberClaims;

/** Signs and verifies the three bearer token kinds (HS256, short expiry, audience per kind). */
export function createTokens(secret: Uint8Array) {
  return {
    async sign(claims: TokenClaims, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      const { typ, sub, ...rest } = claims;
      const token = await new SignJWT({ ...rest, typ })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setAudience(`kulup:${typ}`)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(secret);
      return { token, expiresAt };
    },
    /** Returns the claims of a valid token, or undefined for any invalid, expired or foreign token. */
    async verify(token: string): Promise<TokenClaims | undefined> {
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
        const typ = payload.typ;
        if (payload.aud !== `kulup:${String(typ)}` || typeof payload.sub !== 'string') return undefined;
        return { ...payload, sub: payload.sub } as unknown as TokenClaims;
      } catch {
        return undefined;
      }
    },
  };
}
export type Tokens = ReturnType<typeof createTokens>;
