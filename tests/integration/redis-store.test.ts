/**
 * Server-side sessions, the shared refresh coordinator and back-channel logout on a real Redis
 * (Debian's redis-server, started here), with two RP instances in this process that share
 * nothing but Redis: each has its own Redis client, session store and coordinator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKeyPair, SignJWT, decodeJwt } from 'jose';
import { Redis } from 'ioredis';
import { createNetIdAuth, optionsFromEnv, requestCookies, type NetIdAuth } from '@/lib/auth';
import { createUpstreamProxy } from '@/lib/bff';
import { createPermissionRoutes } from '@/lib/permission-center';
import { createRedisClient, createRedisRefreshCoordinator, createRedisSessionStore, type RedisClient } from '@/lib/redis';
import { startEmbeddedOidcStack, type EmbeddedOidcStack } from 'netid-rp-testing';
import { backchannelLogout, logoutClaims as claimsOf } from '../helpers/backchannel-logout';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { RpBrowser } from '../helpers/rp-browser';
import { settlesWithin } from '../helpers/settles-within';

const APP_URL = 'http://127.0.0.1:3598';
const TTL = 30;
const PASSWORD = 'redis-store-test-session-password-0123456789';
const LOCK_TTL = 1500;

let redis: TestRedis;
let stack: EmbeddedOidcStack;
const clients: RedisClient[] = [];
let a: NetIdAuth;
let b: NetIdAuth;
/** Every token and cookie value seen, for the scan of Redis at the end. */
const secrets = new Set<string>();

function instance(): NetIdAuth {
  const client = createRedisClient(redis.url, { log: () => {}, commandTimeoutMs: 1000 });
  clients.push(client);
  const options = optionsFromEnv({ ...stack.env, SESSION_PASSWORD: PASSWORD, NETID_HTTP_TIMEOUT_MS: '1000' });
  return createNetIdAuth({
    ...options,
    session: { ...options.session, store: createRedisSessionStore({ redis: client }) },
    refreshCoordinator: createRedisRefreshCoordinator({ redis: client, secret: PASSWORD, lockTtlMs: LOCK_TTL }),
    log: () => {},
  });
}

beforeAll(async () => {
  redis = await startTestRedis();
  stack = await startEmbeddedOidcStack({ appUrl: APP_URL, accessTokenTtl: TTL });
  a = instance();
  b = instance();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  await stack?.close();
  await redis?.close();
});

async function signedIn(auth: NetIdAuth, user = 'max'): Promise<RpBrowser> {
  const browser = new RpBrowser(auth, APP_URL);
  const res = await browser.signIn('', { user });
  expect(res.headers.get('location')).toBe('/');
  await remember(browser);
  return browser;
}

/** Notes the browser's cookie and its session's tokens as things Redis must never hold in the clear. */
async function remember(browser: RpBrowser): Promise<void> {
  const cookie = browser.jar.get('netid_session');
  if (cookie) secrets.add(cookie);
  const tokens = (await browser.auth.getSession(requestCookies(browser.jar.header())))?.tokens;
  for (const t of [tokens?.accessToken, tokens?.refreshToken, tokens?.idToken]) if (t) secrets.add(t);
}

/** The session as instance `auth` reads it from the browser's cookie. */
const readOn = (auth: NetIdAuth, cookieHeader: string) => auth.session(new Request(`${APP_URL}/api/auth/session`, { headers: { cookie: cookieHeader } }));

const upstream = (auth: NetIdAuth, cookieHeader: string) =>
  createUpstreamProxy(auth)(new Request(`${APP_URL}/api/upstream/me`, { headers: { cookie: cookieHeader, 'x-csrf': '1' } }), 'me');

function expireAccessToken(): void {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (TTL + 5) * 1000 });
}

const backchannel = (auth: NetIdAuth, token: string) => backchannelLogout(auth, APP_URL, token);
const logoutClaims = (extra: Record<string, unknown> = {}) => claimsOf(stack, extra);

