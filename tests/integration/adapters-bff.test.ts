/**
 * The server adapters (Express, Fastify, Hono) with the generic OIDC profile: the BFF proxy under
 * `/api/upstream` (same-origin rule, bodies of any type, token renewal), server-side sessions in a
 * real Redis, back-channel logout and logout at the provider. One suite, run for each adapter
 * (tests/helpers/adapter-servers.ts), over real HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNetIdAuth, optionsFromEnv, type NetIdAuthOptions } from '@/lib/auth';
import { startEmbeddedOidcStack, type EmbeddedOidcStack } from 'netid-rp-testing';
import { ADAPTERS, type ServedApp } from '../helpers/adapter-servers';
import { logoutClaims } from '../helpers/backchannel-logout';
import { HttpBrowser } from '../helpers/http-browser';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { withRedis } from '@/lib/redis';

const TTL = 30;
let redis: TestRedis;

beforeAll(async () => {
  redis = await startTestRedis();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await redis?.close();
});

describe.each(ADAPTERS)('$name adapter, generic OIDC provider', (adapter) => {
  let app: ServedApp;
  /** The same app with cookie sessions (renewals are written to the cookie), as a second client of the provider. */
  let cookieApp: ServedApp;
  let stack: EmbeddedOidcStack;
  let options: NetIdAuthOptions | undefined;
  let cookieOptions: NetIdAuthOptions | undefined;

  beforeAll(async () => {
    app = await adapter.serve(createNetIdAuth(() => ({ ...options!, log: () => {} })));
    cookieApp = await adapter.serve(createNetIdAuth(() => ({ ...cookieOptions!, log: () => {} })));
    stack = await startEmbeddedOidcStack({
      appUrl: app.url,
      accessTokenTtl: TTL,
      extraClients: [{ client_id: 'cookie-rp', client_secret: 'cookie-rp-secret', redirect_uris: [`${cookieApp.url}/api/auth/callback`] }],
    });
    const env = { ...stack.env, SESSION_PASSWORD: 'adapters-bff-session-password-0123456789ab', NETID_HTTP_TIMEOUT_MS: '3000' };
    options = withRedis(optionsFromEnv({ ...env, SESSION_STORE: 'redis', REDIS_URL: redis.url }));
    cookieOptions = optionsFromEnv({ ...env, OIDC_CLIENT_ID: 'cookie-rp', OIDC_CLIENT_SECRET: 'cookie-rp-secret', APP_URL: cookieApp.url });
  });
  afterAll(async () => {
    await Promise.allSettled([app?.close(), cookieApp?.close()]);
    await stack?.close();
  });

  async function signedIn(on = app): Promise<HttpBrowser> {
    const b = new HttpBrowser(on.url);
    expect((await b.signIn('')).headers.get('location')).toBe('/');
    return b;
  }

  const upstreamHits = () => stack.upstream.requests.length;

  it('signed out: 401 JSON, and nothing reaches the upstream', async () => {
    const before = upstreamHits();
    const res = await new HttpBrowser(app.url).fetch('/api/upstream/me', { headers: { 'x-csrf': '1' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthenticated' });
    expect(upstreamHits()).toBe(before);
  });

  it('forwards a same-origin call with the user token: path, query, method, never cacheable', async () => {
    const b = await signedIn();
    const res = await b.fetch('/api/upstream/items/1?expand=all', { headers: { 'x-csrf': '1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ path: '/items/1', method: 'GET', sub: stack.provider.users.max!.sub });
    expect(stack.upstream.requests.at(-1)).toMatchObject({ path: '/items/1', query: '?expand=all', status: 200 });
  });

  it('bodies of any content type reach the upstream (JSON, a form, none), with either proof of a same-origin caller', async () => {
    const b = await signedIn();
    const json = await b.fetch('/api/upstream/items', { method: 'POST', headers: { 'x-csrf': '1', 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ path: '/items', method: 'POST' });
    const form = await b.fetch('/api/upstream/items/1', { method: 'PUT', headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(200);
    expect((await b.fetch('/api/upstream/items/1', { method: 'DELETE', headers: { 'x-csrf': '1' } })).status).toBe(200);
  });

  it('refuses a call without proof of a same-origin caller, and a path that climbs out, before the upstream', async () => {
    const b = await signedIn();
    const before = upstreamHits();
    for (const headers of <Array<Record<string, string>>>[
      {},
      { 'sec-fetch-site': 'cross-site', 'x-csrf': '1' },
      { origin: 'https://evil.example', 'x-csrf': '1' },
    ]) {
      const res = await b.fetch('/api/upstream/me', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error).toMatch(/^(csrf_header_missing|cross_site_request)$/);
    }
    // (fetch resolves a literal or %2e-encoded `..` itself; an encoded slash reaches the app as it is)
    const climb = await b.fetch('/api/upstream/a%2f..%2f..%2fadmin', { headers: { 'x-csrf': '1' } });
    expect(climb.status).toBe(400);
    expect(await climb.json()).toMatchObject({ error: 'invalid_upstream_path' });
    expect(upstreamHits()).toBe(before);
  });

  it('renews an expired access token before forwarding; requireSession hands out the current one', async () => {
    const b = await signedIn();
    const first = (await (await b.fetch('/api/upstream/me', { headers: { 'x-csrf': '1' } })).json()) as { jti: string };
    const token = (await (await b.fetch('/protected/token')).json()) as { token: string };
    expect(token.token.split('.')).toHaveLength(3);
    stack.provider.resetStats();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (TTL + 5) * 1000 });
    const renewed = await b.fetch('/api/upstream/me', { headers: { 'x-csrf': '1' } });
    expect(renewed.status).toBe(200);
    expect(((await renewed.json()) as { jti: string }).jti).not.toBe(first.jti);
    expect(stack.provider.stats.refresh).toBe(1);
    expect((await b.fetch('/api/auth/session')).status).toBe(200);
  });

  it('with cookie sessions, a renewal inside a guarded route rotates the session cookie on that response (once)', async () => {
    const b = await signedIn(cookieApp);
    const before = (await (await b.fetch('/protected/token')).json()) as { token: string };
    stack.provider.resetStats();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (TTL + 5) * 1000 });
    const renewal = await b.fetch('/protected/token');
    expect(renewal.status).toBe(200);
    const renewed = (await renewal.json()) as { token: string };
    expect(renewed.token).not.toBe(before.token);
    expect(renewal.headers.getSetCookie().filter((c) => c.startsWith('netid_session='))).toHaveLength(1);
    // The browser got the rotated session: the next call needs no second refresh.
    expect(await (await b.fetch('/protected/token')).json()).toEqual(renewed);
    expect(stack.provider.stats.refresh).toBe(1);
  });

  it('back-channel logout: a valid logout token (a form POST) ends the Redis session; the same token again is refused', async () => {
    const b = await signedIn();
    const { user } = (await (await b.fetch('/api/auth/session')).json()) as { user: { sub: string } };
    const token = await stack.provider.signJwt(logoutClaims(stack, { sub: user.sub }), 'logout+jwt');
    const post = () =>
      fetch(`${app.url}/api/auth/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }),
      });
    expect((await post()).status).toBe(200);
    expect((await b.fetch('/api/auth/session')).status).toBe(401);
    const replay = await post();
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'logout_token_invalid' });
  });

  it('logout ends the session here and sends the browser to the provider', async () => {
    const b = await signedIn();
    const res = await b.fetch('/api/auth/logout', { method: 'POST', headers: { origin: app.url } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')!.startsWith(stack.provider.issuer)).toBe(true);
    expect((await b.fetch('/api/auth/session')).status).toBe(401);
  });
});
