import { isSameOriginRequest, jsonError, redirect } from '../../http';
import { requestCookies } from '../cookie-store';
import { AuthError } from '../errors';
import { failActive, sessionsEnded, traceOperation } from '../../telemetry';
import { endSessionUrl, revokeToken } from '../oidc';
import { clearSession, destroySession, readSession, type SessionData } from '../session';
import type { HandlerContext } from './context';

/**
 * Ends the session at the provider when its profile says so: revokes the refresh token when it
 * has a revocation endpoint, and returns its end-session URL when it has one. Best effort:
 * failures are logged by code and the local logout still happens. netID has neither.
 */
async function endAtProvider(session: SessionData, ctx: HandlerContext): Promise<string | undefined> {
  const config = ctx.config();
  if (!config.profile.endsSessionAtProvider || !session.tokens) return undefined;
  const { refreshToken, idToken } = session.tokens;
  if (refreshToken) {
    await traceOperation('netid.revocation', () => revokeToken(ctx.discovery, config, refreshToken, 'refresh_token')).catch((err: AuthError) => ctx.log('revocation_failed', { code: err.code }));
  }
  const url = await endSessionUrl(ctx.discovery, config, idToken, `${config.appUrl}/`).catch((err: AuthError) => {
    ctx.log('end_session_failed', { code: err.code });
    return undefined;
  });
  return url?.href;
}

/**
 * `POST /api/auth/logout`: ends the session (a server-side store deletes it) and clears its
 * cookie, then redirects (303) to `/`, or to the provider's end-session endpoint when its profile
 * ends sessions there. Cross-site requests get 403; a session store that does not answer, 503.
 */
export function handleLogout(request: Request, ctx: HandlerContext): Promise<Response> {
  return traceOperation('netid.logout', () => logout(request, ctx));
}

async function logout(request: Request, ctx: HandlerContext): Promise<Response> {
  const config = ctx.config();
  if (request.method !== 'POST') return jsonError(new AuthError('method_not_allowed'));
  if (!isSameOriginRequest(request.headers, config.appUrl)) return jsonError(new AuthError('cross_site_request'));
  const cookies = requestCookies(request);
  try {
    const session = await readSession(cookies, config);
    const location = (session && (await endAtProvider(session, ctx))) ?? '/';
    await destroySession(cookies, config);
    if (session) sessionsEnded('logout');
    return redirect(location, 303, cookies.setCookieHeaders());
  } catch (err) {
    // The store did not answer: the session may still be live there, so say so (the cookie is gone either way).
    clearSession(cookies, config);
    failActive(err instanceof AuthError ? err.code : 'internal_error');
    return jsonError(err, cookies.setCookieHeaders());
  }
}
