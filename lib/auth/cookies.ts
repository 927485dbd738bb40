import { parse, serialize, type SerializeOptions } from 'cookie';
import type { AuthConfig } from './config';
import { isLoopbackHost } from '../http';

/** Largest cookie value we try to unseal; anything bigger reads as absent. */
export const MAX_COOKIE_VALUE = 4096;

const SESSION_BASE = 'netid_session';
const TX_BASE = 'netid_tx.';

/** Cookies are `Secure` for https apps and any non-loopback host. */
export function cookieSecure(config: AuthConfig): boolean {
  const url = new URL(config.appUrl);
  return url.protocol === 'https:' || !isLoopbackHost(url.hostname);
}

/** `__Host-` prefix whenever the cookie is Secure (always so in production on a real host). */
function prefix(config: AuthConfig): string {
  return cookieSecure(config) ? '__Host-' : '';
}

/** Name of the session cookie for this configuration. */
export function sessionCookieName(config: AuthConfig): string {
  return `${prefix(config)}${SESSION_BASE}`;
}

/** Name prefix of the per-attempt transaction cookies (one per `state`, so tabs do not collide). */
export function transactionCookiePrefix(config: AuthConfig): string {
  return `${prefix(config)}${TX_BASE}`;
}

/** Base cookie attributes: HttpOnly, SameSite=Lax (Strict would drop the cookie on the broker's redirect), Path=/. */
export function cookieOptions(config: AuthConfig, maxAge: number): SerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure: cookieSecure(config), path: '/', maxAge };
}

/** Serialises a Set-Cookie value. */
export function setCookie(name: string, value: string, options: SerializeOptions): string {
  return serialize(name, value, options);
}

/** Serialises a Set-Cookie that deletes the cookie. */
export function deleteCookie(name: string, config: AuthConfig): string {
  return serialize(name, '', { ...cookieOptions(config, 0), expires: new Date(0) });
}

/** Parses a Cookie request header (tolerant of garbage). */
export function readCookies(header: string | null | undefined): Record<string, string | undefined> {
  if (!header) return {};
  try {
    return parse(header);
  } catch {
    return {};
  }
}
