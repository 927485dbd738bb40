import { decodeJwt } from 'jose';
import { PermissionCenterError } from './errors';

/**
 * The `permission_management` access token: the raw string, or the shape the session keeps
 * (`lib/auth` `PermissionToken`: `accessToken` plus `expiresAt` in seconds since the epoch).
 */
export type PermissionCenterToken = string | { accessToken: string; expiresAt?: number };

/**
 * The token's expiry in seconds since the epoch: `expiresAt` when given, else the `exp` of a
 * JWS-shaped token (read without verification, only to avoid a doomed call), else `undefined`
 * (netID's real tokens may be opaque JWEs: then the server decides).
 */
export function tokenExpiry(token: PermissionCenterToken): number | undefined {
  if (typeof token !== 'string') return token.expiresAt;
  if (token.split('.').length !== 3) return undefined;
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** True when the token expires within `skewSeconds` (or already has). Unknown expiry counts as valid. */
export function isTokenExpired(token: PermissionCenterToken, skewSeconds: number, now = Date.now()): boolean {
  const exp = tokenExpiry(token);
  return exp !== undefined && exp - skewSeconds <= Math.floor(now / 1000);
}

/**
 * The raw token to send, after the local expiry check.
 * Throws `TOKEN_EXPIRED` (nothing is sent) or `NO_TOKEN` for an empty token.
 */
export function usableToken(token: PermissionCenterToken, skewSeconds: number): string {
  const raw = typeof token === 'string' ? token : token.accessToken;
  if (!raw) throw new PermissionCenterError('NO_TOKEN');
  if (isTokenExpired(token, skewSeconds)) throw new PermissionCenterError('TOKEN_EXPIRED');
  return raw;
}
