import { json, jsonError } from '../../http';
import { failActive, sessionsEnded, traceOperation } from '../../telemetry';
import { AuthError } from '../errors';
import { LOGOUT_TOKEN_MAX_AGE, verifyLogoutToken } from '../logout-token';
import { storeContextFor } from '../session';
import type { HandlerContext } from './context';

const MAX_BODY = 32 * 1024;

async function logoutTokenOf(request: Request): Promise<string | undefined> {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  const body = await request.text();
  if (body.length > MAX_BODY) return undefined;
  return new URLSearchParams(body).get('logout_token') ?? undefined;
}

/**
 * `POST /api/auth/backchannel-logout` (OpenID Connect Back-Channel Logout 1.0): the provider
 * posts a `logout_token`; a valid one ends the matching server-side sessions (by `sid`, else
 * every session of `sub`) and is answered 200. Anything that fails a check, or a `jti` seen
 * before, is 400 `logout_token_invalid` and ends nothing. With cookie sessions there is nothing
 * to end on the server: 501 `backchannel_logout_unsupported`. The store down: 503.
 */
export function handleBackchannelLogout(request: Request, ctx: HandlerContext): Promise<Response> {
  return traceOperation('netid.backchannel_logout', () => backchannelLogout(request, ctx));
}

async function backchannelLogout(request: Request, ctx: HandlerContext): Promise<Response> {
  if (request.method !== 'POST') return jsonError(new AuthError('method_not_allowed'));
  const config = ctx.config();
  const store = config.sessionStore;
  if (store.kind !== 'server' || !store.endSessions || !store.claimOnce) return jsonError(new AuthError('backchannel_logout_unsupported'));
  try {
    const token = await logoutTokenOf(request);
    if (!token) throw new AuthError('logout_token_invalid');
    const claims = await verifyLogoutToken(token, config, ctx.discovery);
    const storeCtx = storeContextFor(config);
    // Only a token that passed every check may spend its jti (a forged one must not block the real one).
    if (!(await store.claimOnce(`${claims.iss}\u0000${claims.jti}`, LOGOUT_TOKEN_MAX_AGE + 60, storeCtx))) throw new AuthError('logout_token_invalid');
    const ended = await store.endSessions({ sid: claims.sid, sub: claims.sub }, storeCtx);
    ctx.log('backchannel_logout', { ended });
    sessionsEnded('backchannel_logout', ended);
    return json({}, 200);
  } catch (err) {
    const error = err instanceof AuthError ? err : new AuthError('logout_token_invalid', { cause: err });
    failActive(error.code);
    if (error.code !== 'session_store_unavailable') ctx.log('backchannel_logout_refused', { code: error.code });
    return jsonError(error.code === 'session_store_unavailable' ? error : new AuthError('logout_token_invalid', { cause: error }));
  }
}
