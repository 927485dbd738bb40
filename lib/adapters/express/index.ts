/**
 * Express 5 adapter: wiring only. The same core handlers as the Next.js routes, so behaviour and
 * contract are identical.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createNetIdAuth } from 'netid-rp';
 * import { netIdRouter, requireSession } from 'netid-rp/express';
 * const auth = createNetIdAuth();
 * const app = express();
 * app.use('/api/auth', netIdRouter(auth));
 * app.get('/me', requireSession(auth), (req, res) => void res.json(req.netId!.session.user));
 * ```
 */
import { Router, type RequestHandler } from 'express';
import { type NetIdAuth, type NetIdRequestContext } from '../../auth';
import { guardSession } from '../../auth/internal';
import { createUpstreamProxy } from '../../bff';
import { signInErrorPage } from '../../error-page';
import { NetIdError } from '../../errors';
import { errorAnswer, RETRY_AFTER_SECONDS } from '../../http';
import { expressCookies } from './cookie-store';
import { fetchHandler } from './fetch-bridge';

export { fetchHandler } from './fetch-bridge';

/** Our JSON answers are never cached and never sniffed, with or without {@link securityHeaders}. */
const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;
/** A 503 (the session store did not answer) also says when to try again, as every 503 of ours does. */
const UNAVAILABLE = { ...NO_STORE, 'retry-after': String(RETRY_AFTER_SECONDS) } as const;
/** The headers of a JSON answer of ours with `status`. */
const answerHeaders = (status: number) => (status === 503 ? UNAVAILABLE : NO_STORE);
export { expressCookies } from './cookie-store';
export { securityHeaders, type ExpressSecurityHeadersOptions } from './security-headers';
export { healthRouter } from './health';

/** What {@link requireSession} puts on `req.netId`. */
export type { NetIdRequestContext } from '../../auth';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `requireSession()`. */
      netId?: NetIdRequestContext;
    }
  }
}

/** `GET /login`, `GET /callback`, `POST /logout`, `GET /session`, `POST /backchannel-logout`: mount at `/api/auth`. */
export function netIdRouter(auth: NetIdAuth): Router {
  const appUrl = () => auth.config().appUrl;
  const router = Router();
  router.get('/login', fetchHandler(appUrl, auth.login));
  router.get('/callback', fetchHandler(appUrl, auth.callback));
  router.all('/logout', fetchHandler(appUrl, auth.logout));
  router.all('/backchannel-logout', fetchHandler(appUrl, auth.backchannelLogout));
  // The hot path: the core's answer through the Express cookie store, without a Fetch Request/Response round trip.
  router.get('/session', (req, res, next) => {
    auth
      .sessionAnswer(expressCookies(req, res))
      .then(({ status, body }) => void res.status(status).set(answerHeaders(status)).json(body))
      .catch(next);
  });
  return router;
}

/**
 * The package's page for a cancelled or failed sign-in (German or English by `Accept-Language`,
 * a retry link, the stable code): mount it at `routes.errorPage` (default `/auth/error`), or serve
 * your own page there instead.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createNetIdAuth } from 'netid-rp';
 * import { netIdErrorPage } from 'netid-rp/express';
 * const auth = createNetIdAuth();
 * express().get('/auth/error', netIdErrorPage(auth));
 * ```
 */
export function netIdErrorPage(auth: NetIdAuth): RequestHandler {
  return fetchHandler(() => auth.config().appUrl, async (request) => signInErrorPage(auth, request));
}

/** All methods under the mount point forward to the upstream API: mount at `routes.upstream` (default `/api/upstream`). */
export function upstreamRouter(auth: NetIdAuth): Router {
  const proxy = createUpstreamProxy(auth);
  const router = Router();
  router.use(fetchHandler(() => auth.config().appUrl, (request) => proxy(request)));
  return router;
}

/**
 * Guards a route: 401 JSON `{ error: "unauthenticated" }` when signed out; otherwise sets
 * `req.netId` with the session and `getAccessToken()`.
 */
export function requireSession(auth: NetIdAuth): RequestHandler {
  return (req, res, next) => {
    guardSession(auth, expressCookies(req, res))
      .then((guard) => {
        if ('answer' in guard) {
          const { status, body } = guard.answer;
          res.status(status).set(answerHeaders(status)).json(body);
          return;
        }
        req.netId = guard.context;
        next();
      })
      .catch(next);
  };
}

/**
 * Express error middleware that answers any {@link NetIdError} (an `AuthError`, a
 * Permission Center, M2M or configuration error) as `{ error, message }` JSON with the status
 * `errorResponse` gives it (docs/errors.md); everything else goes on to the next handler.
 */
export const authErrorHandler: (err: unknown, req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1], next: Parameters<RequestHandler>[2]) => void = (
  err,
  _req,
  res,
  next,
) => {
  if (err instanceof NetIdError && !res.headersSent) {
    const { status, error, message } = errorAnswer(err);
    res.status(status).set(answerHeaders(status)).json({ error, message });
    return;
  }
  next(err);
};
