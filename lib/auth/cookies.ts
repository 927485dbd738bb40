import { isLoopbackHost } from '../http';
import type { AuthConfig } from './types';
import type { CookieOptions, CookieStore } from './cookie-store';

/** Largest cookie value we try to unseal; anything bigger reads as absent. */
export const MAX_COOKIE_VALUE = 4096;

/**
 * Every cookie the core writes, in one table: its name (after the `__Host-` prefix, which is added
 * whenever the cookie is `Secure`) and lifetime. All are HttpOnly, SameSite=Lax (Strict would drop
 * them on the provider's redirect back) and Path=/.
 */
export const COOKIES = {
  /**
   * The sealed session; lifetime = the session's remaining lifetime. Split across `netid_session.0`,
   * `netid_session.1`, … (at most 3) when it does not fit in one cookie (`cookie-chunks.ts`).
   */
  session: { name: 'netid_session' },
  /** One sealed sign-in attempt per `state` (`netid_tx.<state>`), so parallel tabs do not collide; 10 minutes. */
  transaction: { name: 'netid_tx.', maxAge: 600 },
} as const;

/** Per configuration (read on every request): parsing `appUrl` each time costs more than the rest of a cookie lookup. */
const secureByConfig = new WeakMap<AuthConfig, boolean>();

/** Cookies are `Secure` for https apps and any non-loopback host. */
export function cookieSecure(config: AuthConfig): boolean {
  let secure = secureByConfig.get(config);
  if (secure === undefined) {
    const url = new URL(config.appUrl);
    secure = url.protocol === 'https:' || !isLoopbackHost(url.hostname);
    secureByConfig.set(config, secure);
  }
  return secure;
}

function prefix(config: AuthConfig): string {
  return cookieSecure(config) ? '__Host-' : '';
}

/** Name of the session cookie for this configuration. */
export function sessionCookieName(config: AuthConfig): string {
  return `${prefix(config)}${COOKIES.session.name}`;
}

/** Name prefix of the per-attempt transaction cookies. */
export function transactionCookiePrefix(config: AuthConfig): string {
  return `${prefix(config)}${COOKIES.transaction.name}`;
}

/** The attributes of every cookie of ours, with its lifetime in seconds. */
export function cookieOptions(config: AuthConfig, maxAge: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: cookieSecure(config), path: '/', maxAge };
}

/** Deletes one of our cookies with the attributes it was set with (a `__Host-` cookie needs them). */
export function deleteCookie(store: CookieStore, name: string, config: AuthConfig): void {
  store.set(name, '', { ...cookieOptions(config, 0), expires: new Date(0) });
}
