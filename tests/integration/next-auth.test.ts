/**
 * next-auth v4 + NetIdProvider against the embedded broker, in process: requests go through
 * next-auth's own pages-API handler (`NextAuth(req, res, options)`), the broker is real HTTP.
 * (The App Router handler needs `next/headers`, which only works inside a Next request scope.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseCookie } from 'cookie';
import { decodeJwt } from 'jose';
import NextAuthImport from 'next-auth/next';
import type { AuthOptions } from 'next-auth';
import { startDevBroker, type DevBroker } from 'netid-rp-testing';
import { getNetIdPermissionToken, NetIdProvider, withNetIdCallbacks, type NetIdProviderOptions } from '@/lib/adapters/next-auth';
import { ConfigError } from '@/lib/errors';
import type { Flow } from '@/lib/auth/flows';
import { signInAtBroker } from '../helpers/broker-login';
import { forgeIdTokenSignature, verifyPermissionToken } from '../helpers/broker-tokens';
import { CookieJar } from '../helpers/cookie-jar';

const NEXTAUTH_URL = 'http://127.0.0.1:3998';
const SECRET = 'next-auth-integration-secret-0123456789';
const CALLBACK = `${NEXTAUTH_URL}/api/auth/callback/netid`;
const CLIENTS = {
  basic: { client_id: 'na-basic', client_secret: 'na:basic%secret', token_endpoint_auth_method: 'client_secret_basic' },
  post: { client_id: 'na-post', client_secret: 'na-post-secret', token_endpoint_auth_method: 'client_secret_post' },
} as const;
const JWT_LIKE = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;

// Vitest may hand us the CommonJS exports object rather than its default.
const NextAuth = (typeof NextAuthImport === 'function'
  ? NextAuthImport
  : (NextAuthImport as unknown as { default: typeof NextAuthImport }).default);

let broker: DevBroker;
const savedEnv: Record<string, string | undefined> = {};
let logs: string[] = [];

beforeAll(async () => {
  for (const key of ['NEXTAUTH_URL', 'NEXTAUTH_SECRET']) savedEnv[key] = process.env[key];
  process.env.NEXTAUTH_URL = NEXTAUTH_URL;
  process.env.NEXTAUTH_SECRET = SECRET;
  broker = await startDevBroker({
    quiet: true,
    clients: Object.values(CLIENTS).map((c) => ({ ...c, redirect_uris: [CALLBACK] })),
  });
});
afterAll(async () => {
  await broker?.close();
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});
beforeEach(() => {
  logs = [];
  broker.tamperTokenResponse = null;
});

function providerOptions(flow: Flow, client: keyof typeof CLIENTS = 'basic'): NetIdProviderOptions {
  const c = CLIENTS[client];
  return { clientId: c.client_id, clientSecret: c.client_secret, issuer: broker.issuer, flow, clientAuth: c.token_endpoint_auth_method };
}

function authOptions(flow: Flow, client: keyof typeof CLIENTS = 'basic', extra: Partial<AuthOptions> = {}): AuthOptions {
  const provider = providerOptions(flow, client);
  const record = (level: string) => (code: string, detail?: unknown) => logs.push(`${level} ${code} ${logMessage(detail)}`);
  return withNetIdCallbacks({
    providers: [NetIdProvider(provider)],
    logger: { error: record('error'), warn: record('warn'), debug: () => {} },
    ...extra,
  });
}

/** The message next-auth's logger was given (an Error, or metadata with one). */
function logMessage(detail: unknown): string {
  if (detail instanceof Error) return detail.message;
  const d = detail as { error?: { message?: string }; message?: string } | undefined;
  return d?.error?.message ?? d?.message ?? '';
}

/** A minimal NextApiResponse that records what next-auth writes, as a Web Response. */
class ApiResponse {
  statusCode = 200;
  readonly headers = new Map<string, string | string[]>();
  body: string | null = null;
  status(code: number) { this.statusCode = code; return this; }
  setHeader(name: string, value: string | string[]) { this.headers.set(name.toLowerCase(), value); return this; }
  getHeader(name: string) { return this.headers.get(name.toLowerCase()); }
  send(body: unknown) { this.body = typeof body === 'string' ? body : JSON.stringify(body ?? null); return this; }
  json(body: unknown) { this.setHeader('content-type', 'application/json'); return this.send(body); }
  end() { return this; }
  toResponse(): Response {
    const headers = new Headers();
    for (const [name, value] of this.headers) for (const v of [value].flat()) headers.append(name, v);
    return new Response(this.statusCode >= 300 && this.statusCode < 400 ? null : this.body, { status: this.statusCode, headers });
  }
}

/** One browser of the app: calls next-auth's handler like Next's pages API would, with a cookie jar. */
class App {
  readonly jar = new CookieJar();
  constructor(readonly options: AuthOptions) {}

