/**
 * Auth.js v5 (`@auth/core` 0.41.3, what next-auth@5.0.0-beta.32 runs) + the netID provider against
 * the embedded broker, in process: requests go through Auth.js's framework-free `Auth(request, config)`
 * (what `next-auth@beta`'s route handlers and `@auth/express` call), the broker is real HTTP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Auth, type AuthConfig } from '@auth/core';
import { startDevBroker, type DevBroker } from 'netid-rp-testing';
import { getNetIdPermissionToken, NetIdProvider, withNetIdCallbacks, type NetIdProviderOptions } from '@/lib/adapters/authjs';
import { ConfigError } from '@/lib/errors';
import type { Flow } from '@/lib/auth/flows';
import { signInAtBroker } from '../helpers/broker-login';
import { forgeIdTokenSignature, verifyPermissionToken } from '../helpers/broker-tokens';
import { CookieJar } from '../helpers/cookie-jar';

const AUTH_URL = 'http://127.0.0.1:3709';
const SECRET = 'authjs-integration-secret-0123456789abcdef';
const CALLBACK = `${AUTH_URL}/api/auth/callback/netid`;
const CLIENTS = {
  basic: { client_id: 'v5-basic', client_secret: 'v5:basic%secret', token_endpoint_auth_method: 'client_secret_basic' },
  post: { client_id: 'v5-post', client_secret: 'v5-post-secret', token_endpoint_auth_method: 'client_secret_post' },
} as const;
const JWT_LIKE = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;
const SESSION_COOKIE = 'authjs.session-token';

let broker: DevBroker;
let logs: string[] = [];

beforeAll(async () => {
  broker = await startDevBroker({
    quiet: true,
    clients: Object.values(CLIENTS).map((c) => ({ ...c, redirect_uris: [CALLBACK] })),
  });
});
afterAll(async () => {
  await broker?.close();
});
beforeEach(() => {
  logs = [];
  broker.tamperTokenResponse = null;
});

function providerOptions(flow: Flow, client: keyof typeof CLIENTS = 'basic'): NetIdProviderOptions {
  const c = CLIENTS[client];
  return { clientId: c.client_id, clientSecret: c.client_secret, issuer: broker.issuer, flow, clientAuth: c.token_endpoint_auth_method, httpTimeoutMs: 5000 };
}

function authConfig(flow: Flow, client: keyof typeof CLIENTS = 'basic', extra: Partial<AuthConfig> = {}): AuthConfig {
  return withNetIdCallbacks({
    providers: [NetIdProvider(providerOptions(flow, client))],
    secret: SECRET,
    trustHost: true,
    basePath: '/api/auth',
    logger: {
      error: (error) => logs.push(`error ${error.name} ${(error.cause as { err?: Error } | undefined)?.err?.message ?? ''}`),
      warn: (code) => logs.push(`warn ${code}`),
      debug: () => {},
    },
    ...extra,
  });
}

/** One browser of the app: Auth.js's handler with a cookie jar. */
class App {
  readonly jar = new CookieJar();
  constructor(readonly config: AuthConfig) {}

