import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJwt } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { optionsFromEnv, requestCookies, type CookieStore, type NetIdAuthOptions } from '@/lib/auth';
import { createUpstreamProxy } from '@/lib/bff';
import { startEmbeddedOidcStack, type EmbeddedOidcStack } from 'netid-rp-testing';
import { RpBrowser } from '../helpers/rp-browser';
import { rejectionCode } from '../helpers/rejection';
import { rp } from '../helpers/embedded-broker';

const APP_URL = 'http://127.0.0.1:3997';
const TTL = 30;
let stack: EmbeddedOidcStack;

beforeAll(async () => {
  stack = await startEmbeddedOidcStack({ appUrl: APP_URL, accessTokenTtl: TTL });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await stack?.close();
});

function oidcConfig(env: Record<string, string> = {}): NetIdAuthOptions {
  return optionsFromEnv({ ...stack.env, SESSION_PASSWORD: 'refresh-test-session-password-0123456789', NETID_HTTP_TIMEOUT_MS: '3000', ...env });
}

async function signedIn(env: Record<string, string> = {}) {
  const { auth, logs } = rp(oidcConfig(env));
  const b = new RpBrowser(auth, APP_URL);
  const res = await b.signIn();
  expect(res.headers.get('location')).toBe('/');
  return Object.assign(b, { logs });
}

/** Moves the clock past the access token's lifetime (the in-process provider shares it). */
function expireAccessToken() {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (TTL + 5) * 1000 });
}

const upstream = (b: RpBrowser, path = 'me', init: RequestInit = {}) =>
  createUpstreamProxy(b.auth)(
    new Request(`${APP_URL}/api/upstream/${path}`, { ...init, headers: { 'x-csrf': '1', ...(init.headers as Record<string, string>), cookie: b.jar.header() } }),
    path,
  );

/** A cookie store that cannot write, like a Server Component's. */
function readOnly(cookieHeader: string): CookieStore {
  const store = requestCookies(cookieHeader);
  return { get: (n) => store.get(n), getAll: () => store.getAll(), set: () => { throw new Error('read-only'); } };
}

describe('outbound calls leave no timer behind (issue 15)', () => {
  it('a sign-in (token, userinfo) and a refresh make no per-call AbortSignal.timeout: the deadline ends with each exchange', async () => {
    // Discovery and the JWKS are fetched once per process (or per key rotation), each with a timeout signal of its own.
    await signedIn();
    const original = AbortSignal.timeout.bind(AbortSignal);
    const perCall: string[] = [];
    const timeouts = vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
      const stack = new Error().stack ?? '';
      if (!/jwks\/remote|performDiscovery/.test(stack)) perCall.push(stack);
      return original(ms);
    });
    try {
      const b = await signedIn();
      expireAccessToken();
      expect((await upstream(b)).status).toBe(200);
      // openid-client makes a 30 s AbortSignal.timeout per call unless its timeout is 0; inside a
      // Next request that timer keeps the request's stores alive until it fires. outboundFetch's
      // own timer is cleared with the answer.
      expect(perCall).toEqual([]);
    } finally {
      timeouts.mockRestore();
    }
  });
});

