import { redirect } from '../../http';
import { requestCookies } from '../cookie-store';
import { AuthError, brokerErrorCode } from '../errors';
import { annotate, traceSignIn } from '../../telemetry';
import { finishAuthorization } from '../oidc';
import { writeSession, type SessionData } from '../session';
import { takeTransaction } from '../transaction';
import type { HandlerContext } from './context';
import { errorRedirect } from './error-redirect';

const MAX_PARAM = 4096;

/**
 * `GET /api/auth/callback`: finishes the flow started by `/api/auth/login`.
 * Looks the transaction up by `state`, deletes it whatever happens, redeems the code,
 * verifies the ID token, lets the profile turn the result into a session (netID: the Permission
 * Center token from where the flow puts it), seals it and redirects (302) to the saved
 * same-origin `returnTo`. Any failure lands on the error page with a stable code.
 */
export function handleCallback(request: Request, ctx: HandlerContext): Promise<Response> {
  return traceSignIn('callback', () => ctx.config().routes.errorPage, () => callback(request, ctx));
}

async function callback(request: Request, ctx: HandlerContext): Promise<Response> {
  const config = ctx.config();
  const incoming = new URL(request.url);
  const params = incoming.searchParams;
  const state = params.get('state');
  if (!state || state.length > 512 || [...params.values()].some((v) => v.length > MAX_PARAM)) {
    return errorRedirect(ctx, new AuthError('invalid_callback'), {});
  }
  const cookies = requestCookies(request);
  const lookup = await takeTransaction(cookies, state, config);
  if (lookup.kind !== 'found') {
    return errorRedirect(ctx, new AuthError(lookup.kind === 'mismatch' ? 'state_mismatch' : 'transaction_missing'), {}, cookies);
  }
  const { tx } = lookup;
  annotate({ 'netid.flow': tx.flow, 'netid.profile': config.profile.id });
  const retry = { flow: tx.flow, returnTo: tx.returnTo };
  const error = params.get('error');
  if (error) return errorRedirect(ctx, new AuthError(brokerErrorCode(error), { provider: config.profile.name }), retry, cookies);
  if (!params.get('code')) return errorRedirect(ctx, new AuthError('invalid_callback'), retry, cookies);

  // Rebuild the URL on the configured base: the redirect_uri must match what we sent,
  // and a proxy's Host header must never decide it.
  const callbackUrl = new URL(config.redirectUri);
  callbackUrl.search = incoming.search;
  try {
    const result = await finishAuthorization(ctx.discovery, config, callbackUrl, tx);
    const now = Math.floor(Date.now() / 1000);
    const session: SessionData = {
      v: 1,
      flow: tx.flow,
      issuer: config.issuer,
      ...config.profile.session(result, tx.flow, now),
      createdAt: now,
      expiresAt: now + config.sessionTtl,
    };
    await writeSession(cookies, session, config);
    return redirect(tx.returnTo, 302, cookies.setCookieHeaders());
  } catch (err) {
    const authError = err instanceof AuthError ? err : new AuthError('broker_invalid_response', { cause: err, provider: config.profile.name });
    return errorRedirect(ctx, authError, retry, cookies);
  }
}
