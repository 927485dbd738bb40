/**
 * The Next.js helpers that need no Next server: the proxy helper (Next 16 `proxy.ts`) and the
 * client's session read, against the real core handlers with real sealed cookies.
 * `requireSession()` needs Next's request scope: tests/consumers/next-app.test.ts covers it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetIdAuth } from '@/lib/auth';
import { createAuthProxy } from '@/lib/adapters/next';
import { fetchNetIdSession } from '@/lib/adapters/next-client';
import { mintSessionCookie } from '@/lib/testing';
import { createRedisClient, createRedisSessionStore, type RedisClient } from '@/lib/redis';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';

const APP = 'http://127.0.0.1:3299';
const auth = createNetIdAuth({
  issuer: 'http://127.0.0.1:3298/',
  clientId: 'c',
  clientSecret: 's',
  appUrl: APP,
  session: { password: 'a-test-password-that-is-at-least-32-chars' },
});
const protect = createAuthProxy(auth, { protect: ['/account', /^\/reports\/\d+$/, (p) => p === '/fn'] });

const req = (path: string, init: RequestInit & { cookie?: string } = {}) =>
  new Request(`${APP}${path}`, { ...init, headers: { ...(init.cookie ? { cookie: init.cookie } : {}) } });

describe('createAuthProxy', () => {
  it('sends a signed-out visitor of a protected path to the login route with returnTo (path and query)', async () => {
    const res = await protect(req('/account/orders?page=2'));
    expect(res?.status).toBe(307);
    const location = new URL(res!.headers.get('location')!);
    expect(location.origin).toBe(APP);
    expect(location.pathname).toBe('/api/auth/login');
    expect(location.searchParams.get('returnTo')).toBe('/account/orders?page=2');
    expect(res!.headers.get('cache-control')).toBe('no-store');
  });

  it('passes the flow on when asked, and matches strings (path and below), RegExps and functions', async () => {
    const withFlow = createAuthProxy(auth, { protect: ['/account'], flow: 'login' });
    expect(new URL((await withFlow(req('/account')))!.headers.get('location')!).searchParams.get('flow')).toBe('login');
    expect((await protect(req('/reports/12')))?.status).toBe(307);
    expect((await protect(req('/fn')))?.status).toBe(307);
    expect(await protect(req('/reports/x'))).toBeUndefined();
    expect(await protect(req('/accounting'))).toBeUndefined();
    expect(await protect(req('/'))).toBeUndefined();
  });

  it('answers other methods with 401 JSON instead of a redirect', async () => {
    const res = await protect(req('/account', { method: 'POST' }));
    expect(res?.status).toBe(401);
    expect(await res!.json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('lets a signed-in visitor through, and treats a tampered cookie as signed out', async () => {
    const { header, name, value } = await mintSessionCookie(auth, { user: { sub: 'u-1' } });
    expect(await protect(req('/account', { cookie: header }))).toBeUndefined();
    const tampered = `${name}=${value.slice(0, -4)}AAAA`;
    expect((await protect(req('/account', { cookie: tampered })))?.status).toBe(307);
  });
});

describe('createAuthProxy with serveSession', () => {
  const serving = createAuthProxy(auth, { protect: ['/account'], serveSession: true });

  it("answers GET of the session route itself, with the route's own answer (signed in and signed out)", async () => {
    const { header } = await mintSessionCookie(auth, { user: { sub: 'u-serve', email: 'serve@example.com' } });
    const res = await serving(req('/api/auth/session', { cookie: header }));
    const direct = await auth.session(req('/api/auth/session', { cookie: header }));
    expect(res?.status).toBe(200);
    expect(await res!.json()).toEqual(await direct.json());
    expect(res!.headers.get('cache-control')).toBe(direct.headers.get('cache-control'));
    const out = await serving(req('/api/auth/session'));
    expect(out?.status).toBe((await auth.session(req('/api/auth/session'))).status);
  });

  it('leaves other methods, other paths and the default (off) to the route', async () => {
    const { header } = await mintSessionCookie(auth, { user: { sub: 'u-serve' } });
    expect(await serving(req('/api/auth/session', { method: 'HEAD', cookie: header }))).toBeUndefined();
    expect(await serving(req('/api/auth/session', { method: 'POST', cookie: header }))).toBeUndefined();
    expect(await serving(req('/api/auth/session/x', { cookie: header }))).toBeUndefined();
    expect(await protect(req('/api/auth/session', { cookie: header }))).toBeUndefined();
    expect((await serving(req('/account')))?.status).toBe(307);
  });
});

describe('createAuthProxy with a server-side session store whose Redis stops', () => {
  let redis: TestRedis;
  let client: RedisClient;
  let serverAuth: ReturnType<typeof createNetIdAuth>;
  let cookie: string;
  const pages = () =>
    createAuthProxy(serverAuth, {
      protect: ['/account'],
      readSession: [(p) => p === '/'],
      unavailable: (_request, { nonce }) => new Response(`<p>down ${nonce}</p>`, { status: 200, headers: { 'content-type': 'text/html' } }),
      retryAfterSeconds: 7,
    });

  beforeAll(async () => {
    redis = await startTestRedis();
    client = createRedisClient(redis.url, { log: () => {}, commandTimeoutMs: 500 });
    serverAuth = createNetIdAuth({
      issuer: 'http://127.0.0.1:3298/',
      clientId: 'c',
      clientSecret: 's',
      appUrl: APP,
      session: { password: 'a-test-password-that-is-at-least-32-chars', store: createRedisSessionStore({ redis: client }) },
    });
    cookie = (await mintSessionCookie(serverAuth, { user: { sub: 'u-redis' } })).header;
  }, 30_000);
  afterAll(async () => {
    client?.disconnect();
    await redis?.close();
  });

  it('lets the signed-in visitor through while Redis answers; 503 (page rewrite, or JSON) while it does not; through again when it is back', async () => {
    const proxy = pages();
    expect(await proxy(req('/', { cookie }))).toBeUndefined();
    expect(await proxy(req('/account', { cookie }))).toBeUndefined();
    await redis.stop();
    try {
      const started = performance.now();
      const home = await proxy(req('/', { cookie }), { nonce: 'n0nce' });
      expect(performance.now() - started).toBeLessThan(3_000);
      // The page's own status (200 here) never leaks: an outage is a 503.
      expect(home?.status).toBe(503);
      expect(home!.headers.get('content-type')).toBe('text/html');
      expect(await home!.text()).toBe('<p>down n0nce</p>');
      expect(home!.headers.get('retry-after')).toBe('7');
      expect(home!.headers.get('cache-control')).toBe('no-store');
      const head = await proxy(req('/', { cookie, method: 'HEAD' }));
      expect(head?.status).toBe(503);
      expect(head!.body).toBeNull();
      expect((await proxy(req('/account', { cookie })))?.status).toBe(503);
      const post = await proxy(req('/account', { cookie, method: 'POST' }));
      expect(post?.status).toBe(503);
      expect(post!.headers.get('content-type')).toBe('application/json');
      expect(await post!.json()).toMatchObject({ error: 'session_store_unavailable' });
      // Without an unavailable page: JSON for navigations too.
      const bare = await createAuthProxy(serverAuth, { protect: ['/account'] })(req('/account', { cookie }));
      expect(bare?.status).toBe(503);
      expect(await bare!.json()).toMatchObject({ error: 'session_store_unavailable' });
      // Without a cookie nothing asks Redis: the signed-out visitor is sent to sign in as usual.
      expect(await proxy(req('/'))).toBeUndefined();
      expect((await proxy(req('/account')))?.status).toBe(307);
    } finally {
      await redis.start();
    }
    let back: Awaited<ReturnType<typeof proxy>> | null = null;
    for (let i = 0; i < 40 && back !== undefined; i++) {
      back = await proxy(req('/', { cookie }));
      if (back !== undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(back).toBeUndefined();
  }, 30_000);

  it('with cookie sessions, readSession paths are only passed through: never redirected, never refused', async () => {
    const cookieProxy = createAuthProxy(auth, { protect: [], readSession: [(p) => p === '/'], unavailable: () => new Response('down') });
    expect(await cookieProxy(req('/', { cookie: 'netid_session=garbage' }))).toBeUndefined();
    expect(await cookieProxy(req('/account'))).toBeUndefined();
  });
});

describe('fetchNetIdSession (what useNetIdSession reads)', () => {
  const through = (cookie?: string): typeof fetch => async (input) => auth.session(req(String(input), { cookie }));

  it('is authenticated with the public session, never a token', async () => {
    const { header } = await mintSessionCookie(auth, {
      user: { sub: 'u-2', email: 'max@example.com' },
      permissionToken: { accessToken: 'pc-token-secret', tokenType: 'Bearer', expiresAt: Math.floor(Date.now() / 1000) + 300 },
    });
    const state = await fetchNetIdSession('/api/auth/session', through(header));
    expect(state.status).toBe('authenticated');
    expect(state.session?.user).toMatchObject({ sub: 'u-2', email: 'max@example.com' });
    expect(JSON.stringify(state)).not.toContain('pc-token-secret');
  });

  it('is unauthenticated on 401, and error when the route fails or is unreachable', async () => {
    expect(await fetchNetIdSession('/api/auth/session', through())).toEqual({ status: 'unauthenticated', session: null });
    expect((await fetchNetIdSession('/x', async () => new Response('oops', { status: 502 }))).status).toBe('error');
    expect((await fetchNetIdSession('/x', async () => Promise.reject(new TypeError('fetch failed')))).status).toBe('error');
  });
});
