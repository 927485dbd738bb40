/**
 * Better Auth 1.7 + the netId plugin against the embedded broker: a real Better Auth instance on its
 * memory adapter, driven in process through `auth.handler(request)` with a cookie jar; the broker is
 * real HTTP, its pages are driven like a browser (signInAtBroker).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { decodeJwt } from 'jose';
import { startDevBroker, type DevBroker } from 'netid-rp-testing';
import { getNetIdPermissionToken, netId, type NetIdBetterAuthOptions } from '@/lib/adapters/better-auth';
import { ConfigError } from '@/lib/errors';
import { signInAtBroker, BrokerCookieJar } from '../helpers/broker-login';
import { CookieJar } from '../helpers/cookie-jar';

const BASE = 'http://127.0.0.1:3708';
const SECRET = 'better-auth-integration-secret-0123456789';
const CLIENT = { client_id: 'ba-basic', client_secret: 'ba:basic%secret', token_endpoint_auth_method: 'client_secret_basic' } as const;
const CALLBACK = `${BASE}/api/auth/callback/netid`;
const PERMISSION_CALLBACK = `${BASE}/api/auth/netid/permission/callback`;
const JWT_LIKE = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;

let broker: DevBroker;

beforeAll(async () => {
  broker = await startDevBroker({
    quiet: true,
    clients: [{ ...CLIENT, redirect_uris: [CALLBACK, PERMISSION_CALLBACK] }],
  });
});
afterAll(async () => {
  await broker?.close();
});
beforeEach(() => {
  broker.tamperTokenResponse = null;
});

type Db = Record<string, Record<string, unknown>[]>;

function createApp(plugin: Partial<NetIdBetterAuthOptions> = {}, extra: Record<string, unknown> = {}) {
  const db: Db = { user: [], session: [], account: [], verification: [] };
  const logs: string[] = [];
  const auth = betterAuth({
    baseURL: BASE,
    secret: SECRET,
    database: memoryAdapter(db),
    emailAndPassword: { enabled: true },
    logger: { level: 'debug', log: (level, message, ...args) => logs.push(`${level} ${message} ${args.map((a) => (a instanceof Error ? a.message : JSON.stringify(a))).join(' ')}`) },
    telemetry: { enabled: false },
    ...extra,
    plugins: [netId({ clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, issuer: broker.issuer, ...plugin })],
  });
  return { auth, db, logs };
}

type App = ReturnType<typeof createApp>;

/** One browser of the app: its cookies for the app and for the broker. */
class Browser {
  readonly jar = new CookieJar();
  readonly brokerJar = new BrokerCookieJar();
  constructor(readonly app: App) {}

  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const headers = new Headers({ cookie: this.jar.header(), origin: BASE });
    if (body !== undefined) headers.set('content-type', 'application/json');
    const response = await this.app.auth.handler(new Request(new URL(path, BASE), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
    this.jar.store(response);
    return response;
  }

  /** Follows the broker from `authorizeUrl` and lets the app handle the callback; returns the callback's answer. */
  async viaBroker(authorizeUrl: string, expectedCallback: string, options: { action?: 'approve' | 'cancel'; error?: string } = {}): Promise<Response> {
    const back = await signInAtBroker(authorizeUrl, { jar: this.brokerJar, ...options });
    expect(back.href.startsWith(`${expectedCallback}?`)).toBe(true);
    return this.call('GET', `${back.pathname}${back.search}`);
  }

  async startSignIn(): Promise<string> {
    const res = await this.call('POST', '/api/auth/sign-in/social', { provider: 'netid', callbackURL: '/after' });
    expect(res.status).toBe(200);
    return ((await res.json()) as { url: string }).url;
  }

  async signIn(options: { action?: 'approve' | 'cancel'; error?: string } = {}): Promise<Response> {
    return this.viaBroker(await this.startSignIn(), CALLBACK, options);
  }

  async authorizePermission(): Promise<Response> {
    const res = await this.call('POST', '/api/auth/netid/authorize-permission', { callbackURL: '/consent' });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    return this.viaBroker(url, PERMISSION_CALLBACK);
  }

  request(): Request {
    return new Request(`${BASE}/api/permissions`, { headers: { cookie: this.jar.header() } });
  }

  token() {
    return getNetIdPermissionToken(this.app.auth, this.request());
  }
}

/** The Permission Center token the broker put into a sign-in, as the simulator's audience would see it. */
function isPermissionCenterToken(token: string): boolean {
  return decodeJwt(token).aud !== CLIENT.client_id;
}

describe('Better Auth sign-in with netID (login-permission)', () => {
  it('signs in, and the Permission Center token reaches a server route, sealed in the account row', async () => {
    const app = createApp();
    const browser = new Browser(app);
    const callback = await browser.signIn();
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/after');

    const session = await browser.call('GET', '/api/auth/get-session');
    const sessionText = await session.text();
    expect(JSON.parse(sessionText).user).toMatchObject({ email: 'max.mustermann@example.com', name: 'Max Mustermann' });
    expect(sessionText).not.toMatch(JWT_LIKE);

    const token = await browser.token();
    expect(token).not.toBeNull();
    expect(token!.accessToken).toMatch(JWT_LIKE);
    expect(isPermissionCenterToken(token!.accessToken)).toBe(true);
    expect(token!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 400);

    // Nothing in the database holds a token in the clear: no id_token (it carries the claim), no access token.
    const rows = JSON.stringify(app.db);
    expect(rows).not.toContain(token!.accessToken);
    expect(rows).not.toMatch(JWT_LIKE);
    const account = app.db.account!.find((a) => a.providerId === 'netid')!;
    expect(account).toMatchObject({ accessToken: null, idToken: null, netidFlow: 'login-permission' });
    expect(String(account.netidPermissionToken)).toMatch(/^Fe26\.2\*/);

    // The browser learns when it expires, never the token; list-accounts does not return the sealed value.
    const status = await browser.call('GET', '/api/auth/netid/permission-token');
    const statusText = await status.text();
    expect(JSON.parse(statusText)).toMatchObject({ flow: 'login-permission', permissionToken: { expired: false } });
    expect(statusText).not.toContain(token!.accessToken);
    const accounts = await (await browser.call('GET', '/api/auth/list-accounts')).text();
    expect(accounts).not.toContain('Fe26.2');
  });

  it('stores no token in the clear even with encryptOAuthTokens off, and none with it on', async () => {
    for (const encryptOAuthTokens of [false, true]) {
      const app = createApp({}, { account: { encryptOAuthTokens } });
      const browser = new Browser(app);
      await browser.signIn();
      const token = await browser.token();
      expect(token).not.toBeNull();
      expect(JSON.stringify(app.db)).not.toContain(token!.accessToken);
      expect(app.db.account!.find((a) => a.providerId === 'netid')).toMatchObject({ accessToken: null, idToken: null });
    }
  });

  it('an expired token reads as null (netID has no refresh token), and signing in again replaces it', async () => {
    const app = createApp();
    const browser = new Browser(app);
    await browser.signIn();
    const first = await browser.token();
    expect(first).not.toBeNull();

    // ~500 s later (only the clock moves; the session itself lives for days).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime((first!.expiresAt + 1) * 1000);
      expect(await browser.token()).toBeNull();
      expect(await getNetIdPermissionToken(app.auth, browser.request(), { includeExpired: true })).toEqual(first);
      const status = (await (await browser.call('GET', '/api/auth/netid/permission-token')).json()) as { permissionToken: { expired: boolean } };
      expect(status.permissionToken.expired).toBe(true);
    } finally {
      vi.useRealTimers();
    }

    // Re-authorization: the same flow again (the broker remembers the user) gives a fresh token in the same row.
    const again = await browser.signIn();
    expect(again.headers.get('location')).toBe('/after');
    const fresh = await browser.token();
    expect(fresh).not.toBeNull();
    expect(fresh!.accessToken).not.toBe(first!.accessToken);
    expect(app.db.account!.filter((a) => a.providerId === 'netid')).toHaveLength(1);
  });

  it('a sealed token copied to another account row reads as nothing', async () => {
    const app = createApp();
    const max = new Browser(app);
    await max.signIn();
    const sealed = app.db.account!.find((a) => a.providerId === 'netid')!.netidPermissionToken;
    const other = new Browser(app);
    await other.call('POST', '/api/auth/sign-up/email', { email: 'eve@example.com', password: 'a-long-password-123', name: 'Eve' });
    const eve = app.db.user!.find((u) => u.email === 'eve@example.com')!;
    app.db.account!.push({ id: 'forged', userId: eve.id, providerId: 'netid', accountId: 'someone-else', netidPermissionToken: sealed, createdAt: new Date(), updatedAt: new Date() });
    expect(await other.token()).toBeNull();
    expect(await max.token()).not.toBeNull();
  });

  it('the login flow signs in without a token', async () => {
    const app = createApp({ flow: 'login' });
    const browser = new Browser(app);
    const url = new URL(await browser.startSignIn());
    expect(url.searchParams.get('scope')).toBe('openid profile email');
    await browser.viaBroker(url.href, CALLBACK);
    expect((await (await browser.call('GET', '/api/auth/get-session')).json()).user.email).toBe('max.mustermann@example.com');
    expect(await browser.token()).toBeNull();
  });
});

