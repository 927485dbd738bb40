/**
 * The `screening-eagle` profile end to end against the embedded Duende-style provider, with
 * clients configured the way Screening Eagle ID documents its token response: authorization code
 * with `client_secret_basic`, access token always, ID token and refresh token only "if supported".
 * Real HTTP on loopback; the RP runs in-process.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJwt } from 'jose';
import { ConfigError, createNetIdAuth, optionsFromEnv, requestCookies, type NetIdAuthOptions } from '@/lib/auth';
import { resolveOptions } from '@/lib/auth/options';
import { createUpstreamProxy } from '@/lib/bff';
import { DEV_OIDC_CLIENT, startEmbeddedOidcStack, type EmbeddedOidcStack, type ExtraOidcClient } from 'netid-rp-testing';
import { RpBrowser } from '../helpers/rp-browser';
import { rp } from '../helpers/embedded-broker';

const APP_URL = 'http://127.0.0.1:3995';
const TTL = 30;
/** Gets access tokens only: no refresh token even when `offline_access` is asked for. */
const NO_REFRESH: ExtraOidcClient = { client_id: 'se-no-refresh', client_secret: 'se-no-refresh-secret-0123456789', issue_refresh_token: false };
/** Asks for `openid` but gets no ID token (Screening Eagle: "if applicable"). */
const NO_ID_TOKEN: ExtraOidcClient = { client_id: 'se-no-id-token', client_secret: 'se-no-id-token-secret-0123456789', issue_id_token: false };

let stack: EmbeddedOidcStack;

beforeAll(async () => {
  stack = await startEmbeddedOidcStack({ appUrl: APP_URL, accessTokenTtl: TTL, extraClients: [NO_REFRESH, NO_ID_TOKEN] });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await stack?.close();
});

/** The Screening Eagle profile from the environment, as an app would configure it. */
function seEnv(env: Record<string, string> = {}): Record<string, string> {
  return {
    ...stack.env,
    AUTH_PROVIDER: 'screening-eagle',
    SESSION_PASSWORD: 'screening-eagle-session-password-0123456789',
    NETID_HTTP_TIMEOUT_MS: '3000',
    ...env,
  };
}

function seOptions(env: Record<string, string> = {}): NetIdAuthOptions {
  return optionsFromEnv(seEnv(env));
}

function clientEnv(client: ExtraOidcClient): Record<string, string> {
  return { OIDC_CLIENT_ID: client.client_id, OIDC_CLIENT_SECRET: client.client_secret };
}

async function signedIn(env: Record<string, string> = {}) {
  const { auth, logs } = rp(seOptions(env));
  expect(auth.config().profile.id).toBe('screening-eagle');
  const b = new RpBrowser(auth, APP_URL);
  const res = await b.signIn();
  expect(res.headers.get('location')).toBe('/');
  return Object.assign(b, { logs });
}

const sessionOf = async (b: RpBrowser) => (await b.auth.getSession(requestCookies(b.jar.header())))!;

/** Moves the clock past the access token's lifetime (the in-process provider shares it). */
function expireAccessToken() {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (TTL + 5) * 1000 });
}

const upstream = (b: RpBrowser, path = 'me') =>
  createUpstreamProxy(b.auth)(new Request(`${APP_URL}/api/upstream/${path}`, { headers: { cookie: b.jar.header(), 'x-csrf': '1' } }), path);

/** Expires the access token, calls the proxy once, and expects exactly one refresh with a rotated refresh token that reaches the API. */
async function expectOneRefresh(b: RpBrowser) {
  const before = (await sessionOf(b)).tokens!;
  expect(before.refreshToken).toBeTruthy();
  stack.provider.resetStats();
  expireAccessToken();
  const res = await upstream(b);
  expect(res.status).toBe(200);
  expect(stack.provider.stats.refresh).toBe(1);
  expect(stack.provider.stats.token).toBe(1);
  const setCookie = res.headers.getSetCookie();
  expect(setCookie).toHaveLength(1);
  b.jar.storeLine(setCookie[0]!);
  const after = (await sessionOf(b)).tokens!;
  expect(after.refreshToken).toBeTruthy();
  expect(after.refreshToken).not.toBe(before.refreshToken);
  expect(after.accessToken).not.toBe(before.accessToken);
  expect(after.expiresAt).toBeGreaterThan(Math.floor(Date.now() / 1000));
  const seen = stack.upstream.requests.at(-1)!;
  expect(seen.status).toBe(200);
  expect(seen.tokenJti).toBe(decodeJwt(after.accessToken).jti);
  // The renewed session serves the next request without another refresh.
  expect((await upstream(b)).status).toBe(200);
  expect(stack.provider.stats.refresh).toBe(1);
  return { before, after };
}

