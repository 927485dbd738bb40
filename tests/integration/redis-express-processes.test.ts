/**
 * Two Express example processes (`scripts/express.ts`) behind a loopback round-robin proxy,
 * sharing one real Redis (SESSION_STORE=redis, REDIS_URL), against the Duende-style provider with
 * rotating refresh tokens and short access tokens. What a partner with two instances sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedOidcStack, type EmbeddedOidcStack } from 'netid-rp-testing';
import { BrokerCookieJar, endSessionAtProvider } from '../helpers/broker-login';
import { startExpressProcess, type ExpressProcess } from '../helpers/express-process';
import { HttpBrowser } from '../helpers/http-browser';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';

const ACCESS_TOKEN_TTL = 4;
let redis: TestRedis;
let proxy: RoundRobinProxy;
let stack: EmbeddedOidcStack;
let apps: ExpressProcess[] = [];

beforeAll(async () => {
  [redis, proxy] = await Promise.all([startTestRedis(), startRoundRobinProxy()]);
  stack = await startEmbeddedOidcStack({ appUrl: proxy.url, accessTokenTtl: ACCESS_TOKEN_TTL });
  const env = {
    ...stack.env,
    SESSION_STORE: 'redis',
    REDIS_URL: redis.url,
    SESSION_PASSWORD: 'two-processes-session-password-0123456789',
    NETID_HTTP_TIMEOUT_MS: '3000',
  };
  apps = await Promise.all([startExpressProcess(env), startExpressProcess(env)]);
  proxy.backends = apps.map((a) => a.port);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(apps.map((a) => a.stop()));
  await Promise.allSettled([proxy?.close(), stack?.close()]);
  await redis?.close();
});

/** A request straight to one instance (not through the proxy) with the given Cookie header. */
function direct(app: ExpressProcess, path: string, cookie: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`http://127.0.0.1:${app.port}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie }, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function signedIn(jar?: BrokerCookieJar): Promise<HttpBrowser> {
  const browser = new HttpBrowser(proxy.url);
  const res = await browser.signIn('', jar ? { jar } : {});
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/');
  return browser;
}

/** The session route's status on both instances, polled (at most 100 × 100 ms) until both answer `status`. */
async function sessionStatusesSettle(cookie: string, status: number): Promise<number[]> {
  let statuses: number[] = [];
  for (let i = 0; i < 100; i++) {
    statuses = await Promise.all(apps.map(async (app) => (await direct(app, '/api/auth/session', cookie)).status));
    if (statuses.every((s) => s === status)) break;
    await sleep(100);
  }
  return statuses;
}

describe('two Express processes, one Redis, one round-robin URL', () => {
  it('sign in through the proxy; the session reads on both instances', async () => {
    const browser = await signedIn();
    const [a, b] = await Promise.all(apps.map((app) => direct(app, '/api/auth/session', browser.jar.header())));
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect(await a!.json()).toEqual(await b!.json());
  });

  it('50 concurrent requests of one session whose access token is due, spread over both, make exactly one refresh; all succeed', async () => {
    const browser = await signedIn();
    const cookie = browser.jar.header();
    // Due a quarter of its lifetime before expiry (1 s of 4 s).
    await sleep((ACCESS_TOKEN_TTL - 0.5) * 1000);
    stack.provider.resetStats();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => fetch(`${proxy.url}/api/upstream/me`, { headers: { cookie, 'x-csrf': '1' }, signal: AbortSignal.timeout(30_000) })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(stack.provider.stats.refresh).toBe(1);
  });

  it('logout on one instance → the old cookie replayed on either reads as signed out', async () => {
    const browser = await signedIn();
    const oldCookie = browser.jar.header();
    const out = await direct(apps[0]!, '/api/auth/logout', oldCookie, { method: 'POST', headers: { origin: proxy.url } });
    expect(out.status).toBe(303);
    const after = await Promise.all(apps.map((app) => direct(app, '/api/auth/session', oldCookie)));
    expect(after.map((r) => r.status)).toEqual([401, 401]);
  });

  it('signing out at the provider sends a back-channel logout that ends the session on every instance', async () => {
    const providerJar = new BrokerCookieJar();
    const browser = await signedIn(providerJar);
    const cookie = browser.jar.header();
    expect((await direct(apps[1]!, '/api/auth/session', cookie)).status).toBe(200);
    await endSessionAtProvider(`${stack.provider.issuer}/connect/endsession?client_id=${stack.env.OIDC_CLIENT_ID}`, { jar: providerJar });
    expect(await sessionStatusesSettle(cookie, 401)).toEqual([401, 401]);
  });

  it('Redis stopped: a stable 503 in bounded time, both processes stay up; Redis back with its data: the session is back', async () => {
    const browser = await signedIn();
    const cookie = browser.jar.header();
    await redis.stop();
    try {
      const down = await Promise.all(apps.map((app) => direct(app, '/api/auth/session', cookie)));
      expect(down.map((r) => r.status)).toEqual([503, 503]);
      expect(down.map((r) => r.headers.get('retry-after'))).toEqual(['5', '5']);
      expect(await down[0]!.json()).toMatchObject({ error: 'session_store_unavailable' });
      const upstream = await direct(apps[1]!, '/api/upstream/me', cookie, { headers: { 'x-csrf': '1' } });
      expect(upstream.status).toBe(503);
      expect(upstream.headers.get('retry-after')).toBe('5');
      expect(apps.map((a) => a.child.exitCode)).toEqual([null, null]);
    } finally {
      await redis.start();
    }
    expect(await sessionStatusesSettle(cookie, 200)).toEqual([200, 200]);
    expect(apps.map((a) => a.output())).not.toContainEqual(expect.stringMatching(/Unhandled|at .*\.ts:\d+/));
  });
});
