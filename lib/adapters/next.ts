/**
 * Next.js App Router adapter: wiring only. Route handlers are Fetch API functions already,
 * so they delegate straight to the core; Server Components read the session through
 * `next/headers` (read-only: they never write cookies).
 */
import { cookies } from 'next/headers';
import type { NetIdAuth } from '../auth/create-auth';
import type { SessionData } from '../auth/session';

type RouteHandler = (request: Request) => Promise<Response>;

/** Route handlers for `app/api/auth/<name>/route.ts`. */
export interface NextAuthRoutes {
  login: { GET: RouteHandler };
  callback: { GET: RouteHandler };
  logout: { POST: RouteHandler };
  session: { GET: RouteHandler };
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
  };
}

/**
 * Reads the current session in a Server Component, Server Action or route handler.
 * The result holds tokens: keep it on the server (pass only {@link publicSession} views to client components).
 */
export async function getServerSession(auth: NetIdAuth): Promise<SessionData | null> {
  const store = await cookies();
  const header = store
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join('; ');
  return auth.getSession(header || null);
}