  async call(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Response> {
    const headers = new Headers({ cookie: this.jar.header() });
    if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await Auth(new Request(new URL(path, AUTH_URL), { method, headers, body: form ? new URLSearchParams(form) : undefined }), this.config);
    this.jar.store(response);
    return response;
  }

  /** csrf → POST signin → the broker's authorize URL. */
  async startSignIn(): Promise<URL> {
    const { csrfToken } = (await (await this.call('GET', '/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await this.call('POST', '/api/auth/signin/netid', { csrfToken, callbackUrl: `${AUTH_URL}/after` });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  async signIn(): Promise<Response> {
    const back = await signInAtBroker((await this.startSignIn()).href);
    expect(back.href.startsWith(`${CALLBACK}?`)).toBe(true);
    return this.call('GET', `${back.pathname}${back.search}`);
  }

  async session(): Promise<{ text: string; body: Record<string, unknown> | null }> {
    const text = await (await this.call('GET', '/api/auth/session')).text();
    return { text, body: JSON.parse(text) as Record<string, unknown> | null };
  }

  request(): Request {
    return new Request(`${AUTH_URL}/api/anything`, { headers: { cookie: this.jar.header() } });
  }
}

describe('NetIdProvider through Auth.js v5 (@auth/core)', () => {
  it('sends PKCE S256, state, nonce and the SSO scope to the broker', async () => {
    const p = (await new App(authConfig('login-permission')).startSignIn()).searchParams;
    expect(p.get('scope')).toBe('openid permission_management profile email');
    expect(p.get('client_id')).toBe('v5-basic');
    expect(p.get('redirect_uri')).toBe(CALLBACK);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(p.get('state')).toBeTruthy();
    expect(p.get('nonce')).toBeTruthy();
  });

  for (const client of ['basic', 'post'] as const) {
    it(`login-permission (client_secret_${client}): token from the ID token claim, in the encrypted JWT only`, async () => {
      const app = new App(authConfig('login-permission', client));
      const res = await app.signIn();
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`${AUTH_URL}/after`);
      expect(app.jar.get(SESSION_COOKIE)?.split('.')).toHaveLength(5); // a JWE, not a readable JWT

      const { text, body } = await app.session();
      const sub = broker.users.max!.sub;
      expect(body).toMatchObject({
        user: { name: 'Max Mustermann', email: 'max.mustermann@example.com' },
        netId: { flow: 'login-permission', sub, permissionToken: { expired: false } },
      });
      expect(text).not.toMatch(JWT_LIKE);

      const token = await getNetIdPermissionToken(app.request(), { secret: SECRET });
      expect(token).not.toBeNull();
      expect(text).not.toContain(token!.accessToken);
      expect(token!.expiresAt - Date.now() / 1000).toBeGreaterThan(480);
      expect(await verifyPermissionToken(broker, token!.accessToken)).toMatchObject({ sub, client_id: CLIENTS[client].client_id, scope: 'permission_management' });
      expect(logs.filter((l) => l.startsWith('error'))).toEqual([]);
    });
  }

  it('permission (standalone): token from the token response, no identity, no nonce, no ID token', async () => {
    const app = new App(authConfig('permission'));
    const p = (await app.startSignIn()).searchParams;
    expect(p.get('scope')).toBe('permission_management');
    expect(p.get('nonce')).toBeNull();
    let sawIdToken = true;
    broker.tamperTokenResponse = async (body) => {
      sawIdToken = 'id_token' in body;
      return body;
    };
    const res = await app.signIn();
    expect(res.headers.get('location')).toBe(`${AUTH_URL}/after`);
    expect(sawIdToken).toBe(false);
    const { text, body } = await app.session();
    expect(body).toMatchObject({ netId: { flow: 'permission', sub: null, permissionToken: { expired: false } } });
    const token = await getNetIdPermissionToken(app.request(), { secret: SECRET });
    expect(token).not.toBeNull();
    expect(text).not.toContain(token!.accessToken);
    expect(await verifyPermissionToken(broker, token!.accessToken)).toMatchObject({ scope: 'permission_management' });
  });

  it('login: identity only, no token', async () => {
    const app = new App(authConfig('login'));
    expect((await app.startSignIn()).searchParams.get('scope')).toBe('openid profile email');
    await app.signIn();
    expect((await app.session()).body).toMatchObject({ netId: { flow: 'login', permissionToken: null } });
    expect(await getNetIdPermissionToken(app.request(), { secret: SECRET })).toBeNull();
  });

  it('an expired token reads as null; signing in again gives a fresh one', async () => {
    const app = new App(authConfig('login-permission'));
    await app.signIn();
    const first = await getNetIdPermissionToken(app.request(), { secret: SECRET });
    expect(first).not.toBeNull();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime((first!.expiresAt + 1) * 1000);
      expect(await getNetIdPermissionToken(app.request(), { secret: SECRET })).toBeNull();
      expect(await getNetIdPermissionToken(app.request(), { secret: SECRET, includeExpired: true })).toEqual(first);
    } finally {
      vi.useRealTimers();
    }
    await app.signIn();
    const fresh = await getNetIdPermissionToken(app.request(), { secret: SECRET });
    expect(fresh!.accessToken).not.toBe(first!.accessToken);
  });

  it('reads only the session cookie: never an Authorization header, never with another secret', async () => {
    const app = new App(authConfig('login-permission'));
    await app.signIn();
    const cookie = app.jar.get(SESSION_COOKIE)!;
    expect(await getNetIdPermissionToken(new Request(AUTH_URL, { headers: { authorization: `Bearer ${cookie}` } }), { secret: SECRET })).toBeNull();
    expect(await getNetIdPermissionToken(app.request(), { secret: 'another-secret-of-enough-length-000000' })).toBeNull();
    expect(await getNetIdPermissionToken({ headers: { cookie: app.jar.header() } }, { secret: SECRET })).not.toBeNull();
  });
});

describe('what must fail', () => {
  it('refuses an ID token with a forged signature (Auth.js alone would accept it; the provider checks the JWKS)', async () => {
    broker.tamperTokenResponse = async (body) => ({ ...body, id_token: await forgeIdTokenSignature(String(body.id_token)) });
    const app = new App(authConfig('login-permission'));
    const res = await app.signIn();
    expect(res.status).toBe(302);
    expect(app.jar.get(SESSION_COOKIE)).toBeUndefined();
    expect((await app.session()).body).toBeNull();
    expect(logs.join('\n')).toMatch(/ID token from netID failed verification/);
  });

  it("netID's error answer lands on Auth.js's sign-in page as error=OAuthCallbackError, without the broker's description", async () => {
    const app = new App(authConfig('login-permission'));
    const back = await signInAtBroker((await app.startSignIn()).href, { action: 'cancel' });
    const res = await app.call('GET', `${back.pathname}${back.search}`);
    const location = new URL(res.headers.get('location')!);
    expect(location.pathname).toBe('/api/auth/signin');
    expect(location.searchParams.get('error')).toBe('OAuthCallbackError');
    expect(location.search).not.toContain('aborted');
    expect(app.jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it('a session callback that copies the token into the client session fails instead of leaking', async () => {
    const app = new App(authConfig('login-permission', 'basic', {
      callbacks: { session: ({ session, token }) => ({ ...session, leak: token.netId?.permissionToken?.accessToken }) },
    }));
    await app.signIn();
    const { text } = await app.session();
    expect(text).not.toMatch(JWT_LIKE);
    expect(logs.some((l) => l.includes('JWTSessionError'))).toBe(true);
  });

  it('a client update() cannot plant a token, even when the app merges update data into the JWT', async () => {
    const app = new App(authConfig('login', 'basic', {
      callbacks: { jwt: ({ token, trigger, session }) => (trigger === 'update' ? { ...token, ...(session as object) } : token) },
    }));
    await app.signIn();
    const { csrfToken } = (await (await app.call('GET', '/api/auth/csrf')).json()) as { csrfToken: string };
    const planted = { flow: 'permission', sub: null, permissionToken: { accessToken: 'planted', tokenType: 'Bearer', expiresAt: 4e9 } };
    const headers = new Headers({ cookie: app.jar.header(), 'content-type': 'application/json' });
    const res = await Auth(new Request(`${AUTH_URL}/api/auth/session`, { method: 'POST', headers, body: JSON.stringify({ csrfToken, data: { netId: planted } }) }), app.config);
    app.jar.store(res);
    expect(await getNetIdPermissionToken(app.request(), { secret: SECRET })).toBeNull();
    expect((await app.session()).body).toMatchObject({ netId: { flow: 'login', permissionToken: null } });
  });

  it('rejects bad provider options, listing every problem without echoing the secret', () => {
    const attempt = () => NetIdProvider({ clientId: '', clientSecret: 'top-secret', issuer: 'http://broker.example/', flow: 'sso' as Flow });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/clientId: is required[\s\S]*issuer: must use https[\s\S]*flow: must be/);
    expect(attempt).not.toThrow(/top-secret/);
  });

  it('refuses a database session strategy and a config without a NetIdProvider', () => {
    const provider = NetIdProvider({ clientId: 'a', clientSecret: 'b', issuer: 'https://broker.netid.de/' });
    expect(() => withNetIdCallbacks({ providers: [provider], session: { strategy: 'database' } })).toThrow(/strategy must be "jwt"/);
    expect(() => withNetIdCallbacks({ providers: [] })).toThrow(/no NetIdProvider/);
  });
});
