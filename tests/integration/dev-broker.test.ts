import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  PERMISSION_CENTER_AUDIENCE,
  startDevBroker,
  type DevBroker,
  type DevBrokerClient,
} from 'netid-rp-testing';
import { b64, pkceAuthorizeRequest, type StartedAuthorization } from '../helpers/authorize-request';
import { BrokerCookieJar, signInAtBroker } from '../helpers/broker-login';

const REDIRECT_URI = 'http://127.0.0.1:3999/api/auth/callback';
const client = (id: string, extra: Partial<DevBrokerClient> = {}): DevBrokerClient => ({
  client_id: id,
  client_secret: `${id}-secret-0123456789abcdef`,
  redirect_uris: [REDIRECT_URI],
  ...extra,
});
const BASIC = client('rp-basic');
const POST = client('rp-post', { token_endpoint_auth_method: 'client_secret_post' });
const ES256 = client('rp-es256', { id_token_signed_response_alg: 'ES256' });
const NONE = client('rp-none', { id_token_signed_response_alg: 'none' });

type Json = Record<string, unknown>;

/** Build an authorize URL with fresh PKCE (S256), state and nonce; `params` override or drop (undefined). */
function authorizeRequest(broker: DevBroker, rp: DevBrokerClient, params: Record<string, string | undefined> = {}): StartedAuthorization {
  const base = { client_id: rp.client_id, redirect_uri: REDIRECT_URI, scope: 'openid permission_management' };
  return pkceAuthorizeRequest(new URL('authorize', broker.issuer).href, base, params);
}

