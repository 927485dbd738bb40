/**
 * Liveness and readiness (issue 23): the answers with the provider down, Redis down, both fine;
 * the cache that keeps a probe storm away from the provider; the time bound; no configuration in
 * the body. The provider is a local HTTP server that counts its calls (or the embedded broker).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetIdAuth, type NetIdAuth } from '@/lib/auth';
import { createHealthChecks, type HealthCheckOptions } from '@/lib/health';
import { healthRouter } from '@/lib/adapters/express';
import { nextHealthRoutes } from '@/lib/adapters/next';
import { closeSharedRedisClients } from '@/lib/redis';
import type { DevBroker } from 'netid-rp-testing';
import { startTestBroker } from '../helpers/embedded-broker';
import { freePort } from '../helpers/free-port';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { withRedis } from '@/lib/redis';

type Mode = 'ok' | 'error' | 'hang';

/** A provider that serves discovery and keys, counting the calls; `mode` decides how it answers. */
async function fakeProvider() {
  const state = { mode: 'ok' as Mode, discovery: 0, jwks: 0 };
  const server: Server = createServer((req, res) => {
    if (state.mode === 'hang') return; // never answers
    if (state.mode === 'error') return void res.writeHead(500).end();
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      state.discovery++;
      return void res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}jwks` }));
    }
    if (req.url === '/jwks') {
      state.jwks++;
      return void res.end(JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k', n: 'AQAB', e: 'AQAB' }] }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    state,
    issuer,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

function auth(issuer: string, extra: { redisUrl?: string } = {}): { auth: NetIdAuth; logs: string[] } {
  const logs: string[] = [];
  const a = createNetIdAuth(withRedis({
    issuer,
    clientId: 'health-client',
    clientSecret: 'health-secret-value',
    appUrl: 'http://127.0.0.1:3998',
    production: false,
    httpTimeoutMs: 2000,
    ...extra,
    log: (event, detail) => logs.push(`${event} ${JSON.stringify(detail)}`),
  }));
  return { auth: a, logs };
}

const checks = (a: NetIdAuth, options: HealthCheckOptions = {}) => createHealthChecks(a, { cacheMs: 0, ...options });

let provider: Awaited<ReturnType<typeof fakeProvider>>;
let redis: TestRedis;
let broker: DevBroker;
let closedPort: number;

beforeAll(async () => {
  [provider, redis, broker, closedPort] = await Promise.all([fakeProvider(), startTestRedis(), startTestBroker(), freePort()]);
});
afterAll(async () => {
  await closeSharedRedisClients();
  await Promise.all([provider?.close(), redis?.close(), broker?.close()]);
});

describe('readiness', () => {
  it('is ready with the embedded broker and Redis answering (both fine)', async () => {
    const response = await checks(auth(broker.issuer, { redisUrl: redis.url }).auth).readyResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is not ready while the broker cannot be reached: 503 JSON with Retry-After, nothing of the configuration', async () => {
    const { auth: a, logs } = auth(`http://127.0.0.1:${closedPort}/`);
    const response = await checks(a).readyResponse();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ status: 'unavailable', error: 'not_ready', message: expect.any(String) });
    for (const secretish of ['127.0.0.1', String(closedPort), 'health-client', 'health-secret', 'redis', 'provider']) expect(text).not.toContain(secretish);
    expect(logs.join('\n')).toMatch(/health_check_failed .*"check":"provider"/);
  });

  it('logs a failed check by a class name only when it reads as one (a bundler minifies constructor names)', async () => {
    class i extends Error {
      constructor() {
        super('connection lost');
        this.name = this.constructor.name;
      }
    }
    const { auth: a, logs } = auth(broker.issuer);
    const failing = { minified: async () => { throw new i(); }, typed: async () => { throw new TypeError('bad'); } };
    expect((await checks(a, { checks: failing }).readyResponse()).status).toBe(503);
    expect(logs.join('\n')).toContain('health_check_failed {"check":"minified","code":"error"}');
    expect(logs.join('\n')).toContain('health_check_failed {"check":"typed","code":"TypeError"}');
  });

  it('is not ready when the broker answers with an error', async () => {
    provider.state.mode = 'error';
    try {
      expect((await checks(auth(provider.issuer).auth).ready()).status).toBe(503);
    } finally {
      provider.state.mode = 'ok';
    }
  });

  it('is not ready while the configured Redis does not answer, though the broker does (Redis down)', async () => {
    const { auth: a, logs } = auth(broker.issuer, { redisUrl: `redis://127.0.0.1:${closedPort}` });
    const started = performance.now();
    const answer = await checks(a).ready();
    expect(answer.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(logs.join('\n')).toMatch(/"check":"redis"/);
    expect(logs.join('\n')).not.toMatch(/"check":"provider"/);
  });

  it('turns ready again when a stopped Redis comes back', async () => {
    const { auth: a } = auth(broker.issuer, { redisUrl: redis.url });
    const health = checks(a);
    expect((await health.ready()).status).toBe(200);
    await redis.stop();
    try {
      expect((await health.ready()).status).toBe(503);
    } finally {
      await redis.start();
    }
    await expect.poll(async () => (await health.ready()).status, { timeout: 10_000, interval: 200 }).toBe(200);
  });

  it('answers within its time bound while the broker hangs', async () => {
    provider.state.mode = 'hang';
    try {
      const started = performance.now();
      const answer = await checks(auth(provider.issuer).auth, { timeoutMs: 300 }).ready();
      expect(answer.status).toBe(503);
      expect(performance.now() - started).toBeLessThan(1500);
      // A check of the app's own that never settles is cut at the bound too.
      const hung = checks(auth(broker.issuer).auth, { timeoutMs: 300, checks: { store: () => new Promise(() => {}) } });
      const t0 = performance.now();
      expect((await hung.ready()).status).toBe(503);
      expect(performance.now() - t0).toBeLessThan(1500);
    } finally {
      provider.state.mode = 'ok';
    }
  });

  it('is not ready with an invalid configuration, and says nothing of it', async () => {
    const a = createNetIdAuth({ issuer: 'ftp://nowhere', clientId: '', clientSecret: '', appUrl: 'x', production: false, log: () => {} });
    const answer = await createHealthChecks(a).ready();
    expect(answer.status).toBe(503);
    expect(JSON.stringify(answer.body)).not.toMatch(/issuer|clientId|ftp/i);
  });

  it('a probe storm makes one call to the provider: concurrent probes share it, later ones reuse it', async () => {
    const before = { ...provider.state };
    const health = createHealthChecks(auth(provider.issuer).auth, { cacheMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => health.readyResponse()));
    for (let i = 0; i < 50; i++) answers.push(await health.readyResponse());
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(provider.state.discovery - before.discovery).toBe(1);
    expect(provider.state.jwks - before.jwks).toBe(1);
  });

  it('reuses a passed provider check for providerMaxAgeMs, then asks again', async () => {
    const before = provider.state.discovery;
    const health = checks(auth(provider.issuer).auth, { providerMaxAgeMs: 200 });
    await health.ready();
    await health.ready();
    expect(provider.state.discovery - before).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    await health.ready();
    expect(provider.state.discovery - before).toBe(2);
  });
});

