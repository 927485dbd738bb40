/**
 * Hono 4 adapter: wiring only. Hono speaks the Fetch API, so the core's handlers are its handlers;
 * the same routes, guard and error answers as the Next.js routes and the Express adapter. Runs
 * wherever Hono runs (on Node through `@hono/node-server`).
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { createNetIdAuth } from 'netid-rp';
 * import { authErrorHandler, netIdRoutes, requireSession, type NetIdEnv } from 'netid-rp/hono';
 * const auth = createNetIdAuth();
 * const app = new Hono<NetIdEnv>();
 * app.onError(authErrorHandler);
 * app.route('/api/auth', netIdRoutes(auth));
 * app.get('/me', requireSession(auth), (c) => c.json(c.get('netId').session.user));
 * ```
 */
import { Hono, type ErrorHandler, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type NetIdAuth, type NetIdRequestContext } from '../../auth';
import { guardSession } from '../../auth/internal';
import { createUpstreamProxy } from '../../bff';
import { NetIdError } from '../../errors';
import { errorResponse, json } from '../../http';
import { honoCookies } from './cookie-store';
import { boundedBody, fetchHandler } from './fetch-bridge';

export { boundedBody, fetchHandler } from './fetch-bridge';
export { honoCookies } from './cookie-store';
export { securityHeaders, type HonoSecurityHeadersOptions } from './security-headers';
export type { NetIdRequestContext } from '../../auth';

/** The Hono environment of a guarded route: {@link requireSession} sets `c.get('netId')`. */
export interface NetIdEnv {
  Variables: { netId: NetIdRequestContext };
}

/** `GET /login`, `GET /callback`, `POST /logout`, `GET /session`, `POST /backchannel-logout`: mount with `app.route('/api/auth', …)`. */
export function netIdRoutes(auth: NetIdAuth): Hono {
  const appUrl = () => auth.config().appUrl;
  return new Hono()
    .use(boundedBody())
    .get('/login', fetchHandler(appUrl, auth.login))
    .get('/callback', fetchHandler(appUrl, auth.callback))
    .all('/logout', fetchHandler(appUrl, auth.logout))
    .all('/backchannel-logout', fetchHandler(appUrl, auth.backchannelLogout))
    .get('/session', fetchHandler(appUrl, auth.session));
}

/** Every method under the mount point forwards to the upstream API: mount with `app.route(routes.upstream, …)` (default `/api/upstream`). */
export function upstreamRoutes(auth: NetIdAuth): Hono {
  const proxy = createUpstreamProxy(auth);
  return new Hono().use(boundedBody()).all('*', fetchHandler(() => auth.config().appUrl, (request) => proxy(request)));
}

/**
 * Middleware that guards a route: 401 JSON `{ error: "unauthenticated" }` when signed out;
 * otherwise sets `c.get('netId')` with the session and `getAccessToken()`.
 */
export function requireSession(auth: NetIdAuth): MiddlewareHandler<NetIdEnv> {
  return async (c, next) => {
    const guard = await guardSession(auth, honoCookies(c));
    if ('answer' in guard) return json(guard.answer.body, guard.answer.status);
    c.set('netId', guard.context);
    await next();
  };
}

/**
 * Hono error handler (`app.onError(authErrorHandler)`) that answers any {@link NetIdError} (an
 * `AuthError`, a Permission Center, M2M or configuration error) as `{ error, message }` JSON with
 * the status `errorResponse` gives it (docs/errors.md), and an `HTTPException` with its own
 * response, as Hono's default does; everything else is thrown on (to a parent app's `onError`).
 */
export const authErrorHandler: ErrorHandler = (err) => {
  if (err instanceof NetIdError) return errorResponse(err);
  if (err instanceof HTTPException) return err.getResponse();
  throw err;
};