describe('generic OIDC sign-in with refresh tokens', () => {
  it('keeps access, refresh and ID token server side and forwards the access token upstream', async () => {
    const b = await signedIn();
    const session = await b.auth.getSession(requestCookies(b.jar.header()));
    expect(session?.tokens?.refreshToken).toBeTruthy();
    expect(session?.tokens?.idToken).toBeTruthy();
    const { status, body } = await b.session();
    expect(status).toBe(200);
    expect(JSON.stringify(body)).not.toContain(session!.tokens!.accessToken);
    const res = await upstream(b, 'orders?x=1');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ path: '/orders', sub: session!.user!.sub });
  });

  it('renews ahead of expiry, persists the rotated refresh token and uses the new access token', async () => {
    const b = await signedIn();
    const before = (await b.auth.getSession(requestCookies(b.jar.header())))!.tokens!;
    stack.provider.resetStats();
    expireAccessToken();
    const res = await upstream(b);
    expect(res.status).toBe(200);
    expect(stack.provider.stats.refresh).toBe(1);
    const setCookie = res.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    b.jar.storeLine(setCookie[0]!);
    const after = (await b.auth.getSession(requestCookies(b.jar.header())))!.tokens!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    const seen = stack.upstream.requests.at(-1)!;
    expect(seen.tokenJti).toBe(decodeJwt(after.accessToken).jti);
  });

  it('50 concurrent requests of one expired session make exactly one refresh', async () => {
    const b = await signedIn();
    stack.provider.resetStats();
    expireAccessToken();
    const responses = await Promise.all(Array.from({ length: 50 }, () => upstream(b)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(stack.provider.stats.refresh).toBe(1);
    expect(new Set(responses.map((r) => r.headers.getSetCookie()[0])).size).toBe(1);
    // A straggler still carrying the pre-rotation cookie shares the result instead of replaying the old refresh token.
    expect((await upstream(b)).status).toBe(200);
    expect(stack.provider.stats.refresh).toBe(1);
  });

  it('invalid_grant ends the session cleanly (signed out, with a reason)', async () => {
    const b = await signedIn();
    await stack.provider.revokeAllGrants();
    expireAccessToken();
    const res = await upstream(b);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'session_expired' });
    b.jar.store(res);
    expect((await b.session()).status).toBe(401);
  });

  it('refuses a due refresh where cookies cannot be written, and keeps the session', async () => {
    const b = await signedIn();
    stack.provider.resetStats();
    expireAccessToken();
    expect(await rejectionCode(b.auth.getAccessToken(readOnly(b.jar.header())))).toBe('refresh_needs_cookie_write');
    expect(stack.provider.stats.refresh).toBe(0);
    expect((await b.session()).status).toBe(200);
  });

  it('logout revokes the refresh token and sends the browser to end_session with id_token_hint', async () => {
    const b = await signedIn();
    const tokens = (await b.auth.getSession(requestCookies(b.jar.header())))!.tokens!;
    const oldCookie = b.jar.header();
    stack.provider.resetStats();
    const res = await b.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: APP_URL } });
    expect(res.status).toBe(303);
    expect(stack.provider.stats.revocation).toBe(1);
    const location = new URL(res.headers.get('location')!);
    expect(location.href.startsWith(`${stack.provider.issuer}/connect/endsession`)).toBe(true);
    expect(location.searchParams.get('id_token_hint')).toBe(tokens.idToken);
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${APP_URL}/`);
    expect((await b.session()).status).toBe(401);
    // The revoked refresh token is dead even for someone who kept the old cookie.
    expireAccessToken();
    expect(await rejectionCode(b.auth.getAccessToken(requestCookies(oldCookie)))).toBe('session_expired');
  });
});

describe('a refresh the provider refuses, or answers about someone else', () => {
  afterEach(() => {
    stack.provider.refreshFault = null;
  });

  it.each(['empty-400', 'html-400', 'invalid_client'] as const)('%s: any 4xx ends the session (401 session_expired, cookie cleared, logged with the status)', async (fault) => {
    const b = await signedIn();
    stack.provider.refreshFault = fault;
    expireAccessToken();
    const res = await upstream(b);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'session_expired' });
    expect(res.headers.getSetCookie().some((c) => /^netid_session=;.*Max-Age=0/i.test(c))).toBe(true);
    expect(b.logs.some((l) => l.startsWith('refresh_rejected') && /"status":40[01]/.test(l))).toBe(true);
    b.jar.store(res);
    expect((await b.session()).status).toBe(401);
  });

  it('a 5xx is transient: the session stays, each later request tries once more, never in a loop', async () => {
    const b = await signedIn();
    stack.provider.refreshFault = 'unavailable';
    stack.provider.resetStats();
    expireAccessToken();
    const first = await upstream(b);
    expect(first.status).toBe(502);
    // The generic profile's words: the provider's display name, not netID's.
    expect((await first.json()) as { message: string }).toMatchObject({ message: expect.stringMatching(/^The identity provider /) });
    expect(stack.provider.stats.refresh).toBe(1);
    expect((await b.session()).status).toBe(200);
    expect((await upstream(b)).status).toBe(502);
    expect(stack.provider.stats.refresh).toBe(2);
    stack.provider.refreshFault = null;
    const healed = await upstream(b);
    expect(healed.status).toBe(200);
    expect(stack.provider.stats.refresh).toBe(3);
  });

  it.each(['other-sub', 'other-iss'] as const)('%s: a refreshed ID token about another user or issuer is refused, its tokens unused, the session ended', async (fault) => {
    const b = await signedIn();
    stack.provider.refreshFault = fault;
    const seen = stack.upstream.requests.length;
    expireAccessToken();
    const res = await upstream(b);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'session_expired' });
    expect(stack.upstream.requests.length).toBe(seen);
    expect(b.logs.some((l) => l.startsWith('refresh_id_token_refused'))).toBe(true);
  });
});

describe('the upstream proxy', () => {
  let fake: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (fake ? fake.close(() => r()) : r()));
    fake = undefined;
  });

  async function fakeUpstream(statuses: number[]): Promise<{ url: string; hits: string[] }> {
    const hits: string[] = [];
    fake = createServer((req, res) => {
      hits.push(req.headers.authorization ?? '');
      res.writeHead(statuses[Math.min(hits.length - 1, statuses.length - 1)]!, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => fake!.listen(0, '127.0.0.1', () => r()));
    return { url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, hits };
  }

  it('on a 401 renews once and retries once', async () => {
    const api = await fakeUpstream([401, 200]);
    const b = await signedIn({ UPSTREAM_API_URL: api.url });
    stack.provider.resetStats();
    const res = await upstream(b);
    expect(res.status).toBe(200);
    expect(api.hits).toHaveLength(2);
    expect(api.hits[0]).not.toBe(api.hits[1]);
    expect(stack.provider.stats.refresh).toBe(1);
  });

  it('never loops: a second 401 is passed back', async () => {
    const api = await fakeUpstream([401]);
    const b = await signedIn({ UPSTREAM_API_URL: api.url });
    const res = await upstream(b);
    expect(res.status).toBe(401);
    expect(api.hits).toHaveLength(2);
  });

  it('refuses cross-site writes, path tricks, and answers 401 when signed out', async () => {
    const b = await signedIn();
    expect((await upstream(b, 'x', { method: 'POST', headers: { origin: 'https://evil.example' }, body: '{}' })).status).toBe(403);
    expect((await upstream(b, '../admin')).status).toBe(400);
    expect((await upstream(b, '%2e%2e/admin')).status).toBe(400);
    const anon = new RpBrowser(b.auth, APP_URL);
    const res = await upstream(anon);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('answers 504 when the upstream API is too slow', async () => {
    fake = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => fake!.listen(0, '127.0.0.1', () => r()));
    const b = await signedIn({ UPSTREAM_API_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, NETID_HTTP_TIMEOUT_MS: '300' });
    const res = await upstream(b);
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: 'upstream_timeout' });
    fake.closeAllConnections();
  });
});
