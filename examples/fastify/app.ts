/**
 * The Fastify example: the reference app's routes on Fastify 5, through lib/adapters/fastify.
 * Same contract as `npm start` and the Express example: /api/auth/*, /api/permissions,
 * /api/permissions/tcf, /api/upstream/*, plus a tiny home page.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { providerFormActionOrigins, publicSession, type NetIdAuth } from '../../lib/auth';
import { authErrorHandler, fastifyCookies, fetchHandler, fetchRoutes, netIdRoutes, requireSession, securityHeaders, upstreamRoutes } from '../../lib/adapters/fastify';
import { createHealthChecks } from '../../lib/health';
import { renderHome } from '../shared/home';
import { permissionRoutesOf, tcfSyncRoutesOf, type ExampleAppOptions } from '../shared/permissions';

/** Builds the example app around an auth core (not listening yet). */
export async function createExampleApp(auth: NetIdAuth, options: ExampleAppOptions = {}): Promise<FastifyInstance> {
  // Behind a proxy on loopback, keep request.ip and request.protocol right; URLs are built from APP_URL regardless.
  const app = Fastify({ trustProxy: 'loopback' });
  // The same CSP and secure headers as the Next.js app's proxy.ts, on every reply (@fastify/helmet).
  await app.register(securityHeaders({ formActionOrigins: providerFormActionOrigins(auth) }));
  app.setErrorHandler(authErrorHandler);
  const appUrl = () => auth.config().appUrl;
  const permissions = permissionRoutesOf(auth, options);
  const tcfSync = tcfSyncRoutesOf(auth, options);
  const health = options.health ?? createHealthChecks(auth);

  app.get(health.paths.live, fetchHandler(appUrl, async () => health.liveResponse()));
  app.get(health.paths.ready, fetchHandler(appUrl, () => health.readyResponse()));

  await app.register(netIdRoutes(auth), { prefix: '/api/auth' });
  await app.register(fetchRoutes(appUrl, { GET: (req) => permissions().GET(req), POST: (req) => permissions().POST(req) }), { prefix: '/api/permissions' });
  await app.register(fetchRoutes(appUrl, { GET: (req) => tcfSync().GET(req), POST: (req) => tcfSync().POST(req) }), { prefix: '/api/permissions/tcf' });
  await app.register(upstreamRoutes(auth), { prefix: '/api/upstream' });
  app.get('/api/me', { preHandler: requireSession(auth) }, async (request, reply) => {
    return reply.header('cache-control', 'no-store').send(publicSession(request.netId!.session));
  });
  app.get('/', async (request, reply) => {
    const session = await auth.getSession(fastifyCookies(request, reply));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderHome(session ? publicSession(session) : null, 'Fastify'));
  });
  return app;
}