describe('the standalone permission flow (no ID token)', () => {
  it('adds a Permission Center token from the token response to the signed-in user', async () => {
    const app = createApp({ flow: 'login' });
    const browser = new Browser(app);
    await browser.signIn();
    expect(await browser.token()).toBeNull();

    const res = await browser.call('POST', '/api/auth/netid/authorize-permission', { callbackURL: '/consent' });
    const { url } = (await res.json()) as { url: string };
    const authorize = new URL(url);
    expect(authorize.searchParams.get('scope')).toBe('permission_management');
    expect(authorize.searchParams.get('nonce')).toBeNull();
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    let sawIdToken = true;
    broker.tamperTokenResponse = async (body) => {
      sawIdToken = 'id_token' in body;
      return body;
    };
    const back = await browser.viaBroker(url, PERMISSION_CALLBACK);
    expect(sawIdToken).toBe(false);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/consent');

    const token = await browser.token();
    expect(token).not.toBeNull();
    expect(isPermissionCenterToken(token!.accessToken)).toBe(true);
    expect(JSON.stringify(app.db)).not.toContain(token!.accessToken);
    const status = (await (await browser.call('GET', '/api/auth/netid/permission-token')).json()) as { flow: string };
    expect(status.flow).toBe('permission');

    // Expired → run the standalone flow again: the one permission row is updated.
    await browser.authorizePermission();
    expect((await browser.token())!.accessToken).not.toBe(token!.accessToken);
    expect(app.db.account!.filter((a) => a.providerId === 'netid-permission')).toHaveLength(1);
  });

  it('needs a session to start, and stores nothing for a callback that arrives in another session', async () => {
    const app = createApp({ flow: 'login' });
    const anonymous = new Browser(app);
    expect((await anonymous.call('POST', '/api/auth/netid/authorize-permission', {})).status).toBe(401);

    const browser = new Browser(app);
    await browser.signIn();
    const { url } = (await (await browser.call('POST', '/api/auth/netid/authorize-permission', {})).json()) as { url: string };
    await browser.call('POST', '/api/auth/sign-out', {});
    const back = await browser.viaBroker(url, PERMISSION_CALLBACK);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toMatch(/\/api\/auth\/error\?error=unauthenticated$/);
    expect(app.db.account!.some((a) => a.providerId === 'netid-permission')).toBe(false);
  });
});