async function postToken(
  broker: DevBroker,
  rp: DevBrokerClient,
  params: Record<string, string>,
  auth = rp.token_endpoint_auth_method ?? 'client_secret_basic',
): Promise<{ status: number; json: Json }> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', redirect_uri: REDIRECT_URI, ...params });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth === 'client_secret_basic') {
    const pair = `${encodeURIComponent(rp.client_id)}:${encodeURIComponent(rp.client_secret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else {
    body.set('client_id', rp.client_id);
    body.set('client_secret', rp.client_secret);
  }
  const response = await fetch(new URL('token', broker.issuer), { method: 'POST', headers, body });
  return { status: response.status, json: (await response.json()) as Json };
}

/** Authorize (signing in as `user`), then redeem the code. */
async function runFlow(
  broker: DevBroker,
  rp: DevBrokerClient,
  params: Record<string, string | undefined> = {},
  user = 'max',
): Promise<{ started: StartedAuthorization; callback: URL; status: number; json: Json }> {
  const started = authorizeRequest(broker, rp, params);
  const callback = await signInAtBroker(started.url, { user });
  expect(callback.searchParams.get('error')).toBeNull();
  expect(callback.searchParams.get('state')).toBe(started.state);
  const code = callback.searchParams.get('code');
  expect(code).toBeTruthy();
  const { status, json } = await postToken(broker, rp, { code: code!, code_verifier: started.verifier });
  return { started, callback, status, json };
}

async function userinfo(broker: DevBroker, accessToken: string): Promise<{ status: number; json: Json }> {
  const response = await fetch(new URL('userinfo', broker.issuer), { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: response.status, json: response.status === 200 ? ((await response.json()) as Json) : {} };
}

describe('embedded netID dev broker', () => {
  let broker: DevBroker;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  const verifyIdToken = async (token: unknown, rp: DevBrokerClient, alg = 'RS256') =>
    (await jwtVerify(String(token), jwks, { issuer: broker.issuer, audience: rp.client_id, algorithms: [alg] })).payload;

  const verifyPermissionToken = async (token: unknown): Promise<JWTPayload> => {
    const { payload, protectedHeader } = await jwtVerify(String(token), jwks, {
      issuer: broker.issuer,
      audience: PERMISSION_CENTER_AUDIENCE,
      algorithms: ['RS256'],
      typ: 'at+jwt',
    });
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload.scope).toBe('permission_management');
    expect(payload.sub).toBe(broker.users.max!.sub);
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(500);
    return payload;
  };

  beforeAll(async () => {
    broker = await startDevBroker({ clients: [BASIC, POST, ES256, NONE], quiet: true });
    jwks = createRemoteJWKSet(new URL(broker.jwksUri));
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('publishes discovery with a trailing-slash issuer and clean endpoint URLs', async () => {
    expect(broker.issuer).toBe(`http://127.0.0.1:${broker.port}/`);
    const discovery = (await (await fetch(new URL('.well-known/openid-configuration', broker.issuer))).json()) as Json;
    expect(discovery.issuer).toBe(broker.issuer);
    expect(discovery.authorization_endpoint).toBe(`${broker.issuer}authorize`);
    expect(discovery.token_endpoint).toBe(`${broker.issuer}token`);
    expect(discovery.userinfo_endpoint).toBe(`${broker.issuer}userinfo`);
    expect(discovery.jwks_uri).toBe(`${broker.issuer}.well-known/jwks.json`);
    expect(broker.jwksUri).toBe(discovery.jwks_uri);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri']) {
      expect(new URL(String(discovery[key])).pathname).not.toContain('//');
    }
    expect(discovery.response_types_supported).toEqual(['code']);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.grant_types_supported).toEqual(['authorization_code']);
    expect(discovery.scopes_supported).toEqual(['openid', 'permission_management', 'profile', 'email', 'address']);
    expect(discovery.claims_parameter_supported).toBe(true);
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post']);
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256', 'none']);
    expect(discovery).not.toHaveProperty('end_session_endpoint');

    const keys = ((await (await fetch(broker.jwksUri)).json()) as { keys: Json[] }).keys;
    expect(keys.map((k) => [k.kty, k.alg, k.use])).toEqual([
      ['RSA', 'RS256', 'sig'],
      ['EC', 'ES256', 'sig'],
    ]);
    for (const key of keys) {
      expect(key.kid).toBeTruthy();
      expect(key).not.toHaveProperty('d');
    }
  });

  it('SSO flow (openid permission_management): the ID token carries the Permission Center token', async () => {
    const { started, status, json } = await runFlow(broker, BASIC);
    expect(status).toBe(200);
    expect(json).not.toHaveProperty('refresh_token');
    expect(json.expires_in).toBe(899);
    const claims = await verifyIdToken(json.id_token, BASIC);
    expect(claims.sub).toBe(broker.users.max!.sub);
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(claims.nonce).toBe(started.nonce);
    expect(typeof claims.auth_time).toBe('number');
    expect(claims.exp! - claims.iat!).toBe(900);
    const pm = claims.permission_management as Json;
    expect(pm).toMatchObject({ token_type: 'bearer', expires_in: 500 });
    const pt = await verifyPermissionToken(pm.access_token);
    expect(pt.client_id).toBe(BASIC.client_id);
    // the top-level access token stays the userinfo token
    expect(json.access_token).not.toBe(pm.access_token);
    const info = await userinfo(broker, String(json.access_token));
    expect(info.status).toBe(200);
    expect(info.json.sub).toBe(claims.sub);
    expect(info.json).not.toHaveProperty('permission_management');
  });

  it('standalone flow (permission_management only): no ID token, the access token is the Permission Center token', async () => {
    const { status, json } = await runFlow(broker, BASIC, { scope: 'permission_management', nonce: undefined });
    expect(status).toBe(200);
    expect(json).not.toHaveProperty('id_token');
    expect(json).not.toHaveProperty('refresh_token');
    expect(json).toMatchObject({ token_type: 'Bearer', expires_in: 500, scope: 'permission_management' });
    const pt = await verifyPermissionToken(json.access_token);
    expect(pt.client_id).toBe(BASIC.client_id);
    expect((await userinfo(broker, String(json.access_token))).status).toBe(401);
  });

  it('login flow (openid profile email address): claims in the ID token, no permission_management', async () => {
    const { started, status, json } = await runFlow(broker, BASIC, { scope: 'openid profile email address' });
    expect(status).toBe(200);
    const claims = await verifyIdToken(json.id_token, BASIC);
    expect(claims).not.toHaveProperty('permission_management');
    expect(claims.nonce).toBe(started.nonce);
    expect(claims).toMatchObject({
      given_name: 'Max',
      family_name: 'Mustermann',
      email: 'max.mustermann@example.com',
      email_verified: true,
      gender: 'male',
      birthdate: '1980-01-01',
    });
    expect((claims.address as Json).country).toBe('DE');
    expect(claims).not.toHaveProperty('shipping_address');
    const info = await userinfo(broker, String(json.access_token));
    expect(info.json).toMatchObject({ sub: claims.sub, email: 'max.mustermann@example.com' });
  });

  it('signs in other test users with their own stable sub and claims', async () => {
    const { json } = await runFlow(broker, BASIC, { scope: 'openid profile email address' }, 'erika');
    const claims = await verifyIdToken(json.id_token, BASIC);
    expect(claims.sub).toBe(broker.users.erika!.sub);
    expect(claims.sub).not.toBe(broker.users.max!.sub);
    expect(claims).toMatchObject({ given_name: 'Erika', email: 'erika.mustermann@example.com' });
    expect(claims).not.toHaveProperty('address');
  });

  it('accepts prompt=login, prompt=consent, max_age and login_hint', async () => {
    for (const params of [{ prompt: 'login', max_age: '0' }, { prompt: 'consent', login_hint: 'max.mustermann@example.com' }]) {
      const { status, json } = await runFlow(broker, BASIC, { scope: 'openid', ...params });
      expect(status).toBe(200);
      expect(typeof (await verifyIdToken(json.id_token, BASIC)).auth_time).toBe('number');
    }
  });

  it('keeps an SSO session per browser: a re-run authorize is silent, prompt=login shows the page again', async () => {
    const jar = new BrokerCookieJar();
    const subOf = async (params: Record<string, string>, user: string) => {
      const started = authorizeRequest(broker, BASIC, params);
      const callback = await signInAtBroker(started.url, { jar, user });
      const code = callback.searchParams.get('code')!;
      const { json } = await postToken(broker, BASIC, { code, code_verifier: started.verifier });
      return (await verifyIdToken(json.id_token, BASIC)).sub;
    };
    expect(await subOf({}, 'max')).toBe(broker.users.max!.sub);
    // silent: the page is not shown, so the requested user is not even asked for
    expect(await subOf({}, 'erika')).toBe(broker.users.max!.sub);
    expect(await subOf({ prompt: 'login' }, 'erika')).toBe(broker.users.erika!.sub);
    expect(await subOf({}, 'max')).toBe(broker.users.erika!.sub);
    expect(await subOf({ max_age: '0' }, 'max')).toBe(broker.users.max!.sub);
  });

  it('renders an escaped error page when the redirect_uri is not registered', async () => {
    const started = authorizeRequest(broker, BASIC, { redirect_uri: 'http://127.0.0.1:3999/<script>x</script>' });
    await expect(signInAtBroker(started.url)).rejects.toThrow(/HTTP 400/);
    const page = await fetch(started.url);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('<title>netID dev broker</title>');
    expect(html).toContain('invalid_redirect_uri');
    expect(html).not.toContain('<script>');
  });

  it('enforces the registered client authentication method', async () => {
    const started = authorizeRequest(broker, POST, { scope: 'openid' });
    const code = (await signInAtBroker(started.url)).searchParams.get('code')!;
    const viaBasic = await postToken(broker, POST, { code, code_verifier: started.verifier }, 'client_secret_basic');
    expect(viaBasic.status).toBe(401);
    expect(viaBasic.json.error).toBe('invalid_client');
    const viaPost = await postToken(broker, POST, { code, code_verifier: started.verifier }, 'client_secret_post');
    expect(viaPost.status).toBe(200);
    await verifyIdToken(viaPost.json.id_token, POST);

    const basicStarted = authorizeRequest(broker, BASIC, { scope: 'openid' });
    const basicCode = (await signInAtBroker(basicStarted.url)).searchParams.get('code')!;
    const basicViaPost = await postToken(broker, BASIC, { code: basicCode, code_verifier: basicStarted.verifier }, 'client_secret_post');
    expect(basicViaPost).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
    // the refused attempt did not burn the code
    const basicViaBasic = await postToken(broker, BASIC, { code: basicCode, code_verifier: basicStarted.verifier });
    expect(basicViaBasic.status).toBe(200);
  });

  it('signs the ID token with ES256 for an ES256 client', async () => {
    const { json } = await runFlow(broker, ES256);
    expect(decodeProtectedHeader(String(json.id_token)).alg).toBe('ES256');
    const claims = await verifyIdToken(json.id_token, ES256, 'ES256');
    await verifyPermissionToken((claims.permission_management as Json).access_token);
  });

  it('returns an unsecured ID token (alg none) for a client registered with none', async () => {
    const { started, json } = await runFlow(broker, NONE);
    const idToken = String(json.id_token);
    expect(idToken.endsWith('.')).toBe(true);
    expect(decodeProtectedHeader(idToken)).toEqual({ alg: 'none' });
    const claims = decodeJwt(idToken);
    expect(claims).toMatchObject({ iss: broker.issuer, aud: NONE.client_id, nonce: started.nonce });
    await verifyPermissionToken((claims.permission_management as Json).access_token);
  });

  it('codes are single use: a replay is invalid_grant', async () => {
    const started = authorizeRequest(broker, BASIC);
    const code = (await signInAtBroker(started.url)).searchParams.get('code')!;
    expect((await postToken(broker, BASIC, { code, code_verifier: started.verifier })).status).toBe(200);
    const replay = await postToken(broker, BASIC, { code, code_verifier: started.verifier });
    expect(replay.status).toBe(400);
    expect(replay.json.error).toBe('invalid_grant');
  });

  it('codes live 30 s', async () => {
    const early = authorizeRequest(broker, BASIC);
    const earlyCode = (await signInAtBroker(early.url)).searchParams.get('code')!;
    const late = authorizeRequest(broker, BASIC);
    const lateCode = (await signInAtBroker(late.url)).searchParams.get('code')!;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 28_000);
      expect((await postToken(broker, BASIC, { code: earlyCode, code_verifier: early.verifier })).status).toBe(200);
      vi.setSystemTime(Date.now() + 3_000);
      const expired = await postToken(broker, BASIC, { code: lateCode, code_verifier: late.verifier });
      expect(expired).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('requires PKCE: a missing or wrong code_verifier is invalid_grant, a missing challenge is refused', async () => {
    const started = authorizeRequest(broker, BASIC);
    const code = (await signInAtBroker(started.url)).searchParams.get('code')!;
    const missing = await postToken(broker, BASIC, { code });
    expect(missing).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });

    const again = authorizeRequest(broker, BASIC);
    const code2 = (await signInAtBroker(again.url)).searchParams.get('code')!;
    const wrong = await postToken(broker, BASIC, { code: code2, code_verifier: b64() });
    expect(wrong).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });

    const noChallenge = authorizeRequest(broker, BASIC, { code_challenge: undefined, code_challenge_method: undefined });
    const refused = await signInAtBroker(noChallenge.url);
    expect(refused.searchParams.get('error')).toBe('invalid_request');
    expect(refused.searchParams.get('state')).toBe(noChallenge.state);
  });

  it('cancel returns error and state to the redirect_uri', async () => {
    const started = authorizeRequest(broker, BASIC);
    const denied = await signInAtBroker(started.url, { action: 'cancel' });
    expect(denied.origin + denied.pathname).toBe(REDIRECT_URI);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('error_description')).toBeTruthy();
    expect(denied.searchParams.get('state')).toBe(started.state);
    expect(denied.searchParams.get('code')).toBeNull();

    const login = await signInAtBroker(authorizeRequest(broker, BASIC).url, { action: 'cancel', error: 'login_required' });
    expect(login.searchParams.get('error')).toBe('login_required');
    const bogus = await signInAtBroker(authorizeRequest(broker, BASIC).url, { action: 'cancel', error: 'server_error' });
    expect(bogus.searchParams.get('error')).toBe('access_denied');
  });

  it('honours the claims parameter (shipping_address in the ID token, essential email in userinfo)', async () => {
    const shipping = await runFlow(broker, BASIC, { scope: 'openid', claims: '{"id_token":{"shipping_address":null}}' });
    const claims = await verifyIdToken(shipping.json.id_token, BASIC);
    expect((claims.shipping_address as Json).recipient).toContain('Max Mustermann');
    expect(claims).not.toHaveProperty('email');

    const email = await runFlow(broker, BASIC, { scope: 'openid', claims: '{"userinfo":{"email":{"essential":true}}}' });
    const info = await userinfo(broker, String(email.json.access_token));
    expect(info.json.email).toBe('max.mustermann@example.com');
    expect(info.json).not.toHaveProperty('given_name');
  });

  it('renders an escaped sign-in page with the documented test ids', async () => {
    const hint = '<script>alert("x")</script>';
    const first = await fetch(authorizeRequest(broker, BASIC, { login_hint: hint }).url, { redirect: 'manual' });
    const cookie = first.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const page = await fetch(new URL(first.headers.get('location')!, broker.issuer), { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>netID dev broker</title>');
    expect(html).toContain('data-testid="broker-continue"');
    expect(html).toContain('data-testid="broker-cancel"');
    expect(html).toMatch(/<select name="user"[^>]*>\s*<option value="max">Max Mustermann &lt;max\.mustermann@example\.com&gt;/);
    expect(html).toContain('<input type="hidden" name="error" value="access_denied">');
    expect(html).toContain('rp-basic');
    expect(html).toContain('permission_management');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');

    const hinted = await fetch(authorizeRequest(broker, BASIC, { login_hint: 'erika.mustermann@example.com' }).url, { redirect: 'manual' });
    const hintedCookie = hinted.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const hintedHtml = await (await fetch(new URL(hinted.headers.get('location')!, broker.issuer), { headers: { cookie: hintedCookie } })).text();
    expect(hintedHtml).toContain('<option value="erika" selected>');
  });

  it('counts requests by endpoint: one authorize and one token request per login', async () => {
    broker.resetStats();
    expect(broker.stats).toEqual({ discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0 });
    await runFlow(broker, BASIC);
    expect(broker.stats).toEqual({ discovery: 0, jwks: 0, authorize: 1, token: 1, userinfo: 0 });
    await fetch(new URL('.well-known/openid-configuration', broker.issuer));
    await fetch(broker.jwksUri);
    expect(broker.stats).toMatchObject({ discovery: 1, jwks: 1 });
  });

  it('tamperTokenResponse rewrites successful token responses only while set', async () => {
    broker.tamperTokenResponse = async (body) => ({ ...body, id_token: 'tampered', extra: true });
    try {
      const { status, json } = await runFlow(broker, BASIC);
      expect(status).toBe(200);
      expect(json).toMatchObject({ id_token: 'tampered', extra: true, token_type: 'Bearer' });
      const bad = await postToken(broker, BASIC, { code: 'nope', code_verifier: b64() });
      expect(bad.json.error).toBe('invalid_grant');
    } finally {
      broker.tamperTokenResponse = null;
    }
    const { json } = await runFlow(broker, BASIC);
    expect(json).not.toHaveProperty('extra');
    await verifyIdToken(json.id_token, BASIC);
  });

  it('delays answers of the configured endpoint', async () => {
    broker.delays.token = 400;
    try {
      const order: string[] = [];
      const t0 = Date.now();
      const token = postToken(broker, BASIC, { code: 'nope', code_verifier: b64() }).then((res) => {
        order.push('token');
        return res;
      });
      const keys = fetch(broker.jwksUri).then(() => order.push('jwks'));
      const [res] = await Promise.all([token, keys]);
      expect(res.status).toBe(400);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
      expect(order).toEqual(['jwks', 'token']); // only the configured endpoint waits
    } finally {
      broker.delays = {};
    }
  });

  it('signJwt signs arbitrary claims with the broker keys, or unsecured with none', async () => {
    const payload = { iss: broker.issuer, aud: BASIC.client_id, sub: 'forged', iat: 1, exp: 4_000_000_000 };
    await expect(verifyIdToken(await broker.signJwt(payload), BASIC)).resolves.toMatchObject({ sub: 'forged' });
    await expect(verifyIdToken(await broker.signJwt(payload, 'ES256'), BASIC, 'ES256')).resolves.toMatchObject({ sub: 'forged' });
    const unsecured = await broker.signJwt(payload, 'none');
    expect(unsecured.split('.')).toHaveLength(3);
    expect(unsecured.endsWith('.')).toBe(true);
    expect(decodeProtectedHeader(unsecured)).toEqual({ alg: 'none' });
    expect(decodeJwt(unsecured)).toEqual(payload);
  });
});

describe('dev broker options', () => {
  it('applies custom lifetimes', async () => {
    const broker = await startDevBroker({
      clients: [BASIC],
      quiet: true,
      permissionTokenTtl: 120,
      accessTokenTtl: 300,
      idTokenTtl: 60,
    });
    try {
      const { json } = await runFlow(broker, BASIC);
      expect(json.expires_in).toBe(300);
      const claims = decodeJwt(String(json.id_token));
      expect(claims.exp! - claims.iat!).toBe(60);
      const pm = claims.permission_management as Json;
      expect(pm.expires_in).toBe(120);
      const pt = decodeJwt(String(pm.access_token));
      expect(pt.exp! - pt.iat!).toBe(120);
    } finally {
      await broker.close();
    }
  });

  it('close() ends the server promptly even with keep-alive connections open', async () => {
    const broker = await startDevBroker({ clients: [BASIC], quiet: true });
    await fetch(broker.jwksUri); // leaves a keep-alive socket in fetch's pool
    const t0 = Date.now();
    await broker.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(fetch(broker.jwksUri)).rejects.toThrow();
    await broker.close(); // idempotent
  });
});
