import { cookies } from 'next/headers.js';
import type { NetIdAuth, SessionData } from '../../auth';
import type { SignInRedirectOptions } from './sign-in-redirect';

/** Options of {@link requireSession}. */
export interface RequireSessionOptions extends SignInRedirectOptions {
  /**
   * Where the sign-in comes back to: the page's own path (a Server Component does not know its
   * URL). Default `/`.
   */
  returnTo?: string;
}

/**
 * The session for a page or layout that needs one (Server Components, Server Actions, route
 * handlers), for apps that do not protect the page in `proxy.ts`: signed out, it redirects to the
 * login route with `returnTo` (Next's `redirect()`, so nothing after it runs). The session holds
 * tokens: keep it on the server; hand `publicSession(session)` to client components.
 *
 * @example
 * ```tsx
 * // app/account/page.tsx
 * import { createNetIdAuth } from 'netid-rp';
 * import { requireSession } from 'netid-rp/next';
 * const auth = createNetIdAuth();
 * export default async function Account() {
 *   const session = await requireSession(auth, { returnTo: '/account' });
 *   return <p>Signed in as {session.user?.sub}</p>;
 * }
 * ```
 */
export async function requireSession(auth: NetIdAuth, options: RequireSessionOptions = {}): Promise<SessionData> {
  const session = await auth.getSession(await cookies());
  if (session) return session;
  // Loaded here, by its bare name: bundlers map `next/navigation` to the server variant only under
  // that name (`next/navigation.js` gets the client one, which a route handler cannot load), and plain
  // Node ESM cannot resolve the bare name, so a static import would break `import 'netid-rp/next'` there.
  const { redirect } = await import('next/navigation');
  return redirect(auth.loginPath(options.flow, options.returnTo ?? '/'));
}
