/**
 * Converts between Fastify and the Fetch API the core speaks. The request URL is built on the
 * configured APP_URL, never on the Host header, so `trustProxy` setups cannot spoof it. Fastify 5
 * sends a Fetch `Response` itself (status, every header, Set-Cookie lines kept apart, the body).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, RouteHandlerMethod } from 'fastify';

/** Largest request body our routes read (Fastify answers 413 above it), as the Express adapter. */
export const MAX_BODY = 1024 * 1024;

/** The body Fastify left for a request, as bytes: raw (our routes), or re-encoded when a parser of the app ran. */
function bodyOf(request: FastifyRequest): Uint8Array<ArrayBuffer> | undefined {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const body: unknown = request.body;
  if (body === undefined || body === null) return undefined;
  if (Buffer.isBuffer(body)) return body.length ? new Uint8Array(body) : undefined;
  if (typeof body === 'string') return body ? new TextEncoder().encode(body) : undefined;
  return new TextEncoder().encode(JSON.stringify(body));
}

/** A Fetch `Request` for a Fastify request, on the app's configured base URL. */
export function toFetchRequest(request: FastifyRequest, appUrl: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(new URL(request.url, appUrl), { method: request.method, headers, body: bodyOf(request) });
}

/**
 * A Fastify route handler for any core Fetch handler (login, callback, the Permission Center
 * routes, …). Errors go to the error handler (see `authErrorHandler`).
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { createNetIdAuth } from 'netid-rp';
 * import { fetchHandler } from 'netid-rp/fastify';
 * import { createPermissionRoutes } from 'netid-rp/permission-center';
 * const auth = createNetIdAuth();
 * const app = Fastify();
 * app.get('/api/permissions', fetchHandler(() => auth.config().appUrl, createPermissionRoutes(auth).GET));
 * ```
 */
export function fetchHandler(appUrl: () => string, handler: (request: Request) => Promise<Response>): RouteHandlerMethod {
  return async (request, reply) => reply.send(await handler(toFetchRequest(request, appUrl())));
}

/**
 * Makes every body in this encapsulated context reach the handlers as raw bytes (at most
 * 1 MiB), whatever its content type: the core parses what it reads itself, and a
 * form-encoded logout token or an upstream call's body must not be refused with 415.
 */
export function acceptRawBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY }, (_request, body, done) => done(null, body));
}

/** The methods {@link fetchRoutes} mounts. */
export type FetchMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A Fastify plugin that mounts core Fetch handlers per method at its prefix, with raw bodies
 * ({@link acceptRawBodies}): register it with `{ prefix }`.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { createNetIdAuth } from 'netid-rp';
 * import { fetchRoutes } from 'netid-rp/fastify';
 * import { createPermissionRoutes } from 'netid-rp/permission-center';
 * const auth = createNetIdAuth();
 * const routes = createPermissionRoutes(auth);
 * const app = Fastify();
 * await app.register(fetchRoutes(() => auth.config().appUrl, { GET: routes.GET, POST: routes.POST }), { prefix: '/api/permissions' });
 * ```
 */
export function fetchRoutes(appUrl: () => string, handlers: Partial<Record<FetchMethod, (request: Request) => Promise<Response>>>): FastifyPluginAsync {
  return async (scope) => {
    acceptRawBodies(scope);
    for (const [method, handler] of Object.entries(handlers)) if (handler) scope.route({ method, url: '/', handler: fetchHandler(appUrl, handler) });
  };
}
