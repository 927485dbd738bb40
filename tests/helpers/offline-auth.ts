/**
 * Options for a `NetIdAuth` that never calls out (nothing listens on its issuer), and a live
 * session of it: for tests of what happens to a session cookie inside one instance.
 */
import type { NetIdAuthOptions, SessionData } from '@/lib/auth';

export const offlineOptions: NetIdAuthOptions = {
  issuer: 'http://127.0.0.1:9/',
  clientId: 'client',
  clientSecret: 'secret',
  appUrl: 'http://127.0.0.1:3000',
  session: { password: 'a'.repeat(32) },
  log: () => {},
};

/** A signed-in session of {@link offlineOptions}'s issuer, live for an hour. */
export function offlineSession(sub = 'user-1'): SessionData {
  const now = Math.floor(Date.now() / 1000);
  return { v: 1, flow: 'login', issuer: offlineOptions.issuer, user: { sub }, permissionToken: null, tokens: null, createdAt: now, expiresAt: now + 3600 };
}
