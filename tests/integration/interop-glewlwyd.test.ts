/**
 * Interop with an OpenID provider this project did not write: Glewlwyd 2.7 (Debian package
 * `glewlwyd`, installed by scripts/ensure-glewlwyd.sh), started per test file in a temp directory
 * on a free loopback port and driven over HTTP without a browser. The RP core runs in-process
 * with the generic `oidc` profile. What Glewlwyd does differently, and what the library does
 * about it today, is written up in docs/interop.md.
 *
 * The tests of points 1-3 of the interop issue failed before the library's fixes (the comment
 * above each says what the library used to do).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJwt } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNetIdAuth, optionsFromEnv, requestCookies, type NetIdAuth } from '@/lib/auth';
import { createUpstreamProxy } from '@/lib/bff';
import { CookieJar } from '../helpers/cookie-jar';
import { rejectionCode } from '../helpers/rejection';
import { errorCodeOf, RpBrowser } from '../helpers/rp-browser';
import {
  endSessionAtGlewlwyd,
  glewlwydInstalled,
  signInAtGlewlwyd,
  startIndependentProvider,
  type IndependentClient,
  type IndependentProvider,
} from '../helpers/glewlwyd';

const APP_URL = 'http://127.0.0.1:3993';
/** Access (and ID) token lifetime at the provider; the tests move the RP clock instead of waiting. */
const TTL = 120;
/** Far enough for the RP to renew (it renews a quarter of the lifetime ahead), short of the provider's tokens expiring for the RP. */
const DUE = 95;

let op: IndependentProvider;

function rpFor(client: IndependentClient, env: Record<string, string> = {}): { auth: NetIdAuth; logs: string[] } {
  const logs: string[] = [];
  const options = optionsFromEnv({
    AUTH_PROVIDER: 'oidc',
    OIDC_ISSUER: op.issuer,
    OIDC_CLIENT_ID: client.clientId,
    OIDC_CLIENT_SECRET: client.clientSecret,
    OIDC_CLIENT_AUTH: client.authMethod,
    APP_URL,
    SESSION_PASSWORD: 'interop-glewlwyd-session-password-0123456789',
    NETID_HTTP_TIMEOUT_MS: '3000',
    ...env,
  });
  const auth = createNetIdAuth({ ...options, log: (event, detail) => logs.push(`${event} ${JSON.stringify(detail)}`) });
  return { auth, logs };
}

/** RP login → Glewlwyd login page (password, consent) → RP callback, with one provider-side browser jar. */
async function signIn(b: RpBrowser, query = '', jar = new CookieJar()) {
  const authorize = await b.startLogin(query);
  const atProvider = await signInAtGlewlwyd(authorize, { jar });
  const callback = await b.deliver(atProvider.callback);
  return { authorize, callback, jar, passwordAsked: atProvider.passwordAsked, loginPages: atProvider.loginPages };
}

async function signedIn(client: IndependentClient = op.clients.post) {
  const { auth, logs } = rpFor(client);
  const b = new RpBrowser(auth, APP_URL);
  const result = await signIn(b);
  expect(result.callback.headers.get('location'), logs.join('\n')).toBe('/');
  return Object.assign(b, { logs, providerJar: result.jar });
}

const sessionOf = async (b: RpBrowser) => (await b.auth.getSession(requestCookies(b.jar.header())))!;

/** Counts requests to provider endpoints from now on (openid-client calls the global fetch). */
function requestCounter(): (endpoint: unknown) => number {
  const spy = vi.spyOn(globalThis, 'fetch');
  return (endpoint) => spy.mock.calls.filter(([input]) => String(input instanceof Request ? input.url : input).startsWith(String(endpoint))).length;
}

/** Counts requests to one provider endpoint from now on. */
function countRequests(endpoint: unknown): () => number {
  const count = requestCounter();
  return () => count(endpoint);
}

/** Moves the RP clock (not the provider's) to where the access token is due for renewal. */
function accessTokenDue() {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + DUE * 1000 });
}

/** A token-endpoint-style form POST as the post client. */
function postAsClient(endpoint: string, client: IndependentClient, params: Record<string, string>) {
  return fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, client_id: client.clientId, client_secret: client.clientSecret }),
    signal: AbortSignal.timeout(3000),
  });
}

const upstream = (b: RpBrowser) =>
  createUpstreamProxy(b.auth)(new Request(`${APP_URL}/api/upstream/me`, { headers: { cookie: b.jar.header(), 'x-csrf': '1' } }), 'me');

