/**
 * Next.js App Router adapter: wiring only. Route handlers are Fetch API functions already, so
 * they delegate straight to the core; Server Components, Server Actions and route handlers read
 * the session through the cookie store of `next/headers`, which the core takes as it is. Only
 * route handlers and Server Actions can write cookies there (and so renew tokens).
 *
 * @example
 * ```ts
 * import { createNetIdAuth } from 'netid-rp';
 * import { nextAuthRoutes } from 'netid-rp/next';
 * export const auth = createNetIdAuth();
 * export const routes = nextAuthRoutes(auth);
 * // app/api/auth/login/route.ts: export const { GET } = routes.login;
 * ```
 */
import { cookies } from 'next/headers';
import type { NetIdAuth, SessionData } from '../../auth';
import { createUpstreamProxy } from '../../bff';

export {
  createSecurityHeaders,
  securityHeadersProxy,
  type SecurityHeadersOptions,
  type RequestSecurityHeaders,
} from './security-headers';
export { createAuthProxy, type AuthProxy, type AuthProxyContext, type AuthProxyOptions, type ProtectedPath } from './auth-proxy';
export { requireSession, type RequireSessionOptions } from './require-session';
export { loginUrl, type SignInRedirectOptions } from './login-url';
export { nextHealthRoutes, type NextHealthRoutes } from './health';

type RouteHandler = (request: Request) => Promise<Response>;

/** Route handlers for `app/api/auth/<name>/route.ts` and `app/api/upstream/[...path]/route.ts`. */
export interface NextAuthRoutes {
  login: { GET: RouteHandler };
  callback: { GET: RouteHandler };
  logout: { POST: RouteHandler };
  session: { GET: RouteHandler };
  /** `app/api/auth/backchannel-logout/route.ts` */
  backchannelLogout: { POST: RouteHandler };
  upstream: Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD', RouteHandler>;
}

/**
 * The auth routes and the upstream proxy as Next.js route handlers.
 *
 * @example
 * ```ts
 * import { createNetIdAuth } from 'netid-rp';
 * import { nextAuthRoutes } from 'netid-rp/next';
 * // app/api/auth/login/route.ts
 * export const { GET } = nextAuthRoutes(createNetIdAuth()).login;
 * export const dynamic = 'force-dynamic';
 * ```
 */
export function nextAuthRoutes(auth: NetIdAuth): NextAuthRoutes {
  const proxy = createUpstreamProxy(auth);
  const upstream = (request: Request) => proxy(request);
  return {
    login: { GET: (req) => auth.login(req) },
    callback: { GET: (req) => auth.callback(req) },
    logout: { POST: (req) => auth.logout(req) },
    session: { GET: (req) => auth.session(req) },
    backchannelLogout: { POST: (req) => auth.backchannelLogout(req) },
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
 */
export async function getAccessToken(auth: NetIdAuth): Promise<string> {
  return (await auth.getAccessToken(await cookies())).accessToken;
}
