import { serialize } from 'cookie';
import type { Context } from 'hono';
import { requestCookies, type CookieStore } from '../../auth';

/**
 * The {@link CookieStore} of one Hono request: reads the Cookie header (and its own writes),
 * writes Set-Cookie headers on `c.res`, one per cookie name (a later write of the same cookie
 * replaces the earlier one). Hono carries the headers of `c.res` into whatever Response the
 * handler returns (`c.json()`, `c.html()` or a `new Response()`).
 */
export function honoCookies(c: Context): CookieStore {
  const inner = requestCookies(c.req.header('cookie') ?? null);
  return {
    get: (name) => inner.get(name),
    getAll: () => inner.getAll(),
    set(name, value, options) {
      inner.set(name, value, options);
      const headers = c.res.headers;
      const lines = [...headers.getSetCookie().filter((line) => !line.startsWith(`${name}=`)), serialize(name, value, options)];
      headers.delete('set-cookie');
      for (const line of lines) headers.append('set-cookie', line);
    },
  };
}
