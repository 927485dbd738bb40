/**
 * Next.js App Router adapter: wiring only. Route handlers are Fetch API functions already, so
 * they delegate straight to the core; Server Components, Server Actions and route handlers read
 * the session through the cookie store of `next/headers`, which the core takes as it is. Only
 * route handlers and Server Actions can write cookies there (and so renew tokens).
 *
 * @example
 * ```ts
 * import { createNetIdAuth } from 'netid-rp';
 * import { netIdRouteHandlers } from 'netid-rp/next';
 * export const auth = createNetIdAuth();
 * export const routes = netIdRouteHandlers(auth);
 * // app/api/auth/login/route.ts: export const { GET } = routes.login;
 * ```
 */
// With the file name: `next` has no exports map, so plain Node ESM (a partner's script or test
// runner) needs it; bundlers resolve it to the same module.
import { cookies } from 'next/headers.js';
import { connection } from 'next/server.js';
import type { AccessTokenResult, NetIdAuth, SessionData } from '../../auth';
import { createUpstreamProxy } from '../../bff';
import { signInErrorPage } from '../../error-page';
import type { RouteHandler } from './route-handler';

export {
  securityHeaders,
  securityHeadersProxy,
  type SecurityHeadersOptions,
  type RequestSecurityHeaders,
} from './security-headers';
export { createAuthProxy, type AuthProxy, type AuthProxyContext, type AuthProxyOptions, type ProtectedPath } from './auth-proxy';
export { requireSession, type RequireSessionOptions } from './require-session';
export type { SignInRedirectOptions } from './sign-in-redirect';
export { nextHealthRoutes, type NextHealthRoutes } from './health';
export type { RouteHandler } from './route-handler';


/** Route handlers for `app/api/auth/<name>/route.ts` and `app/api/upstream/[...path]/route.ts`. */
export interface NetIdRouteHandlers {
  login: { GET: RouteHandler };
  callback: { GET: RouteHandler };
  logout: { POST: RouteHandler };
  session: { GET: RouteHandler };
  /** `app/api/auth/backchannel-logout/route.ts` */
  backchannelLogout: { POST: RouteHandler };
  /**
   * `app/auth/error/route.ts` (the `errorPage` route, default `/auth/error`): the package's small
   * German/English page for a cancelled or failed sign-in. Replace the file by your own `page.tsx` any time.
   */
  errorPage: { GET: RouteHandler };
  /**
   * All five auth routes from one file, `app/api/auth/[action]/route.ts` (`export const { GET, POST } = routes.handlers;`):
   * `login`, `callback`, `session` answer `GET`; `logout`, `backchannel-logout` answer `POST`; other paths 404, a wrong method 405.
   */
  handlers: { GET: RouteHandler; POST: RouteHandler };
  upstream: Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD', RouteHandler>;
}

/**
 * The auth routes and the upstream proxy as Next.js route handlers. Each is dynamic by
 * construction (it awaits `connection()` first), so `next build` never prerenders one, with or
 * without `cacheComponents`, and the configuration is resolved at request time: the build needs
 * no secrets.
 *
 * @example
 * ```ts
 * import { createNetIdAuth } from 'netid-rp';
 * import { netIdRouteHandlers } from 'netid-rp/next';
 * // app/api/auth/login/route.ts
 * export const { GET } = netIdRouteHandlers(createNetIdAuth()).login;
 * ```
 */
export function netIdRouteHandlers(auth: NetIdAuth): NetIdRouteHandlers {
  const proxy = createUpstreamProxy(auth);
  // connection(): "only at request time" (a never-settling promise while prerendering), so the
  // route is dynamic under Cache Components too, where `export const dynamic` is not allowed.
  const atRequest =
    (handler: RouteHandler): RouteHandler =>
    async (request) => {
      await connection();
      return handler(request);
    };
  const upstream = atRequest((request) => proxy(request));
  const byPath = (method: 'GET' | 'POST') =>
    atRequest(async (request) => {
      const routes = auth.config().routes;
      const table: Record<string, { method: 'GET' | 'POST'; handle: RouteHandler }> = {
        [routes.login]: { method: 'GET', handle: auth.login },
        [routes.callback]: { method: 'GET', handle: auth.callback },
        [routes.session]: { method: 'GET', handle: auth.session },
        [routes.logout]: { method: 'POST', handle: auth.logout },
        [routes.backchannelLogout]: { method: 'POST', handle: auth.backchannelLogout },
      };
      const route = Object.hasOwn(table, new URL(request.url).pathname) ? table[new URL(request.url).pathname] : undefined;
      if (!route) return new Response(null, { status: 404, headers: { 'cache-control': 'no-store' } });
      if (route.method !== method) return new Response(null, { status: 405, headers: { allow: route.method, 'cache-control': 'no-store' } });
      return route.handle(request);
    });
  return {
    login: { GET: atRequest((req) => auth.login(req)) },
    callback: { GET: atRequest((req) => auth.callback(req)) },
    logout: { POST: atRequest((req) => auth.logout(req)) },
    session: { GET: atRequest((req) => auth.session(req)) },
    backchannelLogout: { POST: atRequest((req) => auth.backchannelLogout(req)) },
    errorPage: { GET: atRequest(async (req) => signInErrorPage(auth, req)) },
    handlers: { GET: byPath('GET'), POST: byPath('POST') },
    upstream: { GET: upstream, POST: upstream, PUT: upstream, PATCH: upstream, DELETE: upstream, HEAD: upstream },
  };
}

/**
 * Reads the current session in a Server Component, Server Action or route handler.
 * The result holds tokens: keep it on the server (pass only `publicSession(session)` to client components).
 */
export async function getServerSession(auth: NetIdAuth): Promise<SessionData | null> {
  return auth.getSession(await cookies());
}

/**
 * The user's current access token (profiles that refresh), renewed when due, for calls to
 * upstream APIs: the rotated session cookie is written through `next/headers`. That works in
 * route handlers and Server Actions; in a Server Component (whose cookie store cannot write) a
 * due renewal is refused with the AuthError `refresh_needs_cookie_write` before anything is
 * redeemed, and a still-valid token is returned as usual.
 *
 * It resolves with the same {@link AccessTokenResult} as the core's `auth.getAccessToken(cookies)`
 * and the server adapters' `req.netId.getAccessToken()` (`{ accessToken, session }`, the session
 * after a renewal), so the name means one thing in every entry point: the result object, never a
 * bare string. Rejects with an `AuthError` (`unauthenticated`, `access_token_unavailable`, ...).
 *
 * @example
 * ```ts
 * import { createNetIdAuth } from 'netid-rp';
 * import { getAccessToken } from 'netid-rp/next';
 * const auth = createNetIdAuth();
 * export async function GET(): Promise<Response> {
 *   const { accessToken } = await getAccessToken(auth);
 *   return fetch('https://api.example.com/me', { headers: { authorization: `Bearer ${accessToken}` } });
 * }
 * ```
 */
export async function getAccessToken(auth: NetIdAuth): Promise<AccessTokenResult> {
  return auth.getAccessToken(await cookies());
}