describe('server-side sessions shared by two instances', () => {
  it('a session signed in on one instance reads on the other; the cookie holds only a small sealed id', async () => {
    const browser = await signedIn(a);
    const cookie = browser.jar.get('netid_session')!;
    const session = await a.getSession(requestCookies(browser.jar.header()));
    expect(session?.tokens?.refreshToken).toBeTruthy();
    // A cookie session with three tokens is well over a kilobyte; the id seal is a fraction of that.
    expect(cookie.length).toBeLessThan(400);
    const res = await readOn(b, browser.jar.header());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { sub: session!.user!.sub } });
  });

  it('logout on one instance ends the session everywhere: the old cookie replayed on the other reads as signed out', async () => {
    const browser = await signedIn(a);
    const oldCookie = browser.jar.header();
    // Both instances have read (and cached the unseal of) the session before the logout.
    expect((await readOn(b, oldCookie)).status).toBe(200);
    expect((await readOn(a, oldCookie)).status).toBe(200);
    const out = await browser.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: APP_URL } });
    expect(out.status).toBe(303);
    expect((await readOn(b, oldCookie)).status).toBe(401);
    expect((await readOn(a, oldCookie)).status).toBe(401);
  });

  it('"sign out everywhere" ends every session of the user and only theirs', async () => {
    const first = await signedIn(a);
    const second = await signedIn(b);
    const other = await signedIn(a, 'erika');
    const sub = (await a.getSession(requestCookies(first.jar.header())))!.user!.sub;
    expect(await b.signOutEverywhere(sub)).toBeGreaterThanOrEqual(2);
    expect((await readOn(a, first.jar.header())).status).toBe(401);
    expect((await readOn(b, second.jar.header())).status).toBe(401);
    expect((await readOn(b, other.jar.header())).status).toBe(200);
  });

  it('50 concurrent requests of one due session, spread over both instances, make exactly one refresh and all succeed', async () => {
    const browser = await signedIn(a);
    const cookie = browser.jar.header();
    stack.provider.resetStats();
    expireAccessToken();
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => upstream(i % 2 ? a : b, cookie)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(stack.provider.stats.refresh).toBe(1);
    // The renewed tokens are in Redis for both instances (the cookie did not change).
    const after = await b.getSession(requestCookies(cookie));
    expect(after?.tokens?.expiresAt).toBeGreaterThan(Math.floor(Date.now() / 1000));
    await remember(browser);
  });

  it('a lock holder that dies mid-refresh blocks nobody past the lock TTL: the next request completes the refresh', async () => {
    const browser = await signedIn(a);
    const cookie = browser.jar.header();
    const { refreshToken } = (await a.getSession(requestCookies(cookie)))!.tokens!;
    const doomed = createRedisClient(redis.url, { log: () => {} });
    const holder = createRedisRefreshCoordinator({ redis: doomed, secret: PASSWORD, lockTtlMs: LOCK_TTL });
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    // Takes the lock, then never finishes: the process "dies" with it held.
    void holder.run(refreshToken!, () => {
      entered();
      return new Promise<object>(() => {});
    });
    await settlesWithin(inside);
    doomed.disconnect();
    stack.provider.resetStats();
    expireAccessToken();
    const res = await settlesWithin(upstream(b, cookie));
    expect(res.status).toBe(200);
    expect(stack.provider.stats.refresh).toBe(1);
  });
});