  async call(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<Response> {
    const url = new URL(path, NEXTAUTH_URL);
    const nextauth = url.pathname.replace(/^\/api\/auth\/?/, '').split('/').filter(Boolean);
    const req = {
      method,
      url: `${url.pathname}${url.search}`,
      query: { ...Object.fromEntries(url.searchParams), nextauth },
      body,
      headers: { host: url.host, cookie: this.jar.header() },
      cookies: parseCookie(this.jar.header()),
    };
    const res = new ApiResponse();
    await NextAuth(req as never, res as never, this.options);
    const response = res.toResponse();
    this.jar.store(response);
    return response;
  }

  /** csrf → POST signin → the broker's authorize URL. */
  async startSignIn(): Promise<URL> {
    const { csrfToken } = (await (await this.call('GET', '/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await this.call('POST', '/api/auth/signin/netid', { csrfToken, callbackUrl: `${NEXTAUTH_URL}/after` });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  /** The whole sign-in; returns the response of next-auth's callback route. */
  async signIn(): Promise<Response> {
    const back = await signInAtBroker((await this.startSignIn()).href);
    expect(back.href.startsWith(`${CALLBACK}?`)).toBe(true);
    return this.call('GET', `${back.pathname}${back.search}`);
  }

  async session(): Promise<{ text: string; body: Record<string, unknown> }> {
    const text = await (await this.call('GET', '/api/auth/session')).text();
    return { text, body: JSON.parse(text) as Record<string, unknown> };
  }

  /** What a route handler of the app would get. */
  request(): Request {
    return new Request(`${NEXTAUTH_URL}/api/anything`, { headers: { cookie: this.jar.header() } });
  }
}

const SESSION_COOKIE = 'next-auth.session-token';

describe('NetIdProvider through next-auth v4', () => {
  it('sends PKCE S256, state, nonce and the SSO scope to the broker', async () => {
    const p = (await new App(authOptions('login-permission')).startSignIn()).searchParams;
    expect(p.get('scope')).toBe('openid permission_management profile email');
    expect(p.get('client_id')).toBe('na-basic');
    expect(p.get('redirect_uri')).toBe(CALLBACK);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(p.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(p.get('nonce')).toMatch(/^[\w-]{20,}$/);
  });

  it('login-permission: token from the ID token claim, in the encrypted JWT only, verifiable at the Permission Center', async () => {
    const app = new App(authOptions('login-permission'));
    broker.resetStats();
    const res = await app.signIn();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${NEXTAUTH_URL}/after`);
    // next-auth v4 re-runs discovery per request and fetches the JWKS per callback (no cache).
    expect(broker.stats).toMatchObject({ discovery: 2, jwks: 1, token: 1, userinfo: 1 });
    expect(app.jar.get(SESSION_COOKIE)?.split('.')).toHaveLength(5); // a JWE, not a readable JWT

    const { text, body } = await app.session();
    const sub = broker.users.max!.sub;
    expect(body).toMatchObject({
      user: { name: 'Max Mustermann', email: 'max.mustermann@example.com' },
      netId: { flow: 'login-permission', sub, permissionToken: { expired: false } },
    });
    expect(text).not.toMatch(JWT_LIKE);

    const token = await getNetIdPermissionToken(app.request());
    expect(token).not.toBeNull();
    expect(text).not.toContain(token!.accessToken);
    expect(token!.expiresAt - Date.now() / 1000).toBeGreaterThan(480);
    const claims = await verifyPermissionToken(broker, token!.accessToken);
    expect(claims).toMatchObject({ sub, client_id: 'na-basic', scope: 'permission_management' });
    expect(logs.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  it('permission (standalone): token from the token response, no identity, no nonce', async () => {
    const app = new App(authOptions('permission'));
    const p = (await app.startSignIn()).searchParams;
    expect(p.get('scope')).toBe('permission_management');
    expect(p.get('nonce')).toBeNull();

    await app.signIn();
    const { text, body } = await app.session();
    expect(body.netId).toMatchObject({ flow: 'permission', sub: null, permissionToken: { expired: false } });
    expect(text).not.toMatch(JWT_LIKE);
    const token = await getNetIdPermissionToken(app.request());
    const claims = await verifyPermissionToken(broker, token!.accessToken);
    expect(claims).toMatchObject({ sub: broker.users.max!.sub, client_id: 'na-basic' });
  });

  it('login: identity only, no Permission Center token; works with client_secret_post', async () => {
    const app = new App(authOptions('login', 'post'));
    await app.signIn();
    const { body } = await app.session();
    expect(body).toMatchObject({ user: { email: 'max.mustermann@example.com' }, netId: { flow: 'login', permissionToken: null } });
    expect(await getNetIdPermissionToken(app.request())).toBeNull();
  });

  it('reads the token from a NextApiRequest-like object and from a decoded JWT; signed out reads null', async () => {
    const app = new App(authOptions('login-permission'));
    await app.signIn();
    const fromRequest = await getNetIdPermissionToken(app.request());
    const fromApiReq = await getNetIdPermissionToken({ headers: {}, cookies: parseCookie(app.jar.header()) });
    expect(fromApiReq).toEqual(fromRequest);
    expect(await getNetIdPermissionToken({ netId: { flow: 'permission', sub: null, permissionToken: fromRequest } })).toEqual(fromRequest);
    expect(await getNetIdPermissionToken(new Request(NEXTAUTH_URL))).toBeNull();
    expect(await getNetIdPermissionToken(app.request(), { secret: 'another-secret-of-enough-length-000000' })).toBeNull();
  });
});

describe('what must fail', () => {
  function unsecured(idToken: string): string {
    const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${encode({ alg: 'none' })}.${encode(decodeJwt(idToken))}.`;
  }

  const cases = [
    ['a forged signature', forgeIdTokenSignature, /failed to validate JWT signature/],
    ['alg none', unsecured, /unexpected JWT alg received, expected RS256, got: none/],
  ] as const;
  for (const [name, forge, reason] of cases) {
    it(`refuses an ID token with ${name} (openid-client 5 checks it against the broker JWKS)`, async () => {
      broker.tamperTokenResponse = async (body) => ({ ...body, id_token: await forge(String(body.id_token)) });
      const app = new App(authOptions('login-permission'));
      const res = await app.signIn();
      expect(res.headers.get('location')).toMatch(/error=OAuthCallback/);
      expect(app.jar.get(SESSION_COOKIE)).toBeUndefined();
      expect(logs.filter((l) => l.startsWith('error OAUTH_CALLBACK_ERROR')).join('\n')).toMatch(reason);
    });
  }

  it('refuses a broker whose discovered issuer is not the configured one (mix-up), even without an ID token', async () => {
    const options = authOptions('permission');
    const aliased = broker.issuer.replace('127.0.0.1', 'localhost');
    options.providers = [NetIdProvider({ ...providerOptions('permission'), issuer: aliased })];
    const app = new App(options);
    const res = await app.signIn();
    expect(res.headers.get('location')).toMatch(/error=OAuthCallback/);
    expect(app.jar.get(SESSION_COOKIE)).toBeUndefined();
    expect(logs.join('\n')).toMatch(/discovered issuer does not match/);
  });

  it('a session callback that copies the token into the client session fails instead of leaking', async () => {
    const app = new App(authOptions('login-permission', 'basic', {
      callbacks: { session: ({ session, token }) => ({ ...session, leak: token.netId?.permissionToken?.accessToken }) },
    }));
    await app.signIn();
    const { text } = await app.session();
    expect(text).toBe('{}');
    expect(logs.some((l) => l.includes('JWT_SESSION_ERROR'))).toBe(true);
  });

  it('a client update() cannot plant a token, even when the app merges update data into the JWT', async () => {
    const app = new App(authOptions('login', 'basic', {
      callbacks: { jwt: ({ token, trigger, session }) => (trigger === 'update' ? { ...token, ...session } : token) },
    }));
    await app.signIn();
    const { csrfToken } = (await (await app.call('GET', '/api/auth/csrf')).json()) as { csrfToken: string };
    const planted = { flow: 'permission', sub: null, permissionToken: { accessToken: 'planted', tokenType: 'Bearer', expiresAt: 4e9 } };
    await app.call('POST', '/api/auth/session', { csrfToken, data: { netId: planted } });
    expect(await getNetIdPermissionToken(app.request())).toBeNull();
    expect((await app.session()).body.netId).toMatchObject({ flow: 'login', permissionToken: null });
  });

  it('rejects bad provider options, listing every problem without echoing the secret', () => {
    const attempt = () => NetIdProvider({ clientId: '', clientSecret: 'top-secret', issuer: 'http://broker.example/', flow: 'sso' as Flow });
    // A configuration problem is a ConfigError (`config_invalid`) in every family.
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/clientId: is required.*issuer: must use https.*flow: must be/s);
    expect(attempt).not.toThrow(/top-secret/);
  });

  it('refuses a database session strategy and options without a NetIdProvider', () => {
    const provider = NetIdProvider({ clientId: 'a', clientSecret: 'b', issuer: 'https://broker.netid.de/' });
    expect(() => withNetIdCallbacks({ providers: [provider], session: { strategy: 'database' } })).toThrow(/session\.strategy: must be "jwt"/);
    expect(() => withNetIdCallbacks({ providers: [] })).toThrow(/no NetIdProvider/);
  });
});
