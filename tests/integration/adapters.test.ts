/**
 * The server adapters (Express, Fastify, Hono) against the embedded netID broker, one suite run
 * for each (tests/helpers/adapter-servers.ts): the three flows, a provider that lies, callback
 * misuse, the guard, logout, and the redirect URI built from APP_URL. Everything over real HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { createNetIdAuth, optionsFromEnv, type NetIdAuthOptions } from '@/lib/auth';
import { startDevBroker, type DevBroker } from 'netid-rp-testing';
import { ADAPTERS, type AdapterUnderTest, type ServedApp } from '../helpers/adapter-servers';
import { signInAtBroker } from '../helpers/broker-login';
import { HttpBrowser } from '../helpers/http-browser';
import { errorCodeOf } from '../helpers/rp-browser';

let broker: DevBroker;
const served = new Map<AdapterUnderTest['name'], ServedApp>();

beforeAll(async () => {
  const options = new Map<string, NetIdAuthOptions>();
  for (const adapter of ADAPTERS) {
    // Options on first use: the app's URL (its port) is only known once it listens.
    served.set(adapter.name, await adapter.serve(createNetIdAuth(() => ({ ...options.get(adapter.name)!, log: () => {} }))));
  }
  broker = await startDevBroker({
    quiet: true,
    clients: ADAPTERS.map((a) => ({ client_id: `${a.name}-rp`, client_secret: `${a.name}-secret`, redirect_uris: [`${served.get(a.name)!.url}/api/auth/callback`] })),
  });
  for (const adapter of ADAPTERS) {
    const env = {
      NETID_ISSUER: broker.issuer,
      NETID_CLIENT_ID: `${adapter.name}-rp`,
      NETID_CLIENT_SECRET: `${adapter.name}-secret`,
      APP_URL: served.get(adapter.name)!.url,
      SESSION_PASSWORD: 'adapters-session-password-0123456789abcdef',
      NETID_HTTP_TIMEOUT_MS: '2000',
    };
    options.set(adapter.name, optionsFromEnv(env));
  }
});
afterEach(() => {
  if (broker) broker.tamperTokenResponse = null;
});
afterAll(async () => {
  await Promise.all([...served.values()].map((app) => app.close()));
  await broker?.close();
});

/** Re-signs the ID token of the next token response with changed claims (or alg). */
function tamperIdToken(change: (claims: Record<string, unknown>) => Record<string, unknown>, alg: 'RS256' | 'none' = 'RS256') {
  broker.tamperTokenResponse = async (body) => ({ ...body, id_token: await broker.signJwt(change({ ...decodeJwt(String(body.id_token)) }), alg) });
}

