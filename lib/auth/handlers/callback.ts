import { AuthError, brokerErrorCode } from '../errors';
import { finishAuthorization } from '../oidc';
import { sessionCookie, type SessionData } from '../session';
import { extractPermissionToken, userFromClaims, userTokens } from '../tokens';
import { findTransaction } from '../transaction';
import type { HandlerContext } from './context';
import { errorRedirect } from './error-redirect';
import { redirect } from '../../http';

const MAX_PARAM = 4096;

/**
 * `GET /api/auth/callback`: finishes the flow started by `/api/auth/login`.
 * Looks the transaction up by `state`, deletes it whatever happens, redeems the code,
 * verifies the ID token, extracts the Permission Center token from where the flow puts it,
 * seals the session and redirects (302) to the saved same-origin `returnTo`.
 * Any failure lands on the error page with a stable code.
 */
export async function handleCallback(request: Request, ctx: HandlerContext): Promise<Response> {
  const config = ctx.config();
  const incoming = new URL(request.url);
  const params = incoming.searchParams;
  const state = params.get('state');
  if (!state || state.length > 512 || [...params.values()].some((v) => v.length > MAX_PARAM)) {
    return errorRedirect(ctx, new AuthError('invalid_callback'), {});
  }
  const lookup = await findTransaction(request.headers.get('cookie'), state, config);
  if (lookup.kind !== 'found') {
    const clear = lookup.kind === 'missing' && lookup.clear ? [lookup.clear] : [];
    const code = lookup.kind === 'mismatch' ? 'state_mismatch' : 'transaction_missing';
    return errorRedirect(ctx, new AuthError(code), {}, clear);
  }
  const { tx, clear } = lookup;
  const retry = { flow: tx.flow, returnTo: tx.returnTo };
  const error = params.get('error');
  if (error) return errorRedirect(ctx, new AuthError(brokerErrorCode(error)), retry, [clear]);
  if (!params.get('code')) return errorRedirect(ctx, new AuthError('invalid_callback'), retry, [clear]);

  // Rebuild the URL on the configured base: the redirect_uri must match what we sent,
  // and a proxy's Host header must never decide it.
  const callbackUrl = new URL(config.redirectUri);
  callbackUrl.search = incoming.search;
  try {
    const result = await finishAuthorization(config, callbackUrl, tx);
    const now = Math.floor(Date.now() / 1000);
    const session: SessionData = {
      v: 1,
      flow: tx.flow,
      issuer: config.issuer,
      user: result.idTokenClaims ? userFromClaims(result.idTokenClaims, result.userinfo) : null,
      permissionToken: config.provider === 'netid' ? extractPermissionToken(tx.flow, result.tokens, result.idTokenClaims, now) : null,
      // netID issues no refresh tokens and its access token only serves userinfo: keep the cookie small.
      tokens: config.provider === 'oidc' ? userTokens(result.tokens, null, now) : null,
      createdAt: now,
      expiresAt: now + config.sessionTtl,
    };
    return redirect(tx.returnTo, 302, [clear, await sessionCookie(session, config)]);
  } catch (err) {
    const authError = err instanceof AuthError ? err : new AuthError('broker_invalid_response', { cause: err });
    return errorRedirect(ctx, authError, retry, [clear]);
  }
}
