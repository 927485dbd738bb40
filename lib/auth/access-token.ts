import type { AuthConfig } from './types';
import type { CookieStore } from './cookie-store';
import { AuthError } from './errors';
import { sessionsEnded, traceRefresh } from '../telemetry';
import { refreshTokens, type OidcDiscovery } from './oidc';
import type { AuthLogger } from './options';
import type { RefreshCoordinator } from './refresh-coordinator';
import { destroySession, readSession, saveSession, sessionCookieValue, writeSessionValue, type SessionData } from './session';
import { userTokens } from './user-tokens';

/** Renew this long before expiry (seconds), or a quarter of a short lifetime, whichever is less. */
const REFRESH_AHEAD = 60;

/** Options of `NetIdAuth.getAccessToken`. */
export interface GetAccessTokenOptions {
  /** Renew even if the token looks valid (e.g. the API answered 401). */
  forceRefresh?: boolean;
}

/** The current access token and the session it belongs to (after a renewal: the renewed one). */
export interface AccessTokenResult {
  accessToken: string;
  session: SessionData;
}

function dueForRefresh(session: SessionData, now: number): boolean {
  const tokens = session.tokens!;
  const lifetime = tokens.expiresAt - tokens.issuedAt;
  const ahead = Math.min(REFRESH_AHEAD, Math.max(1, Math.floor(lifetime / 4)));
  return tokens.expiresAt - ahead <= now;
}

/**
 * A renewal must be able to store the rotated refresh token: write the current cookie back
 * first (the renewed one overwrites it), and refuse before redeeming anything where the store
 * cannot write (a Server Component, an Express response already sent).
 */
function claimCookieWrite(store: CookieStore, config: AuthConfig, session: SessionData, value: string): void {
  try {
    writeSessionValue(store, value, session, config);
  } catch (err) {
    throw new AuthError('refresh_needs_cookie_write', { cause: err });
  }
}

/**
 * The signed-in user's current access token for upstream APIs, renewed first when due.
 * Refreshes once per refresh token however many requests arrive together (see
 * {@link RefreshCoordinator}); writes the rotated session through `store`; a refused refresh
 * (any 4xx of the token endpoint) or a refreshed ID token about another user ends the session
 * (`session_expired`, cookie cleared, logged with the status); a 5xx, timeout or network error
 * keeps it (a later request tries again; failures are never cached). Throws an
 * {@link AuthError} otherwise: `unauthenticated`, `access_token_unavailable`,
 * `access_token_expired`, `refresh_needs_cookie_write`, or the provider failure.
 */
export async function getAccessToken(
  store: CookieStore,
  config: AuthConfig,
  coordinator: RefreshCoordinator,
  discovery: OidcDiscovery,
  options: GetAccessTokenOptions = {},
  log: AuthLogger = () => {},
): Promise<AccessTokenResult> {
  const session = await readSession(store, config);
  if (!session) throw new AuthError('unauthenticated');
  if (!session.tokens) throw new AuthError('access_token_unavailable');
  const now = Math.floor(Date.now() / 1000);
  if (!options.forceRefresh && !dueForRefresh(session, now)) return { accessToken: session.tokens.accessToken, session };
  const refreshToken = session.tokens.refreshToken;
  if (!config.profile.refreshes || !refreshToken) throw new AuthError('access_token_expired');
  const current = sessionCookieValue(store, config)!;
  claimCookieWrite(store, config, session, current);
  try {
    const renewed = await traceRefresh((redeeming) => coordinator.run(refreshToken, async () => {
      redeeming();
      const result = await refreshTokens(discovery, config, refreshToken);
      // OIDC Core 12.2: an ID token from a refresh must be about the same user (openid-client
      // already holds it to the same issuer, audience and signature).
      if (result.sub !== undefined && session.user && result.sub !== session.user.sub) throw new AuthError('id_token_invalid');
      const next: SessionData = { ...session, tokens: userTokens(result, session.tokens) };
      return { session: next, value: await saveSession(next, config, current) };
    }));
    claimCookieWrite(store, config, renewed.session, renewed.value);
    return { accessToken: renewed.session.tokens!.accessToken, session: renewed.session };
  } catch (err) {
    const error = err instanceof AuthError ? err : new AuthError('broker_invalid_response', { cause: err, provider: config.profile.name });
    // A refused refresh (any 4xx) or an ID token about someone else: the session cannot go on.
    // Anything else (5xx, timeout, network) is transient: the session stays, a later request retries.
    if (error.code === 'invalid_grant' || error.code === 'id_token_invalid') {
      log(error.code === 'invalid_grant' ? 'refresh_rejected' : 'refresh_id_token_refused', { code: error.code, status: error.status });
      await destroySession(store, config).catch(() => undefined);
      sessionsEnded('refresh_rejected');
      throw new AuthError('session_expired', { cause: error });
    }
    log('refresh_failed', { code: error.code, status: error.status });
    throw error;
  }
}
