import type { SessionUser } from './session';

/** Protocol claims that say nothing about the user and are not kept in the session. */
const PROTOCOL_CLAIMS = new Set([
  'iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'nonce', 'auth_time', 'at_hash', 'c_hash', 's_hash',
  'azp', 'sid', 'acr', 'amr', 'permission_management',
]);

/**
 * Builds the session user from ID token claims and (optionally) userinfo claims.
 * Drops protocol claims and the Permission Center token, so nothing secret ends up in `user`.
 */
export function userFromClaims(idTokenClaims: Record<string, unknown>, userinfo?: Record<string, unknown>): SessionUser {
  const user: Record<string, unknown> = {};
  for (const source of [idTokenClaims, userinfo ?? {}]) {
    for (const [k, v] of Object.entries(source)) {
      if (!PROTOCOL_CLAIMS.has(k) && v !== undefined) user[k] = v;
    }
  }
  return { ...user, sub: String(idTokenClaims.sub) };
}
