/**
 * Where the reference CMP keeps the user's choice: the first-party cookie `euconsent-v2`, the name
 * IAB CMPs have used for TC strings since TCF v1. Browser only.
 */

/** Name of the first-party cookie holding the TC string. */
export const CONSENT_COOKIE = 'euconsent-v2';
/** 13 months, the longest the TCF policy lets a CMP rely on a stored choice (browsers cap cookies at 400 days). */
const MAX_AGE_SECONDS = 395 * 24 * 60 * 60;
const TC_STRING_SHAPE = /^[A-Za-z0-9_.-]{1,8192}$/;

/** The TC string kept on this device, or `null`. */
export function readConsentCookie(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== CONSENT_COOKIE) continue;
    const value = rest.join('=');
    return TC_STRING_SHAPE.test(value) ? value : null;
  }
  return null;
}

/** Keeps `tcString` on this device (first-party, readable by the page, sent only to our own origin). */
export function writeConsentCookie(tcString: string): void {
  if (!TC_STRING_SHAPE.test(tcString)) return;
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${CONSENT_COOKIE}=${tcString}; Path=/; Max-Age=${MAX_AGE_SECONDS}; SameSite=Lax${secure}`;
}
