import { AuthError } from '../errors';
import { isSameOriginRequest } from '../same-origin';
import { clearSessionCookie } from '../session';
import type { HandlerContext } from './context';
import { jsonError, redirect } from './respond';

/**
 * `POST /api/auth/logout`: clears the session cookie and redirects (303) to `/`.
 * Cross-site requests are refused (403). netID has no end-session endpoint: local logout only.
 */
export async function handleLogout(request: Request, ctx: HandlerContext): Promise<Response> {
  const config = ctx.config();
  if (request.method !== 'POST') return jsonError(new AuthError('method_not_allowed'));
  if (!isSameOriginRequest(request.headers, config.appUrl)) return jsonError(new AuthError('cross_site_request'));
  return redirect('/', 303, [clearSessionCookie(request.headers.get('cookie'), config)]);
}
