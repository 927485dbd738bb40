import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { type CookieStore } from '../../auth';
import { responseCookies } from '../../auth/internal';

/**
 * The {@link CookieStore} of one Express request: reads `req.headers.cookie` (and its own writes),
 * writes Set-Cookie headers on `res`, one per cookie name (a later write of the same cookie
 * replaces the earlier one). Throws once the response headers are sent, so the core refuses a
 * token renewal it could not store.
 */
export function expressCookies(req: ExpressRequest, res: ExpressResponse): CookieStore {
  return responseCookies(req.headers.cookie ?? null, {
    lines: () => res.getHeader('set-cookie'),
    replace(lines) {
      if (res.headersSent) throw new Error('the response headers are already sent');
      res.setHeader('Set-Cookie', lines);
    },
  });
}
