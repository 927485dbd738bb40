import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CookieStore } from '../../auth';
import { responseCookies } from '../../auth/internal';

/**
 * The {@link CookieStore} of one Fastify request: reads the Cookie header (and its own writes),
 * writes Set-Cookie headers on `reply`, one per cookie name (a later write of the same cookie
 * replaces the earlier one). Throws once the reply is sent, so the core refuses a token renewal
 * it could not store.
 */
export function fastifyCookies(request: FastifyRequest, reply: FastifyReply): CookieStore {
  return responseCookies(request.headers.cookie ?? null, {
    lines: () => reply.getHeader('set-cookie'),
    replace(lines) {
      if (reply.sent || reply.raw.headersSent) throw new Error('the reply is already sent');
      // Fastify appends to an existing Set-Cookie: remove it, then set the whole list.
      reply.removeHeader('set-cookie');
      reply.header('set-cookie', lines);
    },
  });
}
