import { createRemoteJWKSet, jwtVerify } from 'jose';

/** Who a valid token speaks for: the user and the partner (TAPP) it was issued to. */
export interface TokenSubject {
  sub: string;
  clientId: string;
}

/** Outcome of verifying an `Authorization` header. */
export type TokenCheck = { ok: true; subject: TokenSubject } | { ok: false; status_code: 'NO_TOKEN' | 'TOKEN_ERROR' };

/** The scope a Permission Center token must carry. */
const REQUIRED_SCOPE = 'permission_management';

/**
 * Verifies Bearer tokens as the broker issues them for the Permission Center: RS256 JWT,
 * `typ: at+jwt`, signature against the broker's JWKS, `iss`, `aud`, `exp`, a `sub`, a
 * `client_id` and the `permission_management` scope.
 */
export function createTokenVerifier(options: { issuer: string; jwksUri: string; audience: string }) {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri), { timeoutDuration: 5_000 });
  return async function verify(authorization: string | undefined): Promise<TokenCheck> {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return { ok: false, status_code: 'NO_TOKEN' };
    try {
      const { payload } = await jwtVerify(match[1]!, jwks, {
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'sub', 'client_id', 'scope'],
      });
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.includes(REQUIRED_SCOPE) || typeof payload.client_id !== 'string' || !payload.sub)
        return { ok: false, status_code: 'TOKEN_ERROR' };
      return { ok: true, subject: { sub: payload.sub, clientId: payload.client_id } };
    } catch {
      return { ok: false, status_code: 'TOKEN_ERROR' };
    }
  };
}