describe('what must fail', () => {
  it("maps netID's error answer to Better Auth's error page with a stable code, without the broker's description", async () => {
    const app = createApp();
    const browser = new Browser(app);
    const res = await browser.signIn({ action: 'cancel', error: 'access_denied' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.pathname).toBe('/api/auth/error');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_description')).toBeNull();

    // An error the core does not know, with a hostile description, straight to the callback.
    const other = new Browser(app);
    const state = new URL(await other.startSignIn()).searchParams.get('state')!;
    const odd = await other.call('GET', `/api/auth/callback/netid?${new URLSearchParams({ state, error: 'server_error', error_description: '<script>alert(1)</script>' })}`);
    const oddLocation = new URL(odd.headers.get('location')!);
    expect(oddLocation.searchParams.get('error')).toBe('authorization_failed');
    expect(oddLocation.search).not.toContain('script');
  });

  it('refuses an ID token with a forged signature (no session, no account)', async () => {
    const { generateKeyPair, SignJWT, decodeProtectedHeader } = await import('jose');
    const { privateKey } = await generateKeyPair('RS256');
    broker.tamperTokenResponse = async (body) => {
      const idToken = String(body.id_token);
      const forged = await new SignJWT(decodeJwt(idToken)).setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(idToken).kid }).sign(privateKey);
      return { ...body, id_token: forged };
    };
    const app = createApp();
    const browser = new Browser(app);
    const res = await browser.signIn();
    expect(res.headers.get('location')).toMatch(/\/api\/auth\/error\?error=/);
    expect(app.db.account).toHaveLength(0);
    expect(app.db.session).toHaveLength(0);
    expect(app.logs.join('\n')).toMatch(/Failed to validate authorization code The ID token from netID failed verification/);
  });

  it("refuses Better Auth's ID-token sign-in for netID (a token posted by a client is never trusted)", async () => {
    const app = createApp();
    const browser = new Browser(app);
    const res = await browser.call('POST', '/api/auth/sign-in/social', { provider: 'netid', idToken: { token: 'eyJhbGciOiJub25lIn0.e30.' } });
    expect(res.status).toBe(404);
    expect(app.db.session).toHaveLength(0);
  });

  it('rejects bad plugin options, listing every problem without echoing the secret', () => {
    const attempt = () => netId({ clientId: '', clientSecret: 'top-secret', issuer: 'http://broker.example/', flow: 'permission' as 'login' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/clientId: is required[\s\S]*issuer: must use https[\s\S]*flow: must be/);
    expect(attempt).not.toThrow(/top-secret/);
  });
});