// Skipped only outside CI when the package is missing (`npm run test:unit` installs it first).
describe.skipIf(!glewlwydInstalled && !process.env.CI)('interop: Glewlwyd', () => {
  beforeAll(async () => {
    op = await startIndependentProvider({
      redirectUris: [`${APP_URL}/api/auth/callback`],
      postLogoutRedirectUris: [`${APP_URL}/`],
      accessTokenTtl: TTL,
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await op?.close();
  });

  describe('discovery', () => {
    it('serves OpenID metadata under its issuer, with PKCE S256, both client auth methods, revocation and end_session', () => {
      const d = op.discovery;
      expect(d.issuer).toBe(op.issuer);
      for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'revocation_endpoint', 'end_session_endpoint']) {
        expect(String(d[endpoint]), endpoint).toMatch(new RegExp(`^${op.issuer}/`));
      }
      expect(d.code_challenge_methods_supported).toEqual(['S256']);
      expect(d.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
      expect(d.id_token_signing_alg_values_supported).toContain('RS256');
      // Recorded quirks: refresh_token is listed as a response type, not as a grant type; revocation claims Basic only.
      expect(d.grant_types_supported).not.toContain('refresh_token');
      expect(d.response_types_supported).toContain('refresh_token');
      expect(d.revocation_endpoint_auth_methods_supported).toEqual(['client_secret_basic']);
    });

    it('the RP core discovers it and sends the browser to its authorization endpoint with PKCE S256, state and nonce', async () => {
      const b = new RpBrowser(rpFor(op.clients.post).auth, APP_URL);
      const authorize = await b.startLogin();
      expect(`${authorize.origin}${authorize.pathname}`).toBe(op.discovery.authorization_endpoint);
      const q = authorize.searchParams;
      expect(q.get('client_id')).toBe(op.clients.post.clientId);
      expect(q.get('response_type')).toBe('code');
      expect(q.get('scope')).toBe('openid profile email offline_access');
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('state')).toBeTruthy();
      expect(q.get('nonce')).toBeTruthy();
    });
  });

  describe('sign-in', () => {
    it('client_secret_post (id and secret with - _ .): signs in, verifies the RS256 ID token, reads userinfo, keeps the tokens server side', async () => {
      const requests = requestCounter();
      const b = await signedIn(op.clients.post);
      expect(requests(op.discovery.token_endpoint)).toBe(1);
      expect(requests(op.discovery.userinfo_endpoint)).toBe(1);
      const session = await sessionOf(b);
      expect(session.user).toMatchObject({ email: op.user.email, name: op.user.name });
      expect(session.user?.sub).toMatch(/^\S+$/);
      expect(session.tokens?.refreshToken).toBeTruthy();
      const idToken = decodeJwt(session.tokens!.idToken!);
      expect(idToken).toMatchObject({ iss: op.issuer, aud: op.clients.post.clientId, azp: op.clients.post.clientId, sub: session.user!.sub });
      // Glewlwyd puts auth_time 0 in the ID token from the token endpoint (it looks the session age
      // up from the token request, which carries no browser session). Recorded in docs/interop.md.
      expect(idToken.auth_time).toBe(0);
      expect(idToken.exp! - idToken.iat!).toBe(TTL);
      const { status, body } = await b.session();
      expect(status).toBe(200);
      expect(JSON.stringify(body)).not.toContain(session.tokens!.accessToken);
    });

    it('Glewlwyd enforces PKCE: a code redeemed without the verifier is refused', async () => {
      const b = new RpBrowser(rpFor(op.clients.post).auth, APP_URL);
      const authorize = await b.startLogin();
      const { callback } = await signInAtGlewlwyd(authorize);
      const code = callback.searchParams.get('code')!;
      const res = await postAsClient(String(op.discovery.token_endpoint), op.clients.post, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${APP_URL}/api/auth/callback`,
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    it('Glewlwyd takes HTTP Basic credentials with - _ . as they are, and refuses them percent-encoded', async () => {
      const { clientId, clientSecret } = op.clients.basic;
      const introspect = (user: string, password: string) =>
        fetch(String(op.discovery.introspection_endpoint), {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'token=not-a-token',
          signal: AbortSignal.timeout(3000),
        });
      const raw = await introspect(clientId, clientSecret);
      expect(raw.status).toBe(200);
      expect(await raw.json()).toEqual({ active: false });
      // What openid-client sends today: every - _ . as %2D %5F %2E (its form encoding escapes them).
      const escape = (s: string) => encodeURIComponent(s).replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      expect((await introspect(escape(clientId), escape(clientSecret))).status).toBe(401);
    });

    // Point (1): openid-client percent-encodes - _ . in the client id and secret before Base64;
    // Glewlwyd does not decode them and refused the client (403 unauthorized_client). The library
    // now encodes with the URL Standard's form serializer, which leaves them as they are.
    it('client_secret_basic (id and secret with - _ .): signs in', async () => {
      const b = await signedIn(op.clients.basic);
      expect((await sessionOf(b)).user?.email).toBe(op.user.email);
    });

    // Point (3): with max_age sent, auth_time must be present and not older than max_age.
    // Glewlwyd's ID token says auth_time 0 (1970), so a correct RP refuses the sign-in (the library
    // used not to check auth_time and signed the user in).
    it('with max_age, an ID token whose auth_time is older than max_age is refused', async () => {
      const { auth } = rpFor(op.clients.post);
      const b = new RpBrowser(auth, APP_URL);
      const { authorize, callback } = await signIn(b, '?max_age=300');
      expect(authorize.searchParams.get('max_age')).toBe('300');
      expect(callback.headers.get('location')).not.toBe('/');
      expect(errorCodeOf(callback)).toBe('id_token_invalid');
      expect((await b.session()).status).toBe(401);
    });

    it('Glewlwyd honours max_age: a provider session older than max_age must log in again', async () => {
      const { auth } = rpFor(op.clients.post);
      const b = new RpBrowser(auth, APP_URL);
      const first = await signIn(b);
      expect(first.passwordAsked).toBe(true);
      // The same provider session, no max_age: straight through, no password.
      const again = await signIn(b, '', first.jar);
      expect(again.passwordAsked).toBe(false);
      expect(again.loginPages[0]?.searchParams.has('refresh_login')).toBe(false);
      // Glewlwyd counts whole seconds: wait until the session is more than 1 s old.
      await new Promise((r) => setTimeout(r, 2100));
      const fresh = await signIn(b, '?max_age=1', first.jar);
      // Glewlwyd first sends every authorize request to its login page; after "continue" it checks
      // max_age and sends the browser back there with refresh_login=true.
      expect(fresh.loginPages.map((p) => p.searchParams.get('refresh_login'))).toContain('true');
      expect(fresh.passwordAsked).toBe(true);
      // Its ID token still says auth_time 0 after the fresh login, so the RP refuses it (see above).
      expect(errorCodeOf(fresh.callback)).toBe('id_token_invalid');
    });
  });

  describe('refresh', () => {
    it('renews when due: one refresh, rotated refresh token, new access token, no new ID token (Glewlwyd sends none)', async () => {
      const b = await signedIn();
      const before = (await sessionOf(b)).tokens!;
      const tokenRequests = countRequests(op.discovery.token_endpoint);
      accessTokenDue();
      const result = await b.auth.getAccessToken(requestCookies(b.jar.header()));
      expect(tokenRequests()).toBe(1);
      expect(result.accessToken).not.toBe(before.accessToken);
      const after = result.session.tokens!;
      expect(after.refreshToken).toBeTruthy();
      expect(after.refreshToken).not.toBe(before.refreshToken);
      // No ID token in the refresh response: the sign-in's stays, so do the user and its sub.
      expect(after.idToken).toBe(before.idToken);
      expect(result.session.user?.sub).toBe((await sessionOf(b)).user?.sub);
      // The old refresh token is spent (one-time use).
      const replay = await postAsClient(String(op.discovery.token_endpoint), op.clients.post, { grant_type: 'refresh_token', refresh_token: before.refreshToken! });
      expect(replay.status).toBe(400);
    });

    it('a burst of 20 concurrent getAccessToken calls of one due session makes one refresh', async () => {
      const b = await signedIn();
      const cookie = b.jar.header();
      const tokenRequests = countRequests(op.discovery.token_endpoint);
      accessTokenDue();
      const results = await Promise.all(Array.from({ length: 20 }, () => b.auth.getAccessToken(requestCookies(cookie))));
      expect(tokenRequests()).toBe(1);
      expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
    });

    it('through the upstream proxy: the due token is renewed once, sent upstream, and the rotated session written back', async () => {
      const seen: string[] = [];
      const api = createServer((req, res) => {
        seen.push(req.headers.authorization ?? '');
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
      try {
        const { auth } = rpFor(op.clients.post, { UPSTREAM_API_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}` });
        const b = new RpBrowser(auth, APP_URL);
        expect((await signIn(b)).callback.headers.get('location')).toBe('/');
        const before = (await sessionOf(b)).tokens!;
        const tokenRequests = countRequests(op.discovery.token_endpoint);
        accessTokenDue();
        const res = await upstream(b);
        expect(res.status).toBe(200);
        expect(tokenRequests()).toBe(1);
        const setCookie = res.headers.getSetCookie();
        expect(setCookie).toHaveLength(1);
        b.jar.storeLine(setCookie[0]!);
        const after = (await sessionOf(b)).tokens!;
        expect(after.accessToken).not.toBe(before.accessToken);
        expect(seen.at(-1)).toBe(`Bearer ${after.accessToken}`);
        // Glewlwyd's access token is a JWT (typ at+jwt) whose aud is the scope list.
        expect(decodeJwt(after.accessToken)).toMatchObject({ client_id: op.clients.post.clientId, aud: 'openid profile email offline_access' });
      } finally {
        await new Promise<void>((r) => api.close(() => r()));
      }
    });

    // Point (2): Glewlwyd answers a refused refresh (revoked, spent or unknown refresh token) with
    // HTTP 400 and an EMPTY body, not {"error":"invalid_grant"}. A refused refresh must end the
    // session (session_expired, cookie cleared); the library used to answer broker_invalid_response
    // and keep the session, retrying the dead refresh token on every request.
    it('a refresh token revoked at the provider ends the session: session_expired, cookie cleared', async () => {
      const b = await signedIn();
      const { refreshToken } = (await sessionOf(b)).tokens!;
      const revoked = await postAsClient(String(op.discovery.revocation_endpoint), op.clients.post, { token: refreshToken!, token_type_hint: 'refresh_token' });
      expect(revoked.status).toBe(200);
      accessTokenDue();
      const store = requestCookies(b.jar.header());
      expect(await rejectionCode(b.auth.getAccessToken(store))).toBe('session_expired');
      expect(store.setCookieHeaders().some((c) => /^netid_session[^=]*=;/.test(c) || /Max-Age=0/i.test(c))).toBe(true);
    });

    // Point (4), a refresh ID token about another sub/iss, cannot be shown here: Glewlwyd's refresh
    // response carries no ID token. The Duende-style provider's refreshFault covers it
    // (tests/integration/refresh.test.ts).

    it('records what Glewlwyd answers for a revoked refresh token: HTTP 400 with an empty body', async () => {
      const b = await signedIn();
      const { refreshToken } = (await sessionOf(b)).tokens!;
      await postAsClient(String(op.discovery.revocation_endpoint), op.clients.post, { token: refreshToken!, token_type_hint: 'refresh_token' });
      const res = await postAsClient(String(op.discovery.token_endpoint), op.clients.post, { grant_type: 'refresh_token', refresh_token: refreshToken! });
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('');
    });
  });

  describe('RP-initiated logout', () => {
    it('revokes the refresh token, sends the browser to end_session with id_token_hint; Glewlwyd confirms and comes back', async () => {
      const b = await signedIn();
      const tokens = (await sessionOf(b)).tokens!;
      const revocations = countRequests(op.discovery.revocation_endpoint);
      const res = await b.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: APP_URL } });
      expect(res.status).toBe(303);
      expect(revocations()).toBe(1);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(op.discovery.end_session_endpoint);
      expect(location.searchParams.get('id_token_hint')).toBe(tokens.idToken);
      expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${APP_URL}/`);
      expect((await b.session()).status).toBe(401);
      // The refresh token is dead at the provider.
      const refresh = await postAsClient(String(op.discovery.token_endpoint), op.clients.post, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken! });
      expect(refresh.status).toBe(400);

      // Glewlwyd shows its logout confirmation (its login page, prompt=end_session), then returns to the app.
      const ended = await endSessionAtGlewlwyd(location, b.providerJar);
      expect(ended.confirmationPage.searchParams.get('prompt')).toBe('end_session');
      expect(ended.landing?.href).toBe(`${APP_URL}/`);
      // The provider session is over: the next sign-in asks for the password again.
      const next = await signIn(b, '', b.providerJar);
      expect(next.passwordAsked).toBe(true);
      expect(next.callback.headers.get('location')).toBe('/');
    });
  });
});
