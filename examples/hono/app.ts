/**
 * The Hono example: the reference app's routes on Hono 4, through lib/adapters/hono (served on
 * Node by `@hono/node-server` in scripts/hono.ts). Same contract as `npm start` and the Express
 * example: /api/auth/*, /api/permissions, /api/permissions/tcf, /api/upstream/*, plus a tiny home page.
 */
import { Hono } from 'hono';
import { providerFormActionOrigins, publicSession, type NetIdAuth } from '../../lib/auth';
import { authErrorHandler, boundedBody, fetchHandler, honoCookies, netIdRoutes, requireSession, securityHeaders, upstreamRoutes, type NetIdEnv } from '../../lib/adapters/hono';
import { createHealthChecks } from '../../lib/health';
import { renderHome } from '../shared/home';
import { permissionRoutesOf, tcfSyncRoutesOf, type ExampleAppOptions } from '../shared/permissions';

/** Builds the example app around an auth core: serve its `fetch`. */
export function createExampleApp(auth: NetIdAuth, options: ExampleAppOptions = {}): Hono<NetIdEnv> {
  const app = new Hono<NetIdEnv>();
  // The same CSP and secure headers as the Next.js app's proxy.ts, on every response (Hono's secureHeaders).
  app.use(securityHeaders({ formActionOrigins: providerFormActionOrigins(auth) }));
  app.onError(authErrorHandler);
  const appUrl = () => auth.config().appUrl;
  const permissions = permissionRoutesOf(auth, options);
  const tcfSync = tcfSyncRoutesOf(auth, options);
  const health = options.health ?? createHealthChecks(auth);

  app.get(health.paths.live, fetchHandler(appUrl, async () => health.liveResponse()));
  app.get(health.paths.ready, fetchHandler(appUrl, () => health.readyResponse()));

  app.route('/api/auth', netIdRoutes(auth));
  app.use('/api/permissions', boundedBody());
  app.get('/api/permissions', fetchHandler(appUrl, (req) => permissions().GET(req)));
  app.post('/api/permissions', fetchHandler(appUrl, (req) => permissions().POST(req)));
  app.use('/api/permissions/tcf', boundedBody());
  app.get('/api/permissions/tcf', fetchHandler(appUrl, (req) => tcfSync().GET(req)));
  app.post('/api/permissions/tcf', fetchHandler(appUrl, (req) => tcfSync().POST(req)));
  app.route('/api/upstream', upstreamRoutes(auth));
  app.get('/api/me', requireSession(auth), (c) => {
    c.header('cache-control', 'no-store');
    return c.json(publicSession(c.get('netId').session));
  });
  app.get('/', async (c) => {
    const session = await auth.getSession(honoCookies(c));
    c.header('cache-control', 'no-store');
    return c.html(renderHome(session ? publicSession(session) : null, 'Hono'));
  });
  return app;
}
