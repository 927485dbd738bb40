import { serialize } from 'cookie';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { requestCookies, type CookieStore } from '../../auth';

/**
 * The {@link CookieStore} of one Express request: reads `req.headers.cookie` (and its own writes),
 * writes Set-Cookie headers on `res`, one per cookie name (a later write of the same cookie
 * replaces the earlier one). Throws once the response headers are sent, so the core refuses a
 * token renewal it could not store.
 */
export function expressCookies(req: ExpressRequest, res: ExpressResponse): CookieStore {
  const inner = requestCookies(req.headers.cookie ?? null);
  return {
    get: (name) => inner.get(name),
    getAll: () => inner.getAll(),
    set(name, value, options) {
      if (res.headersSent) throw new Error('the response headers are already sent');
      inner.set(name, value, options);
      const current = res.getHeader('set-cookie');
      const others = (Array.isArray(current) ? current : typeof current === 'string' ? [current] : []).filter((c) => !c.startsWith(`${name}=`));
      res.setHeader('Set-Cookie', [...others, serialize(name, value, options)]);
    },
  };
}
