/**
 * Many sites from one deployment (issue 23): two sites with their own clients at one embedded
 * broker, served by one process; each signs in, and a session of one is never accepted by the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, requestCookies, type NetIdAuth } from '@/lib/auth';
import { createMultiSiteAuth, type MultiSiteAuth } from '@/lib/sites';
import { startDevBroker, type DevBroker } from 'netid-rp-testing';
import { RpBrowser } from '../helpers/rp-browser';
import { startTestRedis } from '../helpers/redis-server';
import { closeSharedRedisClients } from '@/lib/redis';
import { redisWiring } from '@/lib/redis';

const A = 'http://shop-a.localhost:3999';
const B = 'http://shop-b.localhost:3999';
const PASSWORD = 'one-deployment-session-password-0123456789';

let broker: DevBroker;
let sites: MultiSiteAuth;

beforeAll(async () => {
  broker = await startDevBroker({
    quiet: true,
    clients: [
      { client_id: 'shop-a', client_secret: 'secret-a', redirect_uris: [`${A}/api/auth/callback`] },
      { client_id: 'shop-b', client_secret: 'secret-b', redirect_uris: [`${B}/api/auth/callback`] },
    ],
  });
  const shared = { issuer: broker.issuer, session: { password: PASSWORD }, production: false, httpTimeoutMs: 3000, log: () => {} };
  sites = createMultiSiteAuth({
    sites: {
      'shop-a.localhost:3999': { ...shared, clientId: 'shop-a', clientSecret: 'secret-a', appUrl: A },
      'shop-b.localhost:3999': { ...shared, clientId: 'shop-b', clientSecret: 'secret-b', appUrl: B },
    },
  });
});
afterAll(async () => {
  await broker?.close();
});

/** A browser on `origin`, talking to the site the multi-site core picks for that host. */
function browserOn(origin: string, multi: MultiSiteAuth = sites): RpBrowser {
  const dispatch = (route: 'login' | 'callback' | 'logout' | 'session') => multi.handler(route);
  const auth = { login: dispatch('login'), callback: dispatch('callback'), logout: dispatch('logout'), session: dispatch('session') } as unknown as NetIdAuth;
  return new RpBrowser(auth, origin);
}

describe('two sites, one process', () => {
  it('each site signs in with its own client and redirect URI', async () => {
    for (const [origin, client] of [
      [A, 'shop-a'],
      [B, 'shop-b'],
    ] as const) {
      const b = browserOn(origin);
      const authorize = await b.startLogin('?flow=login');
      expect(authorize.searchParams.get('client_id')).toBe(client);
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${origin}/api/auth/callback`);
    }
  });

  it("a session of one site is never accepted by the other, nor a sign-in's transaction", async () => {
    const a = browserOn(A);
    expect((await a.signIn('?flow=login')).headers.get('location')).toBe('/');
    expect((await a.session()).status).toBe(200);

    // The same cookies presented to site B (a copied cookie, or a shared parent domain): signed out there.
    const b = browserOn(B);
    for (const name of a.jar.names()) b.jar.set(name, a.jar.get(name)!);
    expect((await b.session()).status).toBe(401);
    expect(await sites.forHost('shop-b.localhost:3999')!.getSession(cookiesOf(a))).toBeNull();
    expect(await sites.forHost('shop-a.localhost:3999')!.getSession(cookiesOf(a))).not.toBeNull();

    // B signs in on its own; A's session is not B's, and A does not take B's.
    const own = browserOn(B);
    expect((await own.signIn('?flow=login')).headers.get('location')).toBe('/');
    expect((await own.session()).status).toBe(200);
    expect(await sites.forHost('shop-a.localhost:3999')!.getSession(cookiesOf(own))).toBeNull();

    // A transaction started at A cannot be finished at B.
    const cross = browserOn(A);
    const authorize = await cross.startLogin('?flow=login');
    const atB = browserOn(B);
    for (const name of cross.jar.names()) atB.jar.set(name, cross.jar.get(name)!);
    const res = await atB.deliver(new URL(`${B}/api/auth/callback?code=x&state=${authorize.searchParams.get('state')}`));
    expect(res.headers.get('location')).toMatch(/code=(transaction_missing|state_mismatch)/);
  });

  it('a host outside the allow-list gets 421 and nothing else (no redirect, no cookie)', async () => {
    const res = await sites.handler('login')(new Request('http://evil.localhost:3999/api/auth/login'));
    expect(res.status).toBe(421);
    expect(await res.json()).toMatchObject({ error: 'unknown_site' });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(sites.forRequest(new Request('http://SHOP-A.localhost:3999/'))).toBe(sites.forHost('shop-a.localhost:3999'));
    expect(sites.hosts).toEqual(['shop-a.localhost:3999', 'shop-b.localhost:3999']);
  });

  it('with Redis sessions, each site has its own keys: signing a user out everywhere at one site leaves the other', async () => {
    const redis = await startTestRedis();
    try {
      const shared = { redis: redisWiring, issuer: broker.issuer, session: { password: PASSWORD, store: 'redis' as const }, redisUrl: redis.url, production: false, httpTimeoutMs: 3000, log: () => {} };
      const multi = createMultiSiteAuth({
        sites: {
          'shop-a.localhost:3999': { ...shared, clientId: 'shop-a', clientSecret: 'secret-a', appUrl: A },
          'shop-b.localhost:3999': { ...shared, clientId: 'shop-b', clientSecret: 'secret-b', appUrl: B },
        },
      });
      const [a, b] = [browserOn(A, multi), browserOn(B, multi)];
      await a.signIn('?flow=login');
      await b.signIn('?flow=login');
      const sub = (await a.session()).body.user as { sub: string };
      expect(((await b.session()).body.user as { sub: string }).sub).toBe(sub.sub);
      expect(await multi.forHost('shop-a.localhost:3999')!.signOutEverywhere(sub.sub)).toBe(1);
      expect((await a.session()).status).toBe(401);
      expect((await b.session()).status).toBe(200);
    } finally {
      await closeSharedRedisClients();
      await redis.close();
    }
  }, 30_000);

  it('refuses a site whose appUrl is not on its host', () => {
    const make = () =>
      createMultiSiteAuth({ sites: { 'shop-a.example': { issuer: broker.issuer, clientId: 'a', clientSecret: 's', appUrl: 'https://elsewhere.example' } } });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/sites\.shop-a\.example\.appUrl/);
  });
});

function cookiesOf(browser: RpBrowser) {
  return requestCookies(browser.jar.header());
}
