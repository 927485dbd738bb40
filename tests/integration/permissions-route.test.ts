/**
 * `/api/permissions` handlers in-process with a real signed-in session (real broker sign-in,
 * real sealed cookie) against the simulator.
 */
import { requestCookies } from '@/lib/auth';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPermissionCenterClient, createPermissionRoutes, parsePermissionCenterConfig, type PermissionRoutes } from '@/lib/permission-center';
import { APP_URL } from '../helpers/embedded-broker';
import type { RpBrowser } from '../helpers/rp-browser';
import { signedInBrowser, simulatorClient, startPermissionCenterStack, TC_STRINGS, type PermissionCenterStack } from '../helpers/permission-center';

let stack: PermissionCenterStack;
let browser: RpBrowser;
const logs: string[] = [];

beforeAll(async () => {
  stack = await startPermissionCenterStack();
  browser = await signedInBrowser(stack.broker);
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  stack.sim.reset();
  stack.sim.requests.length = 0;
  logs.length = 0;
});
afterEach(() => {
  stack.sim.resetFaults();
  stack.sim.deletedSubjects.clear();
});

function routesFor(b: RpBrowser, env: Record<string, string> = {}): PermissionRoutes {
  return createPermissionRoutes(b.auth, { client: simulatorClient(stack.sim, env), log: (e, d) => logs.push(`${e} ${JSON.stringify(d)}`) });
}

interface CallOptions {
  b?: RpBrowser;
  body?: unknown;
  headers?: Record<string, string>;
  query?: string;
  cookie?: boolean;
  routes?: PermissionRoutes;
}

async function call(method: 'GET' | 'POST', o: CallOptions = {}): Promise<{ status: number; body: Record<string, unknown>; res: Response }> {
  const b = o.b ?? browser;
  const headers = new Headers(o.headers);
  if (o.cookie !== false) headers.set('cookie', b.jar.header());
  if (method === 'POST' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  if (method === 'POST' && !headers.has('origin')) headers.set('origin', APP_URL);
  const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  const request = new Request(`${APP_URL}/api/permissions${o.query ?? ''}`, { method, headers, body });
  const routes = o.routes ?? routesFor(b);
  const res = await routes[method](request);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, res };
}

const post = (body: unknown, o: CallOptions = {}) => call('POST', { ...o, body });

