/**
 * Fastify 5 adapter: wiring only. The same core handlers as the Next.js routes and the Express
 * adapter, so behaviour and contract are identical.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { createNetIdAuth } from 'netid-rp';
 * import { authErrorHandler, netIdRoutes, requireSession } from 'netid-rp/fastify';
 * const auth = createNetIdAuth();
 * const app = Fastify();
 * app.setErrorHandler(authErrorHandler);
 * await app.register(netIdRoutes(auth), { prefix: '/api/auth' });
 * app.get('/me', { preHandler: requireSession(auth) }, async (request) => request.netId!.session.user);
 * ```
 */
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { type NetIdAuth, type NetIdRequestContext } from '../../auth';
import { guardSession } from '../../auth/internal';
import { createUpstreamProxy } from '../../bff';
import { NetIdError } from '../../errors';
import { errorResponse, json } from '../../http';
import { fastifyCookies } from './cookie-store';
import { acceptRawBodies, fetchHandler } from './fetch-bridge';

export { acceptRawBodies, fetchHandler, fetchRoutes, type FetchMethod } from './fetch-bridge';
export { fastifyCookies } from './cookie-store';
export { securityHeaders, type FastifySecurityHeadersOptions } from './security-headers';
export type { NetIdRequestContext } from '../../auth';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSession()`. */
    netId?: NetIdRequestContext;
  }
}

/**
 * A Fastify plugin with `GET /login`, `GET /callback`, `POST /logout`, `GET /session`,
 * `POST /backchannel-logout`: register it with `{ prefix: '/api/auth' }`.
 */
export function netIdRoutes(auth: NetIdAuth): FastifyPluginAsync {
  return async (scope) => {
    const appUrl = () => auth.config().appUrl;
    acceptRawBodies(scope);
    scope.get('/login', fetchHandler(appUrl, auth.login));
    scope.get('/callback', fetchHandler(appUrl, auth.callback));
    scope.all('/logout', fetchHandler(appUrl, auth.logout));
    scope.all('/backchannel-logout', fetchHandler(appUrl, auth.backchannelLogout));
    scope.get('/session', async (request, reply) => {
      const { status, body } = await auth.sessionAnswer(fastifyCookies(request, reply));
      return reply.send(json(body, status));
    });
  };
}

/** A Fastify plugin forwarding every method under its prefix to the upstream API: register it with `{ prefix: routes.upstream }` (default `/api/upstream`). */
export function upstreamRoutes(auth: NetIdAuth): FastifyPluginAsync {
  return async (scope) => {
    const proxy = createUpstreamProxy(auth);
    const handler = fetchHandler(() => auth.config().appUrl, (request) => proxy(request));
    acceptRawBodies(scope);
    scope.all('/', handler);
    scope.all('/*', handler);
  };
}

/**
 * A `preHandler` that guards a route: 401 JSON `{ error: "unauthenticated" }` when signed out;
 * otherwise sets `request.netId` with the session and `getAccessToken()`.
 */
export function requireSession(auth: NetIdAuth): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const guard = await guardSession(auth, fastifyCookies(request, reply));
    if ('answer' in guard) return reply.send(json(guard.answer.body, guard.answer.status));
    request.netId = guard.context;
  };
}

/**
 * Fastify error handler (`app.setErrorHandler(authErrorHandler)`) that answers any
 * {@link NetIdError} (an `AuthError`, a Permission Center, M2M or configuration error) as
 * `{ error, message }` JSON with the status `errorResponse` gives it (docs/errors.md); everything
 * else is thrown on, to the parent context's handler (Fastify's own at the root).
 */
export function authErrorHandler(error: FastifyError | unknown, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof NetIdError && !reply.sent) return reply.send(errorResponse(error));
  throw error;
}
