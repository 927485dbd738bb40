import type { NetIdAuth, SessionData } from '../auth';
import { saveSession, sessionCookieName } from '../auth/internal';

/** A session cookie minted for a test: its name, value and a ready `Cookie` header. */
export interface MintedSessionCookie {
  name: string;
  value: string;
  /** `name=value`, for a `Cookie` request header. */
  header: string;
}

/**
 * Seals a session for `auth` without a sign-in, the way a partner's own tests log a user in
 * (like nextjs-auth0's `generateSessionCookie`). Defaults: flow `login-permission`, user
 * `{ sub: 'test-user' }`, no tokens, valid for an hour.
 *
 * @example
 * ```ts
 * import { createNetIdAuth } from 'netid-rp';
 * import { mintSessionCookie } from 'netid-rp/testing';
 * const auth = createNetIdAuth({ issuer: 'http://127.0.0.1:4000/', clientId: 'c', clientSecret: 's', appUrl: 'http://127.0.0.1:3000' });
 * const { header } = await mintSessionCookie(auth, { user: { sub: 'u-1', email: 'max@example.com' } });
 * const res = await auth.session(new Request('http://127.0.0.1:3000/api/auth/session', { headers: { cookie: header } }));
 * ```
 */
export async function mintSessionCookie(auth: NetIdAuth, session: Partial<SessionData> = {}): Promise<MintedSessionCookie> {
  const config = auth.config();
  const now = Math.floor(Date.now() / 1000);
  const full: SessionData = {
    v: 1,
    flow: 'login-permission',
    issuer: config.issuer,
    user: { sub: 'test-user' },
    permissionToken: null,
    tokens: null,
    createdAt: now,
    expiresAt: now + 3600,
    ...session,
  };
  const name = sessionCookieName(config);
  // Stored the way a sign-in stores it: sealed (cookie sessions) or kept by the server-side store.
  const value = await saveSession(full, config);
  return { name, value, header: `${name}=${value}` };
}
