// eslint-disable-next-line module-boundaries/index-only -- the auth index imports lib/http; errors.ts imports nothing
import { AuthError, errorStatus } from '../auth/errors';

const NO_STORE = { 'cache-control': 'no-store' } as const;

/** A JSON response that is never cached (it may describe a session). */
export function json(body: unknown, status = 200, setCookies: string[] = []): Response {
  const headers = new Headers({ ...NO_STORE, 'content-type': 'application/json' });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(JSON.stringify(body), { status, headers });
}

/** A redirect with any number of Set-Cookie headers. */
export function redirect(location: string, status: 302 | 303 = 302, setCookies: string[] = []): Response {
  const headers = new Headers({ ...NO_STORE, location });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(null, { status, headers });
}

/** `{ error, message }` JSON for an AuthError, with its status. */
export function jsonError(err: AuthError, setCookies: string[] = []): Response {
  return json({ error: err.code, message: err.message }, errorStatus(err.code), setCookies);
}