describe('screening-eagle profile: configuration', () => {
  it('defaults to client_secret_basic and the scopes openid email profile offline_access', () => {
    const config = resolveOptions(seOptions());
    expect(config.profile.id).toBe('screening-eagle');
    expect(config.clientAuth).toBe('client_secret_basic');
    expect(config.scopes).toEqual(['openid', 'email', 'profile', 'offline_access']);
  });

  it('refuses client_secret_post, naming OIDC_CLIENT_AUTH (env) or clientAuth (code)', () => {
    let fromEnv: unknown;
    try {
      resolveOptions(seOptions({ OIDC_CLIENT_AUTH: 'client_secret_post' }));
    } catch (err) {
      fromEnv = err;
    }
    expect(fromEnv).toBeInstanceOf(ConfigError);
    expect((fromEnv as ConfigError).issues.map((i) => i.variable)).toEqual(['OIDC_CLIENT_AUTH']);

    const inCode = createNetIdAuth({
      profile: 'screening-eagle',
      issuer: stack.provider.issuer,
      clientId: DEV_OIDC_CLIENT.clientId,
      clientSecret: DEV_OIDC_CLIENT.clientSecret,
      clientAuth: 'client_secret_post',
      appUrl: APP_URL,
      production: false,
      log: () => {},
    });
    let fromCode: unknown;
    try {
      inCode.config();
    } catch (err) {
      fromCode = err;
    }
    expect(fromCode).toBeInstanceOf(ConfigError);
    expect((fromCode as ConfigError).issues).toEqual([{ variable: 'clientAuth', message: expect.stringContaining('client_secret_basic') }]);
    expect(String((fromCode as Error).message)).toContain('clientAuth');
  });
});

describe('screening-eagle profile: sign-in with an ID token and a refresh token', () => {
  it('sends PKCE S256 and state but no nonce (the ID token is optional)', async () => {
    const { auth } = rp(seOptions());
    const b = new RpBrowser(auth, APP_URL);
    const authorize = await b.startLogin();
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${stack.provider.issuer}/connect/authorize`);
    const q = authorize.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('scope')).toBe('openid email profile offline_access');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(q.has('nonce')).toBe(false);
    expect(q.has('claims')).toBe(false);
  });

  it('verifies the ID token, keeps the tokens server side, and refreshes once when due', async () => {
    stack.provider.resetStats();
    const b = await signedIn();
    // Code exchange with client_secret_basic (the provider refuses any other method for this client), then userinfo.
    expect(stack.provider.stats.token).toBe(1);
    expect(stack.provider.stats.userinfo).toBe(1);
    const session = await sessionOf(b);
    expect(session.user).toMatchObject({ sub: stack.provider.users.max!.sub, email: 'max.mustermann@example.com' });
    expect(session.tokens?.refreshToken).toBeTruthy();
    expect(session.tokens?.idToken).toBeTruthy();
    // Signed without a nonce: the provider put none in the ID token.
    expect(decodeJwt(session.tokens!.idToken!)).not.toHaveProperty('nonce');
    const { status, body } = await b.session();
    expect(status).toBe(200);
    expect(body).toMatchObject({ user: { sub: stack.provider.users.max!.sub } });
    expect(JSON.stringify(body)).not.toContain(session.tokens!.accessToken);
    expect(JSON.stringify(body)).not.toContain(session.tokens!.refreshToken!);

    const { after } = await expectOneRefresh(b);
    // The refresh does not lose the identity.
    expect((await sessionOf(b)).user?.sub).toBe(stack.provider.users.max!.sub);
    expect(after.idToken).toBeTruthy();
  });

  it('logout revokes the refresh token and ends the session at the provider', async () => {
    const b = await signedIn();
    const tokens = (await sessionOf(b)).tokens!;
    stack.provider.resetStats();
    const res = await b.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: APP_URL } });
    expect(res.status).toBe(303);
    expect(stack.provider.stats.revocation).toBe(1);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${stack.provider.issuer}/connect/endsession`);
    expect(location.searchParams.get('id_token_hint')).toBe(tokens.idToken);
    expect((await b.session()).status).toBe(401);
  });
});

