import { AuthError } from '../errors';
import { DEFAULT_FLOW, isFlow } from '../flows';
import { startAuthorization, type AuthorizeExtras } from '../oidc';
import { safeReturnTo } from '../return-to';
import { pruneTransactions, transactionCookie } from '../transaction';
import type { HandlerContext } from './context';
import { errorRedirect } from './error-redirect';
import { redirect } from '../../http';

function extras(params: URLSearchParams): AuthorizeExtras {
  const out: AuthorizeExtras = {};
  const prompt = params.get('prompt');
  if (prompt === 'login' || prompt === 'consent') out.prompt = prompt;
  const hint = params.get('login_hint');
  if (hint && hint.length <= 254) out.loginHint = hint;
  const maxAge = params.get('max_age');
  if (maxAge && /^\d{1,7}$/.test(maxAge)) out.maxAge = Number(maxAge);
  return out;
}

/**
 * `GET /api/auth/login?flow=…&returnTo=…`: starts a flow and redirects (302) to the broker.
 * The PKCE verifier, state, nonce, flow and returnTo go into a sealed per-attempt cookie.
 */
export async function handleLogin(request: Request, ctx: HandlerContext): Promise<Response> {
  const config = ctx.config();
  const params = new URL(request.url).searchParams;
  // A generic OIDC provider has one sign-in (OIDC_SCOPES): the netID flow parameter is ignored.
  const flowParam = config.provider === 'oidc' ? 'login' : (params.get('flow') ?? DEFAULT_FLOW);
  const returnTo = safeReturnTo(params.get('returnTo'), config.appUrl);
  if (!isFlow(flowParam)) return errorRedirect(ctx, new AuthError('invalid_flow'), {});
  try {
    const { url, tx } = await startAuthorization(config, flowParam, returnTo, extras(params));
    const cookies = [...pruneTransactions(request.headers.get('cookie'), config), await transactionCookie(tx, config)];
    return redirect(url.href, 302, cookies);
  } catch (err) {
    const authError = err instanceof AuthError ? err : new AuthError('broker_invalid_response', { cause: err });
    return errorRedirect(ctx, authError, { flow: flowParam, returnTo });
  }
}