describe('signed in with login-permission', () => {
  it('GET reads the status; POST writes and answers the status read back', async () => {
    const empty = await call('GET');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ status_code: 'PERMISSIONS_NOT_FOUND', netid_privacy_settings: {} });
    expect(empty.res.headers.get('cache-control')).toBe('no-store');

    const granted = await post({ idconsent: 'VALID' });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ status_code: 'PERMISSIONS_FOUND', netid_privacy_settings: { idconsent: { status: 'VALID' } } });
    const ids = stack.sim.identifiersFor(stack.broker.users.max!.sub, 'rp-basic');
    expect(granted.body.subject_identifiers).toEqual(ids);

    const revoked = await post({ idconsent: 'INVALID' });
    expect(revoked.body.subject_identifiers).toEqual({ tpid: null, sync_id: ids.sync_id, etpid: null });
    expect((await call('GET')).body).toMatchObject({ netid_privacy_settings: { idconsent: { status: 'INVALID' } } });
  });

  it('stores a TC string', async () => {
    const res = await post({ iab_tc_string: TC_STRINGS.a });
    expect(res.body).toMatchObject({ netid_privacy_settings: { iab_tcstring: { value: TC_STRINGS.a } } });
  });

  it('never puts the token in a response or a log line', async () => {
    const session = await browser.auth.getSession(requestCookies(browser.jar.header()));
    const token = session!.permissionToken!.accessToken;
    stack.sim.faults.fail = { status_code: 'TOKEN_ERROR' };
    const texts = [JSON.stringify((await call('GET')).body), JSON.stringify((await post({ idconsent: 'VALID' })).body), logs.join('\n')];
    for (const t of texts) expect(t).not.toContain(token);
  });

  it('GET ?identifiers= narrows the identifiers; unknown names are 400 invalid_request', async () => {
    await post({ idconsent: 'VALID' });
    const res = await call('GET', { query: '?identifiers=sync_id' });
    expect(res.body.subject_identifiers).toMatchObject({ tpid: null, etpid: null });
    expect((res.body.subject_identifiers as { sync_id: unknown }).sync_id).toEqual(expect.any(String));
    expect(await call('GET', { query: '?identifiers=TPID,EMAIL' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });
});

describe('refusals', () => {
  it('signed out: 401 unauthenticated for GET and POST', async () => {
    expect(await call('GET', { cookie: false })).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    expect(await post({ idconsent: 'VALID' }, { cookie: false })).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('a login-flow session (no token): 403 permission_token_missing with a login-permission path', async () => {
    const b = await signedInBrowser(stack.broker, { flow: 'login' });
    const res = await call('GET', { b });
    expect(res).toMatchObject({ status: 403, body: { error: 'permission_token_missing' } });
    expect(res.body.reauthenticate).toBe('/api/auth/login?flow=login-permission&returnTo=%2Fconsent');
  });

  it.each([
    ['Origin of another site', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site cross-site', { origin: '', 'sec-fetch-site': 'cross-site' }],
    ['Origin null', { origin: 'null' }],
  ])('cross-site POST (%s): 403 cross_site_request, nothing written', async (_name, headers) => {
    const h = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== '')) as Record<string, string>;
    const routes = routesFor(browser);
    const request = new Request(`${APP_URL}/api/permissions`, {
      method: 'POST',
      headers: { cookie: browser.jar.header(), 'content-type': 'application/json', ...h },
      body: '{"idconsent":"VALID"}',
    });
    const res = await routes.POST(request);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'cross_site_request' });
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('a server-to-server POST (no Origin, no Sec-Fetch-Site) with the session is allowed', async () => {
    const routes = routesFor(browser);
    const res = await routes.POST(
      new Request(`${APP_URL}/api/permissions`, {
        method: 'POST',
        headers: { cookie: browser.jar.header(), 'content-type': 'application/json' },
        body: '{"idconsent":"VALID"}',
      }),
    );
    expect(res.status).toBe(200);
  });

  it('a form-encoded POST (what a cross-site form can send) is 415', async () => {
    const res = await post('idconsent=VALID', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
  });

  it.each([
    ['not JSON', '{', 'invalid_json'],
    ['an empty object', {}, 'invalid_body'],
    ['a bad idconsent', { idconsent: 'yes' }, 'invalid_body'],
    ['an unknown key', { idconsent: 'VALID', extra: 1 }, 'invalid_body'],
    ['a malformed TC string', { iab_tc_string: 'not-a-tc-string' }, 'invalid_tc_string'],
  ])('bad body (%s): 400 %s, nothing sent to the Permission Center', async (_name, body, code) => {
    expect(await post(body)).toMatchObject({ status: 400, body: { error: code, message: expect.any(String) } });
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('an oversized body: 413 body_too_large', async () => {
    expect(await post({ iab_tc_string: 'C'.repeat(20_000) })).toMatchObject({ status: 413, body: { error: 'body_too_large' } });
  });
});

describe('token expiry and account deletion', () => {
  it('an expired session token: 401 permission_token_expired with a renewal path, nothing sent', async () => {
    const short = await startPermissionCenterStack({ permissionTokenTtl: 5 });
    try {
      const b = await signedInBrowser(short.broker);
      // The default 10 s skew makes a 5 s token count as expired already.
      const routes = createPermissionRoutes(b.auth, { client: simulatorClient(short.sim), log: () => {} });
      const res = await call('GET', { b, routes, query: '?returnTo=%2Fconsent%3Ftab%3D1' });
      expect(res).toMatchObject({ status: 401, body: { error: 'permission_token_expired' } });
      expect(res.body.reauthenticate).toBe('/api/auth/login?flow=login-permission&returnTo=%2Fconsent%3Ftab%3D1');
      expect(short.sim.requests).toHaveLength(0);
    } finally {
      await short.close();
    }
  });

  it('TOKEN_ERROR from the Permission Center: 401 permission_token_expired; the permission flow renews with itself', async () => {
    stack.sim.faults.fail = { status_code: 'TOKEN_ERROR' };
    expect((await call('GET')).body.reauthenticate).toBe('/api/auth/login?flow=login-permission&returnTo=%2Fconsent');
    const standalone = await signedInBrowser(stack.broker, { flow: 'permission' });
    const res = await post({ idconsent: 'VALID' }, { b: standalone, query: '?returnTo=https%3A%2F%2Fevil.example%2F' });
    expect(res).toMatchObject({ status: 401, body: { error: 'permission_token_expired' } });
    expect(res.body.reauthenticate).toBe('/api/auth/login?flow=permission&returnTo=%2F');
  });

  it('TPID_EXISTENCE_ERROR (410): 410 account_gone and the session cookie is cleared', async () => {
    const b = await signedInBrowser(stack.broker, { user: 'erika' });
    stack.sim.deletedSubjects.add(stack.broker.users.erika!.sub);
    const res = await call('GET', { b });
    expect(res).toMatchObject({ status: 410, body: { error: 'account_gone' } });
    const cleared = res.res.headers.getSetCookie().find((c) => c.startsWith('netid_session='));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    b.jar.store(res.res);
    expect(await call('GET', { b })).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
  });
});

describe('upstream failures', () => {
  it.each([
    ['TAPP_NOT_ALLOWED', { status_code: 'TAPP_NOT_ALLOWED' } as const, 403, 'tapp_not_allowed'],
    ['PERMISSION_PARAMETERS_ERROR', { status_code: 'PERMISSION_PARAMETERS_ERROR' } as const, 400, 'invalid_permissions'],
    ['NO_PERMISSIONS', { status_code: 'NO_PERMISSIONS' } as const, 502, 'permission_center_rejected'],
    ['an HTML page', 'html' as const, 502, 'permission_center_error'],
    ['a 500', 'server_error' as const, 502, 'permission_center_error'],
    ['a dropped connection', 'drop_connection' as const, 502, 'permission_center_unreachable'],
  ])('%s → %i %s', async (_name, fault, status, code) => {
    stack.sim.faults.fail = fault;
    expect(await post({ idconsent: 'VALID' })).toMatchObject({ status, body: { error: code } });
    expect(logs.at(-1)).toContain(code);
  });

  it('a slow Permission Center → 504 permission_center_timeout', async () => {
    stack.sim.faults.latencyMs = 400;
    const routes = routesFor(browser, { PERMISSION_CENTER_TIMEOUT_MS: '150' });
    expect(await call('GET', { routes })).toMatchObject({ status: 504, body: { error: 'permission_center_timeout' } });
  });

  it('a bad configuration → 500 config_invalid, not a crash', async () => {
    // Config parsing is lazy: the error surfaces on the first call.
    const client = createPermissionCenterClient(() => parsePermissionCenterConfig({ PERMISSION_CENTER_READ_URL: 'http://pc.example.com' }));
    const routes = createPermissionRoutes(browser.auth, { client, log: () => {} });
    expect(await call('GET', { routes })).toMatchObject({ status: 500, body: { error: 'config_invalid' } });
  });
});