describe('screening-eagle profile: sign-in without an ID token', () => {
  it('plain OAuth (scope api offline_access): no user, tokens kept, /session answers 200 with user null, refresh works', async () => {
    stack.provider.resetStats();
    const b = await signedIn({ OIDC_SCOPES: 'api offline_access' });
    expect(stack.provider.stats.token).toBe(1);
    // No identity to ask userinfo about.
    expect(stack.provider.stats.userinfo).toBe(0);
    const session = await sessionOf(b);
    expect(session.user).toBeNull();
    expect(session.tokens?.accessToken).toBeTruthy();
    expect(session.tokens?.refreshToken).toBeTruthy();
    expect(session.tokens?.idToken).toBeUndefined();
    expect(decodeJwt(session.tokens!.accessToken).scope).toBe('offline_access api');
    const { status, body } = await b.session();
    expect(status).toBe(200);
    expect(body).toEqual({ user: null, permissionToken: null, flow: 'login' });

    const { after } = await expectOneRefresh(b);
    expect(after.idToken).toBeUndefined();
    expect((await sessionOf(b)).user).toBeNull();
  });

  it('asks for openid but the provider sends no ID token: signed in with user null, refresh works', async () => {
    stack.provider.resetStats();
    const b = await signedIn(clientEnv(NO_ID_TOKEN));
    expect(stack.provider.stats.token).toBe(1);
    expect(stack.provider.stats.userinfo).toBe(0);
    const session = await sessionOf(b);
    expect(session.user).toBeNull();
    expect(session.tokens?.idToken).toBeUndefined();
    expect(session.tokens?.refreshToken).toBeTruthy();
    const { status, body } = await b.session();
    expect(status).toBe(200);
    expect(body).toMatchObject({ user: null });
    await expectOneRefresh(b);
  });

  it('logout without an ID token still revokes and ends at the provider, without id_token_hint', async () => {
    const b = await signedIn({ OIDC_SCOPES: 'api offline_access' });
    stack.provider.resetStats();
    const res = await b.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: APP_URL } });
    expect(res.status).toBe(303);
    expect(stack.provider.stats.revocation).toBe(1);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${stack.provider.issuer}/connect/endsession`);
    expect(location.searchParams.has('id_token_hint')).toBe(false);
    expect(location.searchParams.get('client_id')).toBe(DEV_OIDC_CLIENT.clientId);
  });
});

describe('screening-eagle profile: a client without refresh tokens', () => {
  it('signs in with the access token only; when it is due the proxy answers 401 access_token_expired without a refresh', async () => {
    stack.provider.resetStats();
    const b = await signedIn(clientEnv(NO_REFRESH));
    const session = await sessionOf(b);
    expect(session.user?.sub).toBe(stack.provider.users.max!.sub);
    expect(session.tokens?.accessToken).toBeTruthy();
    expect(session.tokens?.refreshToken).toBeUndefined();
    // The access token works while it is fresh.
    expect((await upstream(b)).status).toBe(200);

    stack.provider.resetStats();
    const seenBefore = stack.upstream.requests.length;
    expireAccessToken();
    const res = await upstream(b);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'access_token_expired' });
    expect(stack.provider.stats.token).toBe(0);
    expect(stack.provider.stats.refresh).toBe(0);
    // Nothing went upstream with the expired token, and the session stays (signing in again renews it).
    expect(stack.upstream.requests.length).toBe(seenBefore);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await b.session()).status).toBe(200);
  });
});
