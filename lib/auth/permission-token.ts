import { z } from 'zod';
import { AuthError } from './errors';
import type { Flow } from './flows';
import type { PermissionToken } from './session';
import { DEFAULT_PERMISSION_TOKEN_TTL, tokenLifetime } from '../http';

/** The parts of a token endpoint response the Permission Center token may come from. */
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

/**
 * Finds the Permission Center token where netID puts it:
 * - `login-permission` (SSO): the ID token claim `permission_management` `{access_token, token_type, expires_in}`;
 * - `permission` (standalone): the token response's own `access_token` (there is no ID token);
 * - `login`: none.
 *
 * Returns `null` when the user deselected the scope at netID (no claim); throws
 * `permission_token_invalid` when a claim is there but malformed. Internal (the core and the
 * next-auth adapter use it; tests/unit/flows-tokens.test.ts shows it at work).
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
      expiresAt: now + tokenLifetime(tokens.expires_in, DEFAULT_PERMISSION_TOKEN_TTL),
    };
  }
  const claim = idTokenClaims?.permission_management;
  if (claim === undefined || claim === null) return null;
  const parsed = claimSchema.safeParse(claim);
  if (!parsed.success) throw new AuthError('permission_token_invalid', { cause: parsed.error });
  return {
    accessToken: parsed.data.access_token,
    tokenType: parsed.data.token_type ?? 'Bearer',
    expiresAt: now + tokenLifetime(parsed.data.expires_in, DEFAULT_PERMISSION_TOKEN_TTL),
  };
}

/** What a browser may know of a Permission Center token: when it expires, never the token. */
export interface PublicPermissionToken {
  /** ISO 8601 expiry. */
  expiresAt: string;
  /** Whether the expiry has passed. */
  expired: boolean;
}

/** The token-free view of a Permission Center token (`null` stays `null`). */
export function publicPermissionToken(token: PermissionToken | null, now = Date.now()): PublicPermissionToken | null {
  return token ? { expiresAt: new Date(token.expiresAt * 1000).toISOString(), expired: token.expiresAt * 1000 <= now } : null;
}