describe('liveness', () => {
  it('is 200 JSON without calling out, even with the broker down and the configuration invalid', () => {
    const before = provider.state.discovery;
    const a = createNetIdAuth({ issuer: 'ftp://nowhere', clientId: '', clientSecret: '', appUrl: 'x', production: false, log: () => {} });
    expect(createHealthChecks(a).live()).toEqual({ status: 200, body: { status: 'ok' } });
    expect(createHealthChecks(auth(provider.issuer).auth).live().status).toBe(200);
    expect(provider.state.discovery).toBe(before);
  });
});

describe('adapters', () => {
  it('Next.js: route handlers answer the probes', async () => {
    const routes = nextHealthRoutes(checks(auth(`http://127.0.0.1:${closedPort}/`).auth));
    expect((await routes.live.GET(new Request('http://127.0.0.1/api/health/live'))).status).toBe(200);
    const ready = await routes.ready.GET(new Request('http://127.0.0.1/api/health/ready'));
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toBe('application/json');
  });

  it('Express: the router serves both probes at the configured paths', async () => {
    const app = express();
    app.use(healthRouter(checks(auth(provider.issuer).auth, { paths: { live: '/livez', ready: '/readyz' }, providerMaxAgeMs: 0 })));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const live = await fetch(`${base}/livez`);
      expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await fetch(`${base}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ok' }]);
      expect(ready.headers.get('cache-control')).toBe('no-store');
      provider.state.mode = 'error';
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect((await fetch(`${base}/api/health/ready`)).status).toBe(404);
    } finally {
      provider.state.mode = 'ok';
      server.closeAllConnections();
      server.close();
    }
  });
});
