/**
 * True when a state-changing request plausibly comes from our own pages:
 * a browser always sends `Origin` on POST and `Sec-Fetch-Site` in modern engines.
 * Requests with neither (curl, server-to-server) carry no ambient browser credentials
 * risk of CSRF and are allowed.
 */
export function isSameOriginRequest(headers: Headers, appUrl: string): boolean {
  const origin = headers.get('origin');
  if (origin !== null) return origin === new URL(appUrl).origin;
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' || site === 'none';
  return true;
}