describe.each(ADAPTERS)('$name adapter', ({ name }) => {
  let appUrl: string;
  const browser = () => new HttpBrowser(appUrl);
  beforeAll(() => {
    appUrl = served.get(name)!.url;
  });

  describe('the three netID flows', () => {
    it('answers 401 JSON on /session and guarded routes when signed out', async () => {
      const b = browser();
      const session = await b.fetch('/api/auth/session');
      expect(session.status).toBe(401);
      expect(session.headers.get('cache-control')).toBe('no-store');
      expect(await session.json()).toEqual({ error: 'unauthenticated', message: expect.any(String) });
      const guarded = await b.fetch('/protected');
      expect(guarded.status).toBe(401);
      expect(await guarded.json()).toMatchObject({ error: 'unauthenticated' });
    });

    it('login-permission: both Set-Cookie headers of the callback survive; the Permission Center token is in the session', async () => {
      const b = browser();
      const callback = await b.signIn('?flow=login-permission&returnTo=/protected');
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toBe('/protected');
      const cookies = callback.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      expect(cookies.some((c) => c.startsWith('netid_tx.') && /Max-Age=0/i.test(c))).toBe(true);
      expect(cookies.some((c) => c.startsWith('netid_session=') && /HttpOnly/i.test(c))).toBe(true);
      const session = await b.fetch('/api/auth/session');
      expect(session.status).toBe(200);
      const body = (await session.json()) as { user: { sub: string }; permissionToken: { expiresAt: string }; flow: string };
      expect(body.user.sub).toBe(broker.users.max!.sub);
      expect(body.permissionToken.expiresAt).toMatch(/^\d{4}-/);
      expect(body.flow).toBe('login-permission');
      expect(await (await b.fetch('/protected')).json()).toEqual({ sub: broker.users.max!.sub, flow: 'login-permission' });
    });

    it('login: identity only, no Permission Center token', async () => {
      const b = browser();
      expect((await b.signIn('?flow=login&returnTo=/account%3Ftab%3D1')).headers.get('location')).toBe('/account?tab=1');
      const body = await (await b.fetch('/api/auth/session')).json();
      expect(body).toMatchObject({ flow: 'login', permissionToken: null, user: { sub: broker.users.max!.sub, email: 'max.mustermann@example.com' } });
      expect(b.jar.names()).toEqual(['netid_session']);
    });

    it('permission (standalone): a Permission Center token and no identity', async () => {
      const b = browser();
      expect((await b.signIn('?flow=permission')).headers.get('location')).toBe('/');
      const body = (await (await b.fetch('/api/auth/session')).json()) as { user: unknown; flow: string; permissionToken: { expiresAt: string } | null };
      expect(body.user).toBeNull();
      expect(body.flow).toBe('permission');
      expect(body.permissionToken?.expiresAt).toMatch(/^\d{4}-/);
      expect(await (await b.fetch('/protected')).json()).toEqual({ flow: 'permission' });
    });

    it('reads a tampered cookie as signed out', async () => {
      const b = browser();
      await b.signIn('?flow=login');
      const value = b.jar.get('netid_session')!;
      b.jar.set('netid_session', `${value.slice(0, -4)}AAAA`);
      expect((await b.fetch('/api/auth/session')).status).toBe(401);
      expect((await b.fetch('/protected')).status).toBe(401);
    });

    it('builds the redirect URI from APP_URL, not from spoofable Host/X-Forwarded headers', async () => {
      const login = await browser().fetch('/api/auth/login?flow=login', {
        headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
      });
      const authorize = new URL(login.headers.get('location')!);
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${appUrl}/api/auth/callback`);
    });

    it('getAccessToken() on a netID session answers a typed 401 through the error handler (netID has no user access token for APIs)', async () => {
      const b = browser();
      await b.signIn('?flow=login');
      const res = await b.fetch('/protected/token');
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'access_token_unavailable' });
    });
  });

  describe('a hostile provider and callback misuse', () => {
    it.each([
      ['a nonce mismatch', (c: Record<string, unknown>) => ({ ...c, nonce: 'not-the-nonce' })],
      ['a foreign audience', (c: Record<string, unknown>) => ({ ...c, aud: 'someone-else' })],
      ['an expired token', (c: Record<string, unknown>) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 })],
    ])('refuses an ID token with %s, and stays signed out', async (_what, change) => {
      tamperIdToken(change);
      const b = browser();
      expect(errorCodeOf(await b.signIn('?flow=login-permission'))).toBe('id_token_invalid');
      expect((await b.fetch('/api/auth/session')).status).toBe(401);
    });

    it('refuses an unsigned (alg none) ID token and an OpenID flow answered without one', async () => {
      tamperIdToken((c) => c, 'none');
      expect(errorCodeOf(await browser().signIn('?flow=login'))).toBe('id_token_invalid');
      broker.tamperTokenResponse = ({ id_token: _drop, ...rest }) => rest;
      expect(errorCodeOf(await browser().signIn('?flow=login'))).toBe('id_token_missing');
    });

    it('a forged state, a browser that never started the flow, a replayed callback', async () => {
      const a = browser();
      const forged = await signInAtBroker((await a.startLogin('?flow=login')).href);
      forged.searchParams.set('state', 'forged-state');
      expect(errorCodeOf(await a.deliver(forged))).toBe('state_mismatch');
      const b = browser();
      const cb = await signInAtBroker((await b.startLogin('?flow=login')).href);
      expect(errorCodeOf(await browser().deliver(cb))).toBe('transaction_missing');
      expect((await b.deliver(cb)).headers.get('location')).toBe('/');
      expect(errorCodeOf(await b.deliver(cb))).toBe('transaction_missing');
    });

    it('a broker error becomes its own code, without the description', async () => {
      const b = browser();
      const cb = await signInAtBroker((await b.startLogin('?flow=login&returnTo=/x')).href, { action: 'cancel', error: 'access_denied' });
      const res = await b.deliver(cb);
      expect(errorCodeOf(res)).toBe('access_denied');
      expect(res.headers.get('location')).not.toContain('error_description');
      expect(b.jar.names()).toEqual([]);
    });
  });

  describe('logout', () => {
    it('refuses a cross-site and a GET logout; a same-origin POST clears the session with 303 to /', async () => {
      const b = browser();
      await b.signIn('?flow=login');
      const cross = await b.fetch('/api/auth/logout', { method: 'POST', headers: { origin: 'https://evil.example' } });
      expect(cross.status).toBe(403);
      expect(await cross.json()).toMatchObject({ error: 'cross_site_request' });
      expect((await b.fetch('/api/auth/logout')).status).toBe(405);
      expect((await b.fetch('/api/auth/session')).status).toBe(200);
      const ok = await b.fetch('/api/auth/logout', { method: 'POST', headers: { origin: appUrl } });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/');
      expect((await b.fetch('/api/auth/session')).status).toBe(401);
    });

    it('back-channel logout reaches the core with its form body: 501 with cookie sessions', async () => {
      const res = await browser().fetch('/api/auth/backchannel-logout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: 'x.y.z' }),
      });
      expect(res.status).toBe(501);
      expect(await res.json()).toMatchObject({ error: 'backchannel_logout_unsupported' });
    });
  });
});