describe('back-channel logout', () => {
  async function sessionWithSid(): Promise<{ browser: RpBrowser; sid: string | undefined; sub: string }> {
    const browser = await signedIn(a);
    const session = (await a.getSession(requestCookies(browser.jar.header())))!;
    const sid = decodeJwt(session.tokens!.idToken!).sid as string | undefined;
    return { browser, sid, sub: session.user!.sub };
  }

  it('the provider puts a sid in the ID token, and a valid logout token for it ends that session only', async () => {
    const { browser, sid, sub } = await sessionWithSid();
    const bystander = await signedIn(b);
    expect(sid).toBeTruthy();
    const res = await backchannel(b, await stack.provider.signJwt(logoutClaims({ sid, sub }), 'logout+jwt'));
    expect(res.status).toBe(200);
    expect((await readOn(a, browser.jar.header())).status).toBe(401);
    expect((await readOn(a, bystander.jar.header())).status).toBe(200);
  });

  it('a logout token with sub only ends every session of the user; replaying it later ends nothing', async () => {
    const { browser, sub } = await sessionWithSid();
    const token = await stack.provider.signJwt(logoutClaims({ sub }));
    expect((await backchannel(a, token)).status).toBe(200);
    expect((await readOn(b, browser.jar.header())).status).toBe(401);
    const again = await signedIn(a);
    const replay = await backchannel(b, token);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'logout_token_invalid' });
    expect((await readOn(a, again.jar.header())).status).toBe(200);
  });

  it('forged, expired, nonce-carrying, foreign-audience, event-less and subject-less logout tokens get 400 and end nothing', async () => {
    const { browser, sid, sub } = await sessionWithSid();
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT(logoutClaims({ sid, sub }) as Record<string, unknown>).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).sign(privateKey);
    const tokens = {
      forged,
      expired: await stack.provider.signJwt(logoutClaims({ sid, sub, iat: now - 3600, exp: now - 3000 })),
      nonce: await stack.provider.signJwt(logoutClaims({ sid, sub, nonce: 'n-0S6_WzA2Mj' })),
      audience: await stack.provider.signJwt(logoutClaims({ sid, sub, aud: 'someone-else' })),
      issuer: await stack.provider.signJwt(logoutClaims({ sid, sub, iss: 'https://evil.example' })),
      events: await stack.provider.signJwt(logoutClaims({ sid, sub, events: { 'urn:other': {} } })),
      subject: await stack.provider.signJwt(logoutClaims({})),
      garbage: 'not.a.jwt',
    };
    for (const [name, token] of Object.entries(tokens)) {
      const res = await backchannel(b, token);
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(await res.json()).toMatchObject({ error: 'logout_token_invalid' });
    }
    expect((await readOn(a, browser.jar.header())).status).toBe(200);
  });

  it('with cookie sessions the route answers 501 backchannel_logout_unsupported', async () => {
    const cookieAuth = createNetIdAuth({ ...optionsFromEnv({ ...stack.env, SESSION_PASSWORD: PASSWORD }), log: () => {} });
    const res = await backchannel(cookieAuth, await stack.provider.signJwt(logoutClaims({ sub: 'x' })));
    expect(res.status).toBe(501);
    expect(await res.json()).toMatchObject({ error: 'backchannel_logout_unsupported' });
  });
});

describe('Redis faults', () => {
  it('Redis stopped: requests that need it answer 503 session_store_unavailable in bounded time; restarted with its data, the sessions are back', async () => {
    const browser = await signedIn(a);
    const cookie = browser.jar.header();
    await redis.stop();
    try {
      const res = await settlesWithin(readOn(b, cookie));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ error: 'session_store_unavailable' });
      const proxied = await settlesWithin(upstream(a, cookie));
      expect(proxied.status).toBe(503);
      const permissions = await settlesWithin(createPermissionRoutes(b, { log: () => {} }).GET(new Request(`${APP_URL}/api/permissions`, { headers: { cookie } })));
      expect(permissions.status).toBe(503);
      expect(permissions.headers.get('retry-after')).toBe('5');
      expect(await permissions.json()).toMatchObject({ error: 'session_store_unavailable' });
      const out = await settlesWithin(browser.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: APP_URL, cookie } }));
      expect(out.status).toBe(503);
      const login = await settlesWithin(browser.call('login', '/api/auth/login'));
      expect(login.status).toBe(302);
    } finally {
      await redis.start();
    }
    const back = await settlesWithin(
      (async () => {
        // The clients reconnect on their own (backoff up to 1 s).
        for (let i = 0; i < 100; i++) {
          const res = await readOn(b, cookie);
          if (res.status !== 503) return res;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('Redis never came back');
      })(),
    );
    expect(back.status).toBe(200);
  });

  it('nothing in Redis is a raw token, refresh token or cookie value', async () => {
    expect(secrets.size).toBeGreaterThan(10);
    const scan = new Redis(redis.url);
    try {
      const keys = await scan.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      const seen: string[] = [];
      for (const key of keys) {
        seen.push(key);
        const type = await scan.type(key);
        if (type === 'string') seen.push((await scan.get(key)) ?? '');
        else if (type === 'set') seen.push(...(await scan.smembers(key)));
        else seen.push(`unexpected ${type}`);
      }
      const dump = seen.join('\n');
      expect(dump).not.toContain('unexpected');
      for (const secret of secrets) expect(dump.includes(secret), `found a secret of ${secret.length} chars in Redis`).toBe(false);
      // Nor a fragment of a JWT (header.payload of any token), nor a user id.
      expect(dump).not.toMatch(/eyJ[\w-]{10,}\.eyJ/);
      expect(dump).not.toContain(stack.provider.users.max!.sub);
    } finally {
      scan.disconnect();
    }
  });
});
