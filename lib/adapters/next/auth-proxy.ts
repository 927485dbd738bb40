// 'next/server.js': next has no exports map, so Node's ESM resolution (and TypeScript's nodenext,
// which reads our .d.ts) needs the file name. next/headers and next/navigation stay bare: Next
// aliases those exact specifiers for its route modules.
import { NextResponse } from 'next/server.js';
import { AuthError, requestCookies, type NetIdAuth } from '../../auth';
import { errorResponse } from '../../http';
import { loginUrl, type SignInRedirectOptions } from './login-url';

/** Which paths need a session: a path covers itself and everything below it (`/account` → `/account/x`). */
export type ProtectedPath = string | RegExp | ((pathname: string) => boolean);

/** Options of {@link createAuthProxy}. */
export interface AuthProxyOptions extends SignInRedirectOptions {
  /** The paths signed-out visitors may not see. */
  protect: readonly ProtectedPath[];
}

/**
 * What the proxy helper returns for a request: a response when it decided (a redirect to the
 * login route, or 401 JSON), `undefined` when the request may go on. Compose it with other
 * proxy helpers: `(await protect(request)) ?? NextResponse.next()`.
 */
export type AuthProxy = (request: Request) => Promise<NextResponse | undefined>;

function covers(rule: ProtectedPath, pathname: string): boolean {
  if (typeof rule === 'function') return rule(pathname);
  if (rule instanceof RegExp) return rule.test(pathname);
  const base = rule.replace(/\/+$/, '');
  return base === '' || pathname === base || pathname.startsWith(`${base}/`);
}

/**
 * A helper for Next 16's `proxy.ts` (the former `middleware.ts`) that keeps signed-out visitors off
 * the paths you name, as nextjs-auth0's `auth0.middleware()` does: a `GET`/`HEAD` navigation is
 * redirected (307) to the login route with `returnTo` set to the path and query it asked for;
 * any other method gets 401 JSON `unauthenticated`. A tampered or expired cookie counts as signed
 * out. Signed-in visitors and unprotected paths get `undefined`: the request goes on unchanged.
 *
 * The proxy only reads the session; it never writes a cookie (renewals happen in route handlers).
 *
 * @example
 * ```ts
 * // proxy.ts (next to app/)
 * import { NextResponse, type NextRequest } from 'next/server';
 * import { createNetIdAuth } from 'netid-rp';
 * import { createAuthProxy } from 'netid-rp/next';
 *
 * const protect = createAuthProxy(createNetIdAuth(), { protect: ['/account', '/consent'] });
 * export async function proxy(request: NextRequest) {
 *   return (await protect(request)) ?? NextResponse.next();
 * }
 * export const config = { matcher: ['/account/:path*', '/consent/:path*'] };
 * ```
 */
export function createAuthProxy(auth: NetIdAuth, options: AuthProxyOptions): AuthProxy {
  const rules = [...options.protect];
  return async (request) => {
    const url = new URL(request.url);
    if (!rules.some((rule) => covers(rule, url.pathname))) return undefined;
    if (await auth.getSession(requestCookies(request))) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const answer = errorResponse(new AuthError('unauthenticated'));
      return new NextResponse(answer.body, { status: answer.status, headers: answer.headers });
    }
    const location = new URL(loginUrl(auth.config(), `${url.pathname}${url.search}`, options), url);
    const response = NextResponse.redirect(location, 307);
    response.headers.set('cache-control', 'no-store');
    return response;
  };
}
