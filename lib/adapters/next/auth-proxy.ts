// 'next/server.js': next has no exports map, so Node's ESM resolution (and TypeScript's nodenext,
// which reads our .d.ts) needs the file name; so do next/headers.js and next/navigation.js.
import { NextResponse } from 'next/server.js';
import { AuthError, requestCookies, type NetIdAuth } from '../../auth';
import { errorResponse, RETRY_AFTER_SECONDS } from '../../http';
import type { SignInRedirectOptions } from './sign-in-redirect';

/** Which paths need a session: a path covers itself and everything below it (`/account` → `/account/x`). */
export type ProtectedPath = string | RegExp | ((pathname: string) => boolean);

/** Options of {@link createAuthProxy}. */
export interface AuthProxyOptions extends SignInRedirectOptions {
  /** The paths signed-out visitors may not see. */
  protect: readonly ProtectedPath[];
  /**
   * Further paths whose pages read the session without requiring one (a home page that greets
   * signed-in users). With a server-side session store (`SESSION_STORE=redis`) the proxy reads the
   * session there first, so a store outage answers 503 before the page renders instead of
   * failing the render; with cookie sessions nothing can be unavailable and these paths cost nothing.
   */
  readSession?: readonly ProtectedPath[];
  /**
   * The answer to `GET`/`HEAD` navigations when the session store does not answer: your own page
   * (HTML that must not need the session), which the proxy sends with status 503, `Retry-After`
   * and `no-store` whatever status it had. Without it (and for other methods) the answer is 503
   * JSON `session_store_unavailable`. A rewrite to an app page would not do: Next.js renders a
   * rewritten page with status 200.
   */
  unavailable?: (request: Request, context: AuthProxyContext) => Response | Promise<Response>;
  /** Seconds in the `Retry-After` header of a 503. Default 5. */
  retryAfterSeconds?: number;
  /**
   * Answer `GET` of the session route (`/api/auth/session`, the one the client hooks poll) in the
   * proxy itself, with the same handler and the same answer as the route. Next.js serves a proxy's
   * response without the app-route machinery, which walks the Cookie header several times per
   * request: the read then costs about a fifth less CPU (docs/session-read.md). Add the route to
   * `config.matcher` (a matcher must be a literal); keep the route handler for requests the proxy
   * does not see. Default `false`.
   */
  serveSession?: boolean;
}

/** What the proxy's caller knows of the request and hands to `unavailable`. */
export interface AuthProxyContext {
  /** The request's CSP nonce (`securityHeaders`), for an inline `<style>` of the unavailable page. */
  nonce?: string;
}

/**
 * What the proxy helper returns for a request: a response when it decided (a redirect to the
 * login route, 401 JSON, 503 when the session store is down, or the session route's own answer
 * with `serveSession`), `undefined` when the request may go on. Compose it with other proxy
 * helpers: `(await protect(request)) ?? NextResponse.next()`.
 */
export type AuthProxy = (request: Request, context?: AuthProxyContext) => Promise<Response | undefined>;

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
 * When a server-side session store does not answer (`session_store_unavailable`), the proxy
 * answers 503 with `Retry-After` (the `unavailable` page, or JSON) on the paths it reads the
 * session for (`protect` and `readSession`), so pages never fail their render on an outage.
 *
 * The proxy only reads the session; it never writes a cookie (renewals happen in route handlers).
 * With `serveSession` it also answers `GET /api/auth/session` itself, as the route would.
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
  const readers = [...(options.readSession ?? [])];
  const retryAfter = String(options.retryAfterSeconds ?? RETRY_AFTER_SECONDS);

  async function unavailable(request: Request, err: AuthError, context: AuthProxyContext): Promise<NextResponse> {
    const navigation = request.method === 'GET' || request.method === 'HEAD';
    const page = navigation && options.unavailable ? await options.unavailable(request, context) : errorResponse(err);
    const response = new NextResponse(request.method === 'HEAD' ? null : page.body, { status: 503, headers: page.headers });
    response.headers.set('retry-after', retryAfter);
    response.headers.set('cache-control', 'no-store');
    return response;
  }

  const serveSession = options.serveSession === true;

  return async (request, context = {}) => {
    const url = new URL(request.url);
    // The session route's own handler, answered here (its answer is the route's, cookies and all).
    if (serveSession && request.method === 'GET' && url.pathname === auth.config().routes.session) return auth.session(request);
    const guarded = rules.some((rule) => covers(rule, url.pathname));
    if (!guarded && !(auth.config().sessionStore.kind === 'server' && readers.some((rule) => covers(rule, url.pathname)))) return undefined;
    let signedIn: boolean;
    try {
      signedIn = (await auth.getSession(requestCookies(request))) !== null;
    } catch (err) {
      if (err instanceof AuthError && err.code === 'session_store_unavailable') return unavailable(request, err, context);
      throw err;
    }
    if (signedIn || !guarded) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') return toNext(errorResponse(new AuthError('unauthenticated')));
    const location = new URL(auth.loginPath(options.flow, `${url.pathname}${url.search}`), url);
    const response = NextResponse.redirect(location, 307);
    response.headers.set('cache-control', 'no-store');
    return response;
  };
}

function toNext(answer: Response): NextResponse {
  return new NextResponse(answer.body, { status: answer.status, headers: answer.headers });
}
