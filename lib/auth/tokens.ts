import { z } from 'zod';
import { AuthError } from './errors';
import type { Flow } from './flows';
import type { PermissionToken, SessionUser, UserTokens } from './session';

/** Used when a token arrives without a usable `expires_in` (netID's Permission Center tokens live about 500 s). */
export const DEFAULT_PERMISSION_TOKEN_TTL = 500;
/** Upper bound we believe for `expires_in`; anything longer is clamped, never "forever". */
const MAX_TOKEN_TTL = 24 * 3600;

/** The parts of a token endpoint response we use. */
export interface TokenEndpointResult {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
}

const claimSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().optional(),
});

/** A token lifetime we can trust: the fallback for missing or silly values, clamped, never "forever". */
function lifetime(expiresIn: number | undefined, fallback = DEFAULT_PERMISSION_TOKEN_TTL): number {
  if (expiresIn === undefined || !Number.isFinite(expiresIn) || expiresIn <= 0) return fallback;
  return Math.min(Math.floor(expiresIn), MAX_TOKEN_TTL);
}

/**
 * Finds the Permission Center token where netID puts it:
 * - `login-permission` (SSO): the ID token claim `permission_management` `{access_token, token_type, expires_in}`;
 * - `permission` (standalone): the token response's own `access_token` (there is no ID token);
 * - `login`: none.
 *
 * Returns `null` when the user deselected the scope at netID (no claim); throws
 * `permission_token_invalid` when a claim is there but malformed.
 */
export function extractPermissionToken(
  flow: Flow,
  tokens: TokenEndpointResult,
  idTokenClaims: Record<string, unknown> | undefined,
  now = Math.floor(Date.now() / 1000),
): PermissionToken | null {
  if (flow === 'login') return null;
  if (flow === 'permission') {
    if (!tokens.access_token) throw new AuthError('permission_token_invalid');
    return {
      accessToken: tokens.access_token,
      tokenType: tokens.token_type ?? 'Bearer',
      expiresAt: now + lifetime(tokens.expires_in),
    };
  }
  const claim = idTokenClaims?.permission_management;
  if (claim === undefined || claim === null) return null;
  const parsed = claimSchema.safeParse(claim);
  if (!parsed.success) throw new AuthError('permission_token_invalid', { cause: parsed.error });
  return {
    accessToken: parsed.data.access_token,
    tokenType: parsed.data.token_type ?? 'Bearer',
    expiresAt: now + lifetime(parsed.data.expires_in),
  };
}

/** Protocol claims that say nothing about the user and are not kept in the session. */
const PROTOCOL_CLAIMS = new Set([
  'iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'nonce', 'auth_time', 'at_hash', 'c_hash', 's_hash',
  'azp', 'sid', 'acr', 'amr', 'permission_management',
]);

/**
 * Builds the session user from ID token claims and (optionally) userinfo claims.
 * Drops protocol claims and the Permission Center token, so nothing secret ends up in `user`.
 */
export function userFromClaims(
  idTokenClaims: Record<string, unknown>,
  userinfo?: Record<string, unknown>,
): SessionUser {
  const user: Record<string, unknown> = {};
  for (const source of [idTokenClaims, userinfo ?? {}]) {
    for (const [k, v] of Object.entries(source)) {
      if (!PROTOCOL_CLAIMS.has(k) && v !== undefined) user[k] = v;
    }
  }
  return { ...user, sub: String(idTokenClaims.sub) };
}

/** Default lifetime assumed for a user access token that comes without `expires_in`. */
export const DEFAULT_ACCESS_TOKEN_TTL = 300;

/**
 * The generic provider's user tokens as kept in the session (`null` when there is no access token).
 * A refresh that returns no new refresh token keeps the previous one; likewise the ID token.
 */
export function userTokens(
  tokens: { access_token?: string; expires_in?: number; refresh_token?: string; id_token?: string },
  previous: UserTokens | null = null,
  now = Math.floor(Date.now() / 1000),
): UserTokens | null {
  if (!tokens.access_token) return null;
  const ttl = lifetime(tokens.expires_in, DEFAULT_ACCESS_TOKEN_TTL);
  const out: UserTokens = { accessToken: tokens.access_token, issuedAt: now, expiresAt: now + ttl };
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  const idToken = tokens.id_token ?? previous?.idToken;
  if (refreshToken) out.refreshToken = refreshToken;
  if (idToken) out.idToken = idToken;
  return out;
}
