import type { AuthConfig } from './config';
import { AuthError } from './errors';
import { refreshTokens } from './oidc';
import type { RefreshCoordinator } from './refresh-coordinator';
import { clearSessionCookie, readSession, sessionCookie, type SessionData } from './session';
import { userTokens } from './tokens';

/** Renew this long before expiry (seconds), or a quarter of a short lifetime, whichever is less. */
const REFRESH_AHEAD = 60;

/** Options of {@link getAccessToken}. */
export interface GetAccessTokenOptions {
  /**
   * Whether the caller can write the rotated session cookie (route handler, Server Action,
   * Express). A refresh where it cannot (a Server Component) is refused: a rotated refresh token
   * that is not persisted would be lost.
   */
  canWriteCookies: boolean;
  /** Renew even if the token looks valid (e.g. the API answered 401). */
  forceRefresh?: boolean;
}

/** Result of {@link getAccessToken}: always says which cookies to set, success or not. */
export type AccessTokenResult =
  | { ok: true; accessToken: string; session: SessionData; setCookies: string[] }
  | { ok: false; error: AuthError; setCookies: string[] };

function dueForRefresh(session: SessionData, now: number): boolean {
  const tokens = session.tokens!;
  const lifetime = tokens.expiresAt - tokens.issuedAt;
  const ahead = Math.min(REFRESH_AHEAD, Math.max(1, Math.floor(lifetime / 4)));
  return tokens.expiresAt - ahead <= now;
}

/**
 * The signed-in user's current access token for upstream APIs, renewed first when due.
 * Refreshes once per refresh token however many requests arrive together (see
 * {@link RefreshCoordinator}); persists the rotated refresh token through `setCookies`;
 * `invalid_grant` ends the session (`session_expired`, with the cookie cleared).
 */
export async function getAccessToken(
  cookieHeader: string | null,
  config: AuthConfig,
  coordinator: RefreshCoordinator,
  options: GetAccessTokenOptions,
): Promise<AccessTokenResult> {
  const session = await readSession(cookieHeader, config);
  if (!session) return { ok: false, error: new AuthError('unauthenticated'), setCookies: [] };
  if (!session.tokens) return { ok: false, error: new AuthError('access_token_unavailable'), setCookies: [] };
  const now = Math.floor(Date.now() / 1000);
  if (!options.forceRefresh && !dueForRefresh(session, now)) {
    return { ok: true, accessToken: session.tokens.accessToken, session, setCookies: [] };
  }
  const refreshToken = session.tokens.refreshToken;
  if (!refreshToken) return { ok: false, error: new AuthError('access_token_expired'), setCookies: [] };
  if (!options.canWriteCookies) return { ok: false, error: new AuthError('refresh_needs_cookie_write'), setCookies: [] };
  try {
    const renewed = await coordinator.run(refreshToken, async () => {
      const result = await refreshTokens(config, refreshToken);
      const next: SessionData = { ...session, tokens: userTokens(result, session.tokens) };
      return { session: next, cookie: await sessionCookie(next, config) };
    });
    return { ok: true, accessToken: renewed.session.tokens!.accessToken, session: renewed.session, setCookies: [renewed.cookie] };
  } catch (err) {
    const error = err instanceof AuthError ? err : new AuthError('broker_invalid_response', { cause: err });
    if (error.code === 'invalid_grant') {
      return { ok: false, error: new AuthError('session_expired', { cause: error }), setCookies: [clearSessionCookie(cookieHeader, config)] };
    }
    return { ok: false, error, setCookies: [] };
  }
}
