import type { AccessTokenResult } from './access-token';
import type { CookieStore } from './cookie-store';
import type { NetIdAuth } from './create-auth';
import type { SessionAnswer } from './handlers/session-route';
import type { SessionData } from './session';

/** What a server adapter's `requireSession` attaches to a request (Express `req.netId`, Fastify `request.netId`, Hono `c.get('netId')`). */
export interface NetIdRequestContext {
  /** The session, with tokens: server side only. */
  session: SessionData;
  /**
   * The user's current access token (generic OIDC provider), renewed when due; a renewal writes
   * the rotated session cookie onto this response. Rejects with an `AuthError` otherwise.
   * Resolves with the same {@link AccessTokenResult} as the core's `auth.getAccessToken(cookies)`
   * (`{ accessToken, session }`, the session after a renewal): one name, one meaning everywhere.
   */
  getAccessToken(): Promise<AccessTokenResult>;
}

/**
 * The guard of every server adapter's `requireSession`, framework-free: the request context for the
 * session in `cookies`, or, signed out, the answer to send instead (401 `unauthenticated`, or 503
 * when a server-side store does not answer). Rejects with what the store read rejects with.
 */
export async function guardSession(auth: NetIdAuth, cookies: CookieStore): Promise<{ context: NetIdRequestContext } | { answer: SessionAnswer }> {
  const session = await auth.getSession(cookies);
  if (!session) return { answer: await auth.sessionAnswer(cookies) };
  return { context: { session, getAccessToken: () => auth.getAccessToken(cookies) } };
}
