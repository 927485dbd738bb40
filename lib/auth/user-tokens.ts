import type { UserTokens } from './session';
import { DEFAULT_ACCESS_TOKEN_TTL, tokenLifetime } from '../http';

/**
 * A provider's user tokens as kept in the session (`null` when there is no access token).
 * A refresh that returns no new refresh token keeps the previous one; likewise the ID token.
 */
export function userTokens(
  tokens: { access_token?: string; expires_in?: number; refresh_token?: string; id_token?: string },
  previous: UserTokens | null = null,
  now = Math.floor(Date.now() / 1000),
): UserTokens | null {
  if (!tokens.access_token) return null;
  const ttl = tokenLifetime(tokens.expires_in, DEFAULT_ACCESS_TOKEN_TTL);
  const out: UserTokens = { accessToken: tokens.access_token, issuedAt: now, expiresAt: now + ttl };
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  const idToken = tokens.id_token ?? previous?.idToken;
  if (refreshToken) out.refreshToken = refreshToken;
  if (idToken) out.idToken = idToken;
  return out;
}
