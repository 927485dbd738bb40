/**
 * The server adapters under one test interface, so the integration suites (tests/integration/adapters-*.test.ts)
 * run the same cases against Express, Fastify and Hono: each serves the same test app on a free
 * loopback port, wired the way its adapter's docs say.
 */
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve as serveHono } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NetIdAuth } from '@/lib/auth';
import * as ex from '@/lib/adapters/express';
import * as fy from '@/lib/adapters/fastify';
import * as ho from '@/lib/adapters/hono';

/** A test app listening on loopback. */
export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/** One server adapter, as the shared suites drive it. */
export interface AdapterUnderTest {
  name: 'express' | 'fastify' | 'hono';
  /**
   * The adapter's test app: `/api/auth/*`, `/api/upstream/*`, `GET /protected` (the guarded
   * session's `{ sub, flow }`), `GET /protected/token` (`{ token }` of `getAccessToken()`), and the
   * adapter's error handler.
   */
  serve(auth: NetIdAuth): Promise<ServedApp>;
  /**
   * `GET /throw/:kind` throws `thrown(kind)` into the adapter's error handler; whatever that passes
   * on reaches a marker answering 599 `passed on`.
   */
  serveThrower(thrown: (kind: string) => unknown): Promise<ServedApp>;
}

const PASSED_ON = { status: 599, text: 'passed on' } as const;

/** A Node server on a free loopback port, and a close that ends its keep-alive connections too. */
export async function listening(server: Server): Promise<ServedApp> {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const expressAdapter: AdapterUnderTest = {
  name: 'express',
  serve(auth) {
    const app = express();
    app.set('trust proxy', true);
    app.use('/api/auth', ex.netIdRouter(auth));
    app.use('/api/upstream', ex.upstreamRouter(auth));
    app.get('/protected', ex.requireSession(auth), (req, res) => {
      res.json({ sub: req.netId!.session.user?.sub, flow: req.netId!.session.flow });
    });
    app.get('/protected/token', ex.requireSession(auth), (req, res, next) => {
      req.netId!.getAccessToken().then(({ accessToken: token }) => res.json({ token }), next);
    });
    app.use(ex.authErrorHandler);
    return listening(app.listen(0, '127.0.0.1'));
  },
  serveThrower(thrown) {
    const app = express();
    app.get('/throw/:kind', (req) => {
      throw thrown(req.params.kind!);
    });
    app.use(ex.authErrorHandler);
    // What Express does after the handler passes on: a marker instead of its HTML page.
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(PASSED_ON.status).send(PASSED_ON.text);
    });
    return listening(app.listen(0, '127.0.0.1'));
  },
};

const fastifyAdapter: AdapterUnderTest = {
  name: 'fastify',
  async serve(auth) {
    const app = Fastify({ trustProxy: true });
    app.setErrorHandler(fy.authErrorHandler);
    await app.register(fy.netIdRoutes(auth), { prefix: '/api/auth' });
    await app.register(fy.upstreamRoutes(auth), { prefix: '/api/upstream' });
    const guarded = { preHandler: fy.requireSession(auth) };
    app.get('/protected', guarded, async (request) => ({ sub: request.netId!.session.user?.sub, flow: request.netId!.session.flow }));
    app.get('/protected/token', guarded, async (request) => ({ token: (await request.netId!.getAccessToken()).accessToken }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return listening(app.server);
  },
  async serveThrower(thrown) {
    const app = Fastify();
    // The parent context's handler: what authErrorHandler throws on lands here.
    app.setErrorHandler((_error, _request, reply) => reply.code(PASSED_ON.status).send(PASSED_ON.text));
    await app.register(async (scope) => {
      scope.setErrorHandler(fy.authErrorHandler);
      scope.get<{ Params: { kind: string } }>('/throw/:kind', async (request) => {
        throw thrown(request.params.kind);
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return listening(app.server);
  },
};

const honoAdapter: AdapterUnderTest = {
  name: 'hono',
  serve(auth) {
    const app = new Hono<ho.NetIdEnv>();
    app.onError(ho.authErrorHandler);
    app.route('/api/auth', ho.netIdRoutes(auth));
    app.route('/api/upstream', ho.upstreamRoutes(auth));
    app.get('/protected', ho.requireSession(auth), (c) => c.json({ sub: c.get('netId').session.user?.sub, flow: c.get('netId').session.flow }));
    app.get('/protected/token', ho.requireSession(auth), async (c) => c.json({ token: (await c.get('netId').getAccessToken()).accessToken }));
    return listening(serveHono({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server);
  },
  serveThrower(thrown) {
    const app = new Hono();
    // The parent app's handler: what authErrorHandler throws on lands here.
    app.onError((_err, c) => c.text(PASSED_ON.text, PASSED_ON.status as 500));
    const routes = new Hono().onError(ho.authErrorHandler).get('/:kind', (c) => {
      throw thrown(c.req.param('kind'));
    });
    app.route('/throw', routes);
    return listening(serveHono({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server);
  },
};

/** Every server adapter, for `describe.each`. */
export const ADAPTERS: readonly AdapterUnderTest[] = [expressAdapter, fastifyAdapter, honoAdapter];
