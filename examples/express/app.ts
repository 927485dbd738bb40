/**
 * The Express example: the reference app's routes on Express 5, through lib/adapters/express.
 * Same contract as `npm start`: /api/auth/*, /api/permissions, /api/permissions/tcf, /api/upstream/*, plus a tiny home page.
 */
import express, { type Express } from 'express';
import { providerFormActionOrigins, publicSession, type NetIdAuth } from '../../lib/auth';
import { createHealthChecks } from '../../lib/health';
import { authErrorHandler, expressCookies, fetchHandler, healthRouter, netIdRouter, requireSession, securityHeaders, upstreamRouter } from '../../lib/adapters/express';
import { renderHome } from '../shared/home';
import { permissionRoutesOf, tcfSyncRoutesOf, type ExampleAppOptions } from '../shared/permissions';

export type { ExampleAppOptions } from '../shared/permissions';

/** Builds the example app around an auth core. */
export function createExampleApp(auth: NetIdAuth, options: ExampleAppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a proxy, keep req.ip etc. right; URLs are built from APP_URL regardless.
  app.set('trust proxy', 'loopback');
  // The same CSP and secure headers as the Next.js app's proxy.ts, on every response (helmet).
  app.use(securityHeaders({ formActionOrigins: providerFormActionOrigins(auth) }));
  const appUrl = () => auth.config().appUrl;
  const permissions = permissionRoutesOf(auth, options);
  const tcfSync = tcfSyncRoutesOf(auth, options);

  app.use(healthRouter(options.health ?? createHealthChecks(auth)));
  app.use('/api/auth', netIdRouter(auth));
  app.get('/api/permissions', fetchHandler(appUrl, (req) => permissions().GET(req)));
  app.post('/api/permissions', fetchHandler(appUrl, (req) => permissions().POST(req)));
  app.get('/api/permissions/tcf', fetchHandler(appUrl, (req) => tcfSync().GET(req)));
  app.post('/api/permissions/tcf', fetchHandler(appUrl, (req) => tcfSync().POST(req)));
  app.use('/api/upstream', upstreamRouter(auth));
  app.get('/api/me', requireSession(auth), (req, res) => {
    res.set('cache-control', 'no-store').json(publicSession(req.netId!.session));
  });
  app.get('/', (req, res, next) => {
    auth
      .getSession(expressCookies(req, res))
      .then((session) => res.type('html').set('cache-control', 'no-store').send(renderHome(session ? publicSession(session) : null)))
      .catch(next);
  });
  app.use(authErrorHandler);
  return app;
}
