import { requestCookies } from '@/lib/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { PERMISSION_CENTER_AUDIENCE, type DevBroker } from 'netid-rp-testing';
import { signInAtBroker } from '../helpers/broker-login';
import { RpBrowser } from '../helpers/rp-browser';
import { APP_URL, rp, rpConfig, startTestBroker } from '../helpers/embedded-broker';

let broker: DevBroker;

beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

function browser(client: Parameters<typeof rpConfig>[1] = 'basic', env: Record<string, string> = {}) {
  return new RpBrowser(rp(rpConfig(broker.issuer, client, env)).auth, APP_URL);
}

async function verifyPermissionToken(token: string) {
  const jwks = createRemoteJWKSet(new URL(broker.jwksUri));
  const { payload } = await jwtVerify(token, jwks, { issuer: broker.issuer, audience: PERMISSION_CENTER_AUDIENCE });
  return payload;
}

describe('authorization request', () => {
  it('sends PKCE S256, state, nonce and the flow scope to the broker /authorize', async () => {
    const b = browser();
    const url = await b.startLogin('?flow=login-permission');
    expect(url.href.startsWith(`${broker.issuer}authorize?`)).toBe(true);
    const p = url.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('scope')).toBe('openid permission_management profile email');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(p.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(p.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(p.get('redirect_uri')).toBe(`${APP_URL}/api/auth/callback`);
    expect(b.jar.names()).toEqual([`netid_tx.${p.get('state')}`]);
  });

  it('defaults to login-permission and sends permission_management alone (no nonce) in the permission flow', async () => {
    expect((await browser().startLogin()).searchParams.get('scope')).toContain('openid permission_management');
    const p = (await browser().startLogin('?flow=permission')).searchParams;
    expect(p.get('scope')).toBe('permission_management');
    expect(p.get('nonce')).toBeNull();
  });

  it('passes prompt, login_hint and max_age through; drops unknown prompt values', async () => {
    const p = (await browser().startLogin('?flow=login&prompt=consent&login_hint=max%40example.com&max_age=60')).searchParams;
    expect(p.get('prompt')).toBe('consent');
    expect(p.get('login_hint')).toBe('max@example.com');
    expect(p.get('max_age')).toBe('60');
    expect((await browser().startLogin('?flow=login&prompt=none')).searchParams.get('prompt')).toBeNull();
  });

  it('sends an unknown flow to the error page', async () => {
    const res = await browser().call('login', '/api/auth/login?flow=bogus');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/auth\/error\?code=invalid_flow/);
  });
});

