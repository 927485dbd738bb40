import { jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig } from './types';
import { AuthError } from './errors';
import { providerJwksUri, type OidcDiscovery } from './oidc';

/** The `events` member every back-channel logout token carries (Back-Channel Logout 1.0, 2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Oldest `iat` accepted, in seconds (the spec lets the RP refuse old tokens; replays are caught by `jti` within this window). */
export const LOGOUT_TOKEN_MAX_AGE = 300;

/** What a valid logout token says. */
export interface LogoutTokenClaims {
  iss: string;
  jti: string;
  iat: number;
  sid?: string;
  sub?: string;
}

const refuse = (cause?: unknown) => new AuthError('logout_token_invalid', { cause });

/**
 * Validates a back-channel `logout_token` as OpenID Connect Back-Channel Logout 1.0 (2.6) says:
 * signature with the provider's JWKS and the pinned alg, `iss`, `aud` (our client), `iat` (and
 * `exp` when present), the `events` claim, `sid` and/or `sub`, no `nonce`, a `jti`. Replay of
 * `jti` is the caller's check (it needs the shared store). Throws `logout_token_invalid`.
 */
export async function verifyLogoutToken(token: string, config: AuthConfig, discovery: OidcDiscovery): Promise<LogoutTokenClaims> {
  if (config.idTokenAlg === 'none' || token.length > 16_384) throw refuse();
  const uri = await providerJwksUri(discovery, config).catch((err: unknown) => {
    throw err instanceof AuthError ? err : refuse(err);
  });
  if (!uri) throw refuse();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, discovery.jwks(uri, config.httpTimeoutMs), {
      issuer: config.issuer,
      audience: config.clientId,
      algorithms: [config.idTokenAlg],
      requiredClaims: ['iat', 'jti'],
      maxTokenAge: LOGOUT_TOKEN_MAX_AGE,
      clockTolerance: 30,
    }));
  } catch (err) {
    throw refuse(err);
  }
  const events = payload.events;
  const event = events && typeof events === 'object' && !Array.isArray(events) ? (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT] : undefined;
  if (!event || typeof event !== 'object' || Array.isArray(event)) throw refuse();
  if ('nonce' in payload) throw refuse();
  const sid = typeof payload.sid === 'string' && payload.sid ? payload.sid : undefined;
  const sub = typeof payload.sub === 'string' && payload.sub ? payload.sub : undefined;
  if (!sid && !sub) throw refuse();
  if (typeof payload.jti !== 'string' || !payload.jti) throw refuse();
  return { iss: payload.iss!, jti: payload.jti, iat: payload.iat!, sid, sub };
}
