import { redirect } from '../../http';
import { requestCookies } from '../cookie-store';
import { AuthError } from '../errors';
import { annotate, traceSignIn } from '../../telemetry';
import { isFlow } from '../flows';
import { startAuthorization, type AuthorizeExtras } from '../oidc';
import { safeReturnTo } from '../return-to';
import { writeTransaction } from '../transaction';
import type { HandlerContext } from './context';
import { errorRedirect } from './error-redirect';

/** Longest `returnTo` we keep (it travels in the transaction cookie). */
const MAX_RETURN_TO = 2048;
/** Longest `login_hint` (an e-mail address: RFC 5321 allows 254 characters). */
const MAX_LOGIN_HINT = 254;

function extras(params: URLSearchParams): AuthorizeExtras {
  const out: AuthorizeExtras = {};
  const prompt = params.get('prompt');
  if (prompt === 'login' || prompt === 'consent') out.prompt = prompt;
  const hint = params.get('login_hint');
  if (hint) out.loginHint = hint;
  const maxAge = params.get('max_age');
  if (maxAge && /^\d{1,7}$/.test(maxAge)) out.maxAge = Number(maxAge);
  return out;
}

/**
 * `GET /api/auth/login?flow=…&returnTo=…`: starts a flow and redirects (302) to the provider.
 * The PKCE verifier, state, nonce, flow and returnTo go into a sealed per-attempt cookie.
 * A profile without flows (every provider but netID) ignores `flow`.
 */
export function handleLogin(request: Request, ctx: HandlerContext): Promise<Response> {
  return traceSignIn('start', () => ctx.config().routes.errorPage, () => login(request, ctx));
}

async function login(request: Request, ctx: HandlerContext): Promise<Response> {
  const config = ctx.config();
  const params = new URL(request.url).searchParams;
  const flow = config.profile.flows ? (params.get('flow') ?? config.defaultFlow) : 'login';
  annotate({ 'netid.flow': isFlow(flow) ? flow : 'invalid', 'netid.profile': config.profile.id });
  if ((params.get('returnTo')?.length ?? 0) > MAX_RETURN_TO || (params.get('login_hint')?.length ?? 0) > MAX_LOGIN_HINT) {
    // Answered, not silently shortened: a cut returnTo or hint would send the user somewhere else.
    return errorRedirect(ctx, new AuthError('login_parameter_too_long'), isFlow(flow) ? { flow } : {});
  }
  const returnTo = safeReturnTo(params.get('returnTo'), config.appUrl);
  if (!isFlow(flow)) return errorRedirect(ctx, new AuthError('invalid_flow'), {});
  const cookies = requestCookies(request);
  try {
    const { url, tx } = await startAuthorization(ctx.discovery, config, flow, returnTo, extras(params));
    await writeTransaction(cookies, tx, config);
    return redirect(url.href, 302, cookies.setCookieHeaders());
  } catch (err) {
    const authError = err instanceof AuthError ? err : new AuthError('broker_invalid_response', { cause: err, provider: config.profile.name });
    return errorRedirect(ctx, authError, { flow, returnTo });
  }
}
