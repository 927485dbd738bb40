import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  startDuendeDevProvider,
  UPSTREAM_API_AUDIENCE,
  type DuendeDevClient,
  type DuendeDevProvider,
} from 'netid-rp-testing';
import { endSessionAtProvider, signInAtBroker } from '../helpers/broker-login';
import { authorizeRequest, postForm, refresh, signIn, type Json } from '../helpers/duende-client';

const APP = 'http://127.0.0.1:3999';
const BASIC: DuendeDevClient = {
  client_id: 'rp-basic',
  client_secret: 'basic:secret%with+odd chars',
  redirect_uris: [`${APP}/api/auth/callback`],
  post_logout_redirect_uris: [`${APP}/`],
};
const POST: DuendeDevClient = {
  client_id: 'rp-post',
  client_secret: 'post-secret-0123456789',
  redirect_uris: [`${APP}/api/auth/callback`],
  token_endpoint_auth_method: 'client_secret_post',
};

describe('embedded Duende-style dev provider', () => {
  let idp: DuendeDevProvider;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  const verifyIdToken = async (token: unknown, client = BASIC) =>
    (await jwtVerify(String(token), jwks, { issuer: idp.issuer, audience: client.client_id, algorithms: ['RS256'] })).payload;
  const verifyAccessToken = async (token: unknown) =>
    (await jwtVerify(String(token), jwks, { issuer: idp.issuer, audience: UPSTREAM_API_AUDIENCE, algorithms: ['RS256'], typ: 'at+jwt' }))
      .payload;
  const tokenUrl = () => `${idp.issuer}/connect/token`;

  beforeAll(async () => {
    idp = await startDuendeDevProvider({ clients: [BASIC, POST], quiet: true });
    jwks = createRemoteJWKSet(new URL(idp.jwksUri));
  });
  afterAll(async () => {
    await idp?.close();
  });

  it('publishes discovery with Duende paths, a slash-less issuer and the refresh grant', async () => {
    expect(idp.issuer).toBe(`http://127.0.0.1:${idp.port}`);
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Json;
    expect(discovery).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${idp.issuer}/connect/authorize`,
      token_endpoint: `${idp.issuer}/connect/token`,
      userinfo_endpoint: `${idp.issuer}/connect/userinfo`,
      revocation_endpoint: `${idp.issuer}/connect/revocation`,
      end_session_endpoint: `${idp.issuer}/connect/endsession`,
      jwks_uri: `${idp.issuer}/.well-known/openid-configuration/jwks`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    expect(idp.jwksUri).toBe(discovery.jwks_uri);
    expect(discovery.scopes_supported).toEqual(['openid', 'profile', 'email', 'offline_access', 'api']);
    const keys = ((await (await fetch(idp.jwksUri)).json()) as { keys: Json[] }).keys;
    expect(keys.map((k) => k.alg)).toEqual(['RS256', 'ES256']);
    for (const key of keys) expect(key).not.toHaveProperty('d');
  });

  it('sign-in yields an ID token, a JWT access token for the upstream API and a refresh token', async () => {
    const { started, status, json } = await signIn(idp, BASIC);
    expect(status).toBe(200);
    expect(json).toMatchObject({ token_type: 'Bearer', expires_in: 30, scope: 'openid profile email offline_access' });
    expect(typeof json.refresh_token).toBe('string');

    const id = await verifyIdToken(json.id_token);
    expect(id).toMatchObject({ sub: idp.users.max!.sub, nonce: started.nonce, email: 'max.mustermann@example.com', name: 'Max Mustermann' });

    const at = await verifyAccessToken(json.access_token);
    expect(at).toMatchObject({ sub: idp.users.max!.sub, client_id: BASIC.client_id, scope: 'openid profile email offline_access' });
    expect(at.exp! - at.iat!).toBe(30);
    expect(typeof at.jti).toBe('string');
  });

  it('adds the api scope to the access token when asked for, and no refresh token without offline_access', async () => {
    const withApi = await signIn(idp, BASIC, { scope: 'openid api offline_access' });
    expect(withApi.json.scope).toBe('openid offline_access api');
    expect((await verifyAccessToken(withApi.json.access_token)).scope).toBe('openid offline_access api');

    const online = await signIn(idp, BASIC, { scope: 'openid profile' });
    expect(online.status).toBe(200);
    expect(online.json).not.toHaveProperty('refresh_token');
    expect((await verifyAccessToken(online.json.access_token)).aud).toBe(UPSTREAM_API_AUDIENCE);

    // prompt=login keeps offline_access (consent is added for it)
    const relogin = await signIn(idp, BASIC, { prompt: 'login' });
    expect(typeof relogin.json.refresh_token).toBe('string');
  });

  it('refresh issues a new JWT for the API and rotates; replaying the old refresh token is invalid_grant', async () => {
    const { json } = await signIn(idp, BASIC);
    const first = await verifyAccessToken(json.access_token);
    idp.resetStats();
    const refreshed = await refresh(idp, BASIC, String(json.refresh_token));
    expect(refreshed.status).toBe(200);
    expect(idp.stats).toMatchObject({ token: 1, refresh: 1 });
    expect(refreshed.json.refresh_token).toEqual(expect.any(String));
    expect(refreshed.json.refresh_token).not.toBe(json.refresh_token);
    expect(refreshed.json.scope).toBe('openid profile email offline_access');
    const second = await verifyAccessToken(refreshed.json.access_token);
    expect(second.jti).not.toBe(first.jti);
    expect(second.sub).toBe(first.sub);
    expect(second.exp! - second.iat!).toBe(30);
    await verifyIdToken(refreshed.json.id_token);

    const again = await refresh(idp, BASIC, String(refreshed.json.refresh_token));
    expect(again.status).toBe(200);

    const replay = await refresh(idp, BASIC, String(json.refresh_token));
    expect(replay).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    // oidc-provider's reuse detection: the replay revoked the whole family
    expect((await refresh(idp, BASIC, String(again.json.refresh_token))).json.error).toBe('invalid_grant');
  });

  it('revocation makes the refresh token unusable', async () => {
    const { json } = await signIn(idp, BASIC);
    const revokeUrl = `${idp.issuer}/connect/revocation`;
    const params = { token: String(json.refresh_token), token_type_hint: 'refresh_token' };
    expect((await postForm(revokeUrl, BASIC, params, 'client_secret_post')).status).toBe(401);
    idp.resetStats();
    expect((await postForm(revokeUrl, BASIC, params)).status).toBe(200);
    expect(idp.stats.revocation).toBe(1);
    expect(await refresh(idp, BASIC, String(json.refresh_token))).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
  });

  it('revokeAllGrants ends the refresh tokens of one user (or all)', async () => {
    const max = await signIn(idp, BASIC, {}, 'max');
    const erika = await signIn(idp, BASIC, {}, 'erika');
    await idp.revokeAllGrants('max');
    expect((await refresh(idp, BASIC, String(max.json.refresh_token))).json.error).toBe('invalid_grant');
    const stillGood = await refresh(idp, BASIC, String(erika.json.refresh_token));
    expect(stillGood.status).toBe(200);
    await idp.revokeAllGrants();
    expect((await refresh(idp, BASIC, String(stillGood.json.refresh_token))).json.error).toBe('invalid_grant');
    await expect(idp.revokeAllGrants('nobody')).rejects.toThrow(/unknown test user/);
  });

  it('end session with id_token_hint auto-confirms and redirects to the registered post_logout_redirect_uri', async () => {
    const { json, jar } = await signIn(idp, BASIC);
    // the provider session exists: a request without offline_access completes silently
    const silentStart = authorizeRequest(idp, BASIC, { scope: 'openid' });
    const silent = await signInAtBroker(silentStart.url, { jar, user: 'erika' });
    const silentTokens = await postForm(tokenUrl(), BASIC, {
      grant_type: 'authorization_code',
      code: silent.searchParams.get('code')!,
      redirect_uri: BASIC.redirect_uris[0]!,
      code_verifier: silentStart.verifier,
    });
    expect((await verifyIdToken(silentTokens.json.id_token)).sub).toBe(idp.users.max!.sub);

    const endSession = new URL(`${idp.issuer}/connect/endsession`);
    endSession.searchParams.set('id_token_hint', String(json.id_token));
    endSession.searchParams.set('post_logout_redirect_uri', `${APP}/`);
    endSession.searchParams.set('state', 'bye');
    const page = await fetch(endSession, { headers: { cookie: jar.header() } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="duende-logout-confirm"');
    expect(html).toMatch(/<script>[^<]*duende-logout-confirm[^<]*\.click\(\);<\/script>/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);

    idp.resetStats();
    const back = await endSessionAtProvider(endSession.href, { jar });
    expect(idp.stats.endSession).toBe(1);
    expect(back.origin + back.pathname).toBe(`${APP}/`);
    expect(back.searchParams.get('state')).toBe('bye');
    // signed out of the provider: the sign-in page is shown again
    const first = await fetch(authorizeRequest(idp, BASIC, { scope: 'openid' }).url, { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(first.headers.get('location')).toMatch(/^\/interaction\//);
    // ...but, as at Duende, an offline_access grant outlives the provider session: the RP must revoke
    const survivor = await refresh(idp, BASIC, String(json.refresh_token));
    expect(survivor.status).toBe(200);
  });

  it('end session without a hint waits for a click; an unregistered post_logout_redirect_uri is refused', async () => {
    const { jar } = await signIn(idp, BASIC);
    const page = await fetch(`${idp.issuer}/connect/endsession?client_id=${BASIC.client_id}`, { headers: { cookie: jar.header() } });
    const html = await page.text();
    expect(html).toContain('data-testid="duende-logout-confirm"');
    expect(html).not.toContain('<script>');
    const landed = await endSessionAtProvider(`${idp.issuer}/connect/endsession`, { jar });
    expect(landed.origin).toBe(idp.issuer);
    expect(await (await fetch(landed)).text()).toContain('data-testid="duende-logged-out"');

    const bad = `${idp.issuer}/connect/endsession?client_id=${BASIC.client_id}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`;
    await expect(endSessionAtProvider(bad)).rejects.toThrow(/HTTP 400/);
  });

  it('enforces the registered client authentication method (basic and post)', async () => {
    for (const [client, wrong] of [
      [BASIC, 'client_secret_post'],
      [POST, 'client_secret_basic'],
    ] as const) {
      const started = authorizeRequest(idp, client);
      const code = (await signInAtBroker(started.url)).searchParams.get('code')!;
      const params = { grant_type: 'authorization_code', code, redirect_uri: client.redirect_uris[0]!, code_verifier: started.verifier };
      expect(await postForm(tokenUrl(), client, params, wrong)).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
      const right = await postForm(tokenUrl(), client, params);
      expect(right.status).toBe(200);
      await verifyIdToken(right.json.id_token, client);
      expect(typeof right.json.refresh_token).toBe('string');
      const refreshed = await refresh(idp, client, String(right.json.refresh_token));
      expect(refreshed.status).toBe(200);
    }
  });

  it('serves userinfo for its access tokens, released by scope', async () => {
    const { json } = await signIn(idp, BASIC, { scope: 'openid email' });
    const ok = await fetch(`${idp.issuer}/connect/userinfo`, { headers: { authorization: `Bearer ${String(json.access_token)}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sub: idp.users.max!.sub, email: 'max.mustermann@example.com', email_verified: true });
    const none = await fetch(`${idp.issuer}/connect/userinfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 31_000);
      const expired = await fetch(`${idp.issuer}/connect/userinfo`, { headers: { authorization: `Bearer ${String(json.access_token)}` } });
      expect(expired.status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the shared sign-in page with its test ids and the Duende title', async () => {
    const first = await fetch(authorizeRequest(idp, BASIC).url, { redirect: 'manual' });
    const cookie = first.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const html = await (await fetch(new URL(first.headers.get('location')!, idp.issuer), { headers: { cookie } })).text();
    expect(html).toContain('<title>Duende-style dev provider</title>');
    for (const id of ['broker-continue', 'broker-cancel']) expect(html).toContain(`data-testid="${id}"`);
    expect(html).toMatch(/<select name="user"/);
    const denied = await signInAtBroker(authorizeRequest(idp, BASIC).url, { action: 'cancel' });
    expect(denied.searchParams.get('error')).toBe('access_denied');
  });

  it('delays the token endpoint on request', async () => {
    idp.delays.token = 300;
    try {
      const t0 = Date.now();
      expect((await refresh(idp, BASIC, 'nope')).json.error).toBe('invalid_grant');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    } finally {
      idp.delays = {};
    }
  });
});

describe('Duende-style dev provider options', () => {
  it('applies accessTokenTtl to JWTs from code and refresh grants, and refreshTokenTtl absolutely', async () => {
    const idp = await startDuendeDevProvider({ clients: [BASIC], quiet: true, accessTokenTtl: 7, refreshTokenTtl: 60 });
    try {
      const { json } = await signIn(idp, BASIC);
      expect(json.expires_in).toBe(7);
      const at = decodeJwt(String(json.access_token));
      expect(at.exp! - at.iat!).toBe(7);
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 40_000);
        const refreshed = await refresh(idp, BASIC, String(json.refresh_token));
        expect(refreshed.status).toBe(200);
        const next = decodeJwt(String(refreshed.json.access_token));
        expect(next.exp! - next.iat!).toBe(7);
        vi.setSystemTime(Date.now() + 25_000); // 65 s after sign-in: past the family's 60 s
        expect((await refresh(idp, BASIC, String(refreshed.json.refresh_token))).json.error).toBe('invalid_grant');
      } finally {
        vi.useRealTimers();
      }
    } finally {
      await idp.close();
    }
  });

  it('per client: no refresh token (issue_refresh_token: false), no ID token (issue_id_token: false); plain OAuth without openid', async () => {
    const noRefresh: DuendeDevClient = { ...BASIC, client_id: 'rp-no-refresh', issue_refresh_token: false };
    const noIdToken: DuendeDevClient = { ...BASIC, client_id: 'rp-no-id-token', issue_id_token: false };
    const idp = await startDuendeDevProvider({ clients: [BASIC, noRefresh, noIdToken], quiet: true });
    try {
      const a = await signIn(idp, noRefresh);
      expect(a.status).toBe(200);
      expect(a.json).not.toHaveProperty('refresh_token');
      expect(typeof a.json.id_token).toBe('string');
      expect(a.json.scope).toBe('openid profile email');
      // The client is not registered for the refresh grant at all (oidc-provider says invalid_request).
      const other = await signIn(idp, BASIC);
      expect(await refresh(idp, noRefresh, String(other.json.refresh_token))).toMatchObject({
        status: 400,
        json: { error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' },
      });

      idp.resetStats();
      const b = await signIn(idp, noIdToken);
      expect(b.status).toBe(200);
      expect(b.json).not.toHaveProperty('id_token');
      expect(typeof b.json.refresh_token).toBe('string');
      const refreshed = await refresh(idp, noIdToken, String(b.json.refresh_token));
      expect(refreshed.status).toBe(200);
      expect(refreshed.json).not.toHaveProperty('id_token');
      expect(idp.stats).toMatchObject({ token: 2, refresh: 1 });
      // The default client still gets its ID token.
      expect(typeof (await signIn(idp, BASIC)).json.id_token).toBe('string');

      // Plain OAuth 2.0: no openid (and so no nonce), still an access token for the API and a refresh token.
      const plain = await signIn(idp, BASIC, { scope: 'api offline_access', nonce: undefined });
      expect(plain.status).toBe(200);
      expect(plain.json).not.toHaveProperty('id_token');
      expect(typeof plain.json.refresh_token).toBe('string');
      expect(decodeJwt(String(plain.json.access_token))).toMatchObject({ aud: UPSTREAM_API_AUDIENCE, scope: 'offline_access api' });
    } finally {
      await idp.close();
    }
  });
});
