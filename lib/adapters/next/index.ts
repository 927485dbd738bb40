/**
 * Next.js App Router adapter: wiring only. Route handlers are Fetch API functions already,
 * so they delegate straight to the core; Server Components read the session through
 * `next/headers` (read-only: they never write cookies).
 */
import { cookies } from 'next/headers';
import type { NetIdAuth } from '../../auth';
import type { SessionData } from '../../auth';
import { parseSetCookie } from './set-cookie';

type RouteHandler = (request: Request) => Promise<Response>;

/** Route handlers for `app/api/auth/<name>/route.ts`. */
export interface NextAuthRoutes {
  login: { GET: RouteHandler };
  callback: { GET: RouteHandler };
  logout: { POST: RouteHandler };
  session: { GET: RouteHandler };
  upstream: Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD', RouteHandler>;
}

/** The `<path>` of `/api/upstream/<path>`. */
function upstreamPath(request: Request): string {
  return new URL(request.url).pathname.replace(/^\/api\/upstream\/?/, '');
}

/**
 * The four auth routes as Next.js route handlers.
 *
 * @example
 * ```ts
 * // app/api/auth/login/route.ts
 * export const { GET } = nextAuthRoutes(auth).login
 * export const dynamic = 'force-dynamic'
 * ```
 */
export function nextAuthRoutes(auth: NetIdAuth): NextAuthRoutes {
  return {
    login: { GET: (req) => auth.login(req) },
    callback: { GET: (req) => auth.callback(req) },
    logout: { POST: (req) => auth.logout(req) },
    session: { GET: (req) => auth.session(req) },
    upstream: Object.fromEntries(
      (['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const).map((m) => [m, (req: Request) => auth.upstream(req, upstreamPath(req))]),
    ) as NextAuthRoutes['upstream'],
  };
}

/**
 * Reads the current session in a Server Component, Server Action or route handler.
 * The result holds tokens: keep it on the server (pass only {@link publicSession} views to client components).
 */
export async function getServerSession(auth: NetIdAuth): Promise<SessionData | null> {
  return auth.getSession(cookieHeader(await cookies()));
}

type CookieStore = Awaited<ReturnType<typeof cookies>>;

function cookieHeader(store: CookieStore): string | null {
  const header = store
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join('; ');
  return header || null;
}

/** Next.js lets only route handlers and Server Actions write cookies; a Server Component's store throws. */
function canWrite(store: CookieStore): boolean {
  try {
    store.delete('__netid_write_probe');
    return true;
  } catch {
    return false;
  }
}

/**
 * The user's current access token (generic OIDC provider), renewed when due, for calls to
 * upstream APIs from a route handler or Server Action: the rotated session cookie is written
 * through `next/headers`. In a Server Component a due renewal is refused with the AuthError
 * `refresh_needs_cookie_write` (a rotated refresh token that cannot be stored would be lost);
 * a still-valid token is returned there as well.
 */
export async function getAccessToken(auth: NetIdAuth): Promise<string> {
  const store = await cookies();
  const header = cookieHeader(store);
  let result = await auth.getAccessToken(header, { canWriteCookies: false });
  if (!result.ok && result.error.code === 'refresh_needs_cookie_write' && canWrite(store)) {
    result = await auth.getAccessToken(header, { canWriteCookies: true });
  }
  for (const raw of result.setCookies) {
    const { name, value, options } = parseSetCookie(raw);
    store.set(name, value, options);
  }
  if (!result.ok) throw result.error;
  return result.accessToken;
}
