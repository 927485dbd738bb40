import { redirect } from '../../http';
import type { RequestCookieStore } from '../cookie-store';
import type { AuthError } from '../errors';
import type { Flow } from '../flows';
import type { HandlerContext } from './context';

/**
 * Sends the browser to the app's error page with the stable code only (and what is
 * needed to offer "try again"): never the provider's `error_description`.
 */
export function errorRedirect(ctx: HandlerContext, err: AuthError, retry: { flow?: Flow; returnTo?: string }, cookies?: RequestCookieStore): Response {
  const config = ctx.config();
  ctx.log('auth_error', { code: err.code, cause: describeCause(err.cause) });
  const url = new URL(config.routes.errorPage, config.appUrl);
  url.searchParams.set('code', err.code);
  if (retry.flow) url.searchParams.set('flow', retry.flow);
  if (retry.returnTo && retry.returnTo !== '/') url.searchParams.set('returnTo', retry.returnTo);
  return redirect(`${url.pathname}${url.search}`, 302, cookies?.setCookieHeaders() ?? []);
}

/** A log-safe summary of a cause: class name and library code only, no message text (it may echo tokens). */
function describeCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? `${cause.name}:${code}` : cause.name;
}

