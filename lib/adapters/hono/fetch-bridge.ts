/**
 * Hono speaks the Fetch API already: the bridge only moves a request onto the configured APP_URL
 * (never the Host header, which a Node server builds `c.req.raw.url` from) and bounds its body.
 */
import type { Context, Handler, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Largest request body our routes read (413 above it), as the Express and Fastify adapters. */
export const MAX_BODY = 1024 * 1024;

/** Hono's `bodyLimit` at 1 MiB, answering 413 itself. */
export function boundedBody(): MiddlewareHandler {
  return bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.text('Payload Too Large', 413) });
}

/** The request of `c` on the app's configured base URL (path and query kept). */
export async function toAppRequest(c: Context, appUrl: string): Promise<Request> {
  const raw = c.req.raw;
  const { pathname, search } = new URL(raw.url);
  const body = raw.method === 'GET' || raw.method === 'HEAD' ? undefined : await raw.arrayBuffer();
  return new Request(new URL(`${pathname}${search}`, appUrl), { method: raw.method, headers: raw.headers, body: body?.byteLength ? body : undefined });
}

/**
 * A Hono handler for any core Fetch handler (login, callback, the Permission Center routes, …).
 * Errors go to the app's `onError` (see `authErrorHandler`). Put {@link boundedBody} before it
 * on routes that take a body.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { createNetIdAuth } from 'netid-rp';
 * import { fetchHandler } from 'netid-rp/hono';
 * import { createPermissionRoutes } from 'netid-rp/permission-center';
 * const auth = createNetIdAuth();
 * const app = new Hono();
 * app.get('/api/permissions', fetchHandler(() => auth.config().appUrl, createPermissionRoutes(auth).GET));
 * ```
 */
export function fetchHandler(appUrl: () => string, handler: (request: Request) => Promise<Response>): Handler {
  return async (c) => handler(await toAppRequest(c, appUrl()));
}
