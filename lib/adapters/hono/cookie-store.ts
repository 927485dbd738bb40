import type { Context } from 'hono';
import { type CookieStore } from '../../auth';
import { responseCookies } from '../../auth/internal';

/**
 * The {@link CookieStore} of one Hono request: reads the Cookie header (and its own writes),
 * writes Set-Cookie headers on `c.res`, one per cookie name (a later write of the same cookie
 * replaces the earlier one). Hono carries the headers of `c.res` into whatever Response the
 * handler returns (`c.json()`, `c.html()` or a `new Response()`).
 */
export function honoCookies(c: Context): CookieStore {
  return responseCookies(c.req.header('cookie') ?? null, {
    lines: () => c.res.headers.getSetCookie(),
    replace(lines) {
      const headers = c.res.headers;
      headers.delete('set-cookie');
      for (const line of lines) headers.append('set-cookie', line);
    },
  });
}