describe('the three netID flows end to end', () => {
  it('login: identity from the ID token and userinfo, no Permission Center token', async () => {
    const b = browser();
    const res = await b.signIn('?flow=login&returnTo=/account%3Ftab%3D1');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/account?tab=1');
    const { status, body } = await b.session();
    expect(status).toBe(200);
    expect(body).toMatchObject({ flow: 'login', permissionToken: null, user: { sub: broker.users.max!.sub, email: 'max.mustermann@example.com', given_name: 'Max' } });
    expect(b.jar.names()).toEqual(['netid_session']);
  });

  it('login-permission (SSO): the token comes from the ID token claim permission_management', async () => {
    const b = browser();
    expect((await b.signIn('?flow=login-permission')).headers.get('location')).toBe('/');
    const { body } = await b.session();
    const pt = body.permissionToken as { expiresAt: string; expired: boolean };
    expect(pt.expired).toBe(false);
    const remaining = (Date.parse(pt.expiresAt) - Date.now()) / 1000;
    expect(remaining).toBeGreaterThan(480);
    expect(remaining).toBeLessThanOrEqual(500);
    const session = await b.auth.getSession(requestCookies(b.jar.header()));
    const claims = await verifyPermissionToken(session!.permissionToken!.accessToken);
    expect(claims.sub).toBe(broker.users.max!.sub);
    expect(claims.scope).toBe('permission_management');
    expect(JSON.stringify(body)).not.toContain(session!.permissionToken!.accessToken);
  });

  it('permission (standalone): the token is the token response access_token, no identity', async () => {
    const b = browser();
    await b.signIn('?flow=permission');
    const { status, body } = await b.session();
    expect(status).toBe(200);
    expect(body.user).toBeNull();
    expect(body.flow).toBe('permission');
    const session = await b.auth.getSession(requestCookies(b.jar.header()));
    const claims = await verifyPermissionToken(session!.permissionToken!.accessToken);
    expect(claims.client_id).toBe('rp-basic');
  });

  it('works with client_secret_post', async () => {
    const b = browser('post');
    expect((await b.signIn('?flow=login')).headers.get('location')).toBe('/');
    expect((await b.session()).status).toBe(200);
  });

  it('client_secret_basic with -._ in id and secret works at a server that never form-decodes them', async () => {
    const b = browser('literal');
    expect((await b.signIn('?flow=login')).headers.get('location')).toBe('/');
    expect((await b.session()).status).toBe(200);
  });

  it('works with an ES256 client when ES256 is pinned', async () => {
    const b = browser('es256');
    expect((await b.signIn('?flow=login-permission')).headers.get('location')).toBe('/');
    expect((await b.session()).body.permissionToken).not.toBeNull();
  });

  it('accepts alg none only on explicit opt-in', async () => {
    const optIn = browser('none');
    expect((await optIn.signIn('?flow=login')).headers.get('location')).toBe('/');
    const pinned = browser('none', { NETID_ID_TOKEN_ALG: 'RS256' });
    const res = await pinned.signIn('?flow=login');
    expect(res.headers.get('location')).toMatch(/code=id_token_invalid/);
  });

  it('signs in the minimal user too', async () => {
    const b = browser();
    await b.signIn('?flow=login', { user: 'erika' });
    expect((await b.session()).body.user).toMatchObject({ sub: broker.users.erika!.sub });
  });

  it('keeps parallel sign-ins in several tabs apart', async () => {
    const b = browser();
    const tabA = await b.startLogin('?flow=login&returnTo=/a');
    const tabB = await b.startLogin('?flow=permission&returnTo=/b');
    const cbA = await signInAtBroker(tabA.href);
    const cbB = await signInAtBroker(tabB.href);
    expect((await b.deliver(cbB)).headers.get('location')).toBe('/b');
    expect((await b.deliver(cbA)).headers.get('location')).toBe('/a');
    expect((await b.session()).body.flow).toBe('login');
  });
});

describe('session size', () => {
  it('stays under 4 KB for the largest claim set the broker returns', async () => {
    const b = browser('basic', {
      NETID_SCOPES: 'profile email address',
      NETID_CLAIMS: JSON.stringify({ id_token: { shipping_address: null }, userinfo: { shipping_address: null } }),
    });
    const res = await b.signIn('?flow=login-permission');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('netid_session='))!;
    const { body } = await b.session();
    expect(body.user).toMatchObject({ address: expect.any(Object), shipping_address: expect.any(Object), birthdate: '1980-01-01' });
    expect(cookie.length).toBeLessThan(4096);
  });
});

describe('logout and session', () => {
  it('POST logout clears the session and redirects 303 to /', async () => {
    const b = browser();
    await b.signIn('?flow=login');
    const res = await b.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: APP_URL } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect((await b.session()).status).toBe(401);
  });

  it('refuses a cross-site logout and a GET logout', async () => {
    const b = browser();
    await b.signIn('?flow=login');
    const cross = await b.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    expect(await cross.json()).toMatchObject({ error: 'cross_site_request' });
    const site = await b.call('logout', '/api/auth/logout', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(site.status).toBe(403);
    expect((await b.call('logout', '/api/auth/logout')).status).toBe(405);
    expect((await b.session()).status).toBe(200);
  });

  it('answers 401 JSON when signed out', async () => {
    const { status, body } = await browser().session();
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'unauthenticated', message: expect.any(String) });
  });
});

describe('broker traffic', () => {
  it('makes exactly one token request per login, and no discovery/JWKS after the first', async () => {
    // The discovery cache belongs to the NetIdAuth instance: a new instance starts empty, so nothing to reset.
    const { auth } = rp(rpConfig(broker.issuer));
    broker.resetStats();
    await new RpBrowser(auth, APP_URL).signIn('?flow=login-permission');
    expect(broker.stats).toMatchObject({ discovery: 1 });
    broker.resetStats();
    await new RpBrowser(auth, APP_URL).signIn('?flow=login-permission');
    expect(broker.stats).toMatchObject({ token: 1, discovery: 0, jwks: 0, authorize: 1 });
  });
});
