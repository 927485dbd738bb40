/**
 * `/api/permissions/tcf` (the route of the browser bridge `netid-rp/cmp`) in-process with a real
 * signed-in session (real broker sign-in, real sealed cookie) against the Permission Center simulator.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTcfSyncRoutes, type TcfSyncRoutes } from '@/lib/permission-center';
import { APP_URL } from '../helpers/embedded-broker';
import type { RpBrowser } from '../helpers/rp-browser';
import { signedInBrowser, simulatorClient, startPermissionCenterStack, type PermissionCenterStack } from '../helpers/permission-center';
import { tcString } from '../helpers/tc-strings';

let stack: PermissionCenterStack;
let browser: RpBrowser;
const logs: string[] = [];

const OLD = tcString('2026-03-01T00:00:00Z', [1]);
const NEW = tcString('2026-04-01T00:00:00Z', [1, 2, 3]);
const NEW_OTHER = tcString('2026-04-01T00:00:00Z', [1, 4]);

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

function routesFor(b: RpBrowser, env: Record<string, string> = {}): TcfSyncRoutes {
  return createTcfSyncRoutes(b.auth, { client: simulatorClient(stack.sim, env), log: (e, d) => logs.push(`${e} ${JSON.stringify(d)}`) });
}

interface CallOptions {
  b?: RpBrowser;
  headers?: Record<string, string>;
  cookie?: boolean;
  routes?: TcfSyncRoutes;
}

async function call(method: 'GET' | 'POST', body?: unknown, o: CallOptions = {}) {
  const b = o.b ?? browser;
  const headers = new Headers({ origin: APP_URL, 'x-csrf': '1', ...o.headers });
  if (o.cookie !== false) headers.set('cookie', b.jar.header());
  if (method === 'POST' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await (o.routes ?? routesFor(b))[method](new Request(`${APP_URL}/api/permissions/tcf`, { method, headers, body: text }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, res };
}

const stored = () => stack.sim.status(stack.broker.users.max!.sub, 'rp-basic')?.iab_tcstring?.value;
const writes = () => stack.sim.requests.filter((r) => r.method === 'POST');

describe('write-if-newer', () => {
  it('nothing stored (PERMISSIONS_NOT_FOUND) is a normal answer, not an error', async () => {
    const res = await call('GET');
    expect(res).toMatchObject({ status: 200, body: { result: 'nothing_stored', stored: null, idconsent: null } });
    expect(res.res.headers.get('cache-control')).toBe('no-store');
    expect((await call('POST', {})).body).toMatchObject({ result: 'nothing_stored', stored: null });
  });

  it('writes a first TC string, then answers it with its own lastUpdated', async () => {
    expect((await call('POST', { tc_string: OLD })).body).toMatchObject({ result: 'written', stored: { tc_string: OLD, last_updated: '2026-03-01T00:00:00.000Z' } });
    expect(stored()).toBe(OLD);
    expect((await call('GET')).body).toMatchObject({ result: 'stored', stored: { tc_string: OLD, last_updated: '2026-03-01T00:00:00.000Z' } });
  });

  it('a newer TC string replaces the stored one; the same one again writes nothing', async () => {
    await call('POST', { tc_string: OLD });
    expect((await call('POST', { tc_string: NEW })).body).toMatchObject({ result: 'written', stored: { tc_string: NEW } });
    expect(stored()).toBe(NEW);
    const before = writes().length;
    expect((await call('POST', { tc_string: NEW })).body).toMatchObject({ result: 'unchanged', stored: { tc_string: NEW } });
    expect(writes()).toHaveLength(before);
  });

  it('a stale device cannot overwrite a newer choice: it gets the stored one back to inject', async () => {
    await call('POST', { tc_string: NEW });
    const before = writes().length;
    const res = await call('POST', { tc_string: OLD, decided_ms_ago: 0 });
    expect(res.body).toMatchObject({ result: 'stored_is_newer', stored: { tc_string: NEW, last_updated: '2026-04-01T00:00:00.000Z' } });
    expect(writes()).toHaveLength(before);
    expect(stored()).toBe(NEW);
  });

  it('same-day tie: a later user action (decided_ms_ago) wins, a copy held by a page load does not', async () => {
    await call('POST', { tc_string: NEW });
    expect((await call('POST', { tc_string: NEW_OTHER })).body).toMatchObject({ result: 'stored_is_newer', stored: { tc_string: NEW } });
    expect((await call('POST', { tc_string: NEW_OTHER, decided_ms_ago: 60_000 })).body).toMatchObject({ result: 'stored_is_newer' });
    expect((await call('POST', { tc_string: NEW_OTHER, decided_ms_ago: 0 })).body).toMatchObject({ result: 'written' });
    expect(stored()).toBe(NEW_OTHER);
  });

  it('ID consent is written only when sent, and not alongside a TC string that lost', async () => {
    await call('POST', { tc_string: NEW });
    expect(stack.sim.status(stack.broker.users.max!.sub, 'rp-basic')?.idconsent).toBeUndefined();
    expect((await call('POST', { tc_string: OLD, idconsent: 'VALID' })).body).toMatchObject({ result: 'stored_is_newer', idconsent: null });
    expect((await call('POST', { tc_string: NEW, idconsent: 'VALID' })).body).toMatchObject({ result: 'unchanged', idconsent: 'VALID' });
    expect((await call('POST', { idconsent: 'INVALID' })).body).toMatchObject({ result: 'stored', idconsent: 'INVALID' });
  });
});

describe('refusals', () => {
  it.each([
    ['not JSON', '{', 'invalid_json'],
    ['an unknown key', { tc_string: OLD, extra: 1 }, 'invalid_body'],
    ['a bad decided_ms_ago', { tc_string: OLD, decided_ms_ago: -5 }, 'invalid_body'],
    ['a malformed TC string', { tc_string: 'not-a-tc-string' }, 'invalid_tc_string'],
    ['a TC string dated next year', { tc_string: tcString(new Date(Date.now() + 365 * 86_400_000)) }, 'invalid_tc_string'],
  ])('%s: 400 %s, nothing sent to the Permission Center', async (_name, body, code) => {
    expect(await call('POST', body)).toMatchObject({ status: 400, body: { error: code } });
    expect(stack.sim.requests).toHaveLength(0);
  });

  it.each([
    ['no X-CSRF header', 'GET', { 'x-csrf': '' }, 'csrf_header_missing'],
    ['another Origin', 'POST', { origin: 'https://evil.example' }, 'cross_site_request'],
    ['Sec-Fetch-Site cross-site', 'GET', { 'sec-fetch-site': 'cross-site' }, 'cross_site_request'],
  ] as const)('%s: 403 %s', async (_name, method, headers, code) => {
    const h = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    const o: CallOptions = { headers: h };
    const res = method === 'GET' ? await callWithout('x-csrf', o) : await call('POST', { tc_string: OLD }, o);
    expect(res).toMatchObject({ status: 403, body: { error: code } });
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('Sec-Fetch-Site: same-origin is proof enough without X-CSRF', async () => {
    expect((await callWithout('x-csrf', { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
  });

  it('signed out: 401 unauthenticated ("sign in first")', async () => {
    expect(await call('POST', { tc_string: OLD }, { cookie: false })).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('a login-flow session: 403 permission_token_missing with a login-permission path', async () => {
    const b = await signedInBrowser(stack.broker, { flow: 'login' });
    const res = await call('GET', undefined, { b });
    expect(res).toMatchObject({ status: 403, body: { error: 'permission_token_missing', reauthenticate: '/api/auth/login?flow=login-permission&returnTo=%2F' } });
  });
});

async function callWithout(header: string, o: CallOptions) {
  const b = o.b ?? browser;
  const headers = new Headers({ origin: APP_URL, cookie: b.jar.header(), ...o.headers });
  headers.delete(header);
  for (const [k, v] of Object.entries(o.headers ?? {})) headers.set(k, v);
  const res = await routesFor(b).GET(new Request(`${APP_URL}/api/permissions/tcf`, { headers }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('token expiry, account deletion, a slow or absent Permission Center', () => {
  it('an expired token: 401 permission_token_expired, nothing sent', async () => {
    const short = await startPermissionCenterStack({ permissionTokenTtl: 5 });
    try {
      const b = await signedInBrowser(short.broker);
      const routes = createTcfSyncRoutes(b.auth, { client: simulatorClient(short.sim), log: () => {} });
      const res = await call('POST', { tc_string: OLD }, { b, routes });
      expect(res).toMatchObject({ status: 401, body: { error: 'permission_token_expired', reauthenticate: '/api/auth/login?flow=login-permission&returnTo=%2F' } });
      expect(short.sim.requests).toHaveLength(0);
    } finally {
      await short.close();
    }
  });

  it('TPID_EXISTENCE_ERROR: 410 account_gone and the session cookie is cleared', async () => {
    const b = await signedInBrowser(stack.broker, { user: 'erika' });
    stack.sim.deletedSubjects.add(stack.broker.users.erika!.sub);
    const res = await call('POST', { tc_string: OLD }, { b });
    expect(res).toMatchObject({ status: 410, body: { error: 'account_gone' } });
    expect(res.res.headers.getSetCookie().find((c) => c.startsWith('netid_session='))).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });

  it('down: 502 permission_center_unreachable with Retry-After ("failed, retry"), nothing logged but codes', async () => {
    const routes = createTcfSyncRoutes(browser.auth, {
      client: simulatorClient(stack.sim, { PERMISSION_CENTER_READ_URL: 'http://127.0.0.1:9', PERMISSION_CENTER_WRITE_URL: 'http://127.0.0.1:9' }),
      log: (e, d) => logs.push(`${e} ${JSON.stringify(d)}`),
    });
    const res = await call('POST', { tc_string: OLD }, { routes });
    expect(res).toMatchObject({ status: 502, body: { error: 'permission_center_unreachable' } });
    expect(res.res.headers.get('retry-after')).toBe('5');
    expect(logs.join('\n')).not.toContain(OLD);
  });

  it('slow beyond the timeout: 504 permission_center_timeout with Retry-After, nothing written', async () => {
    stack.sim.faults.latencyMs = 1_000;
    const res = await call('POST', { tc_string: OLD }, { routes: routesFor(browser, { PERMISSION_CENTER_TIMEOUT_MS: '200' }) });
    expect(res).toMatchObject({ status: 504, body: { error: 'permission_center_timeout' } });
    expect(res.res.headers.get('retry-after')).toBe('5');
    stack.sim.faults.latencyMs = 0;
    expect(stored()).toBeUndefined();
  });

  it('a 5xx from the Permission Center on write: 502 with Retry-After', async () => {
    stack.sim.faults.fail = 'server_error';
    stack.sim.faults.services = ['write'];
    const res = await call('POST', { tc_string: OLD });
    expect(res).toMatchObject({ status: 502, body: { error: 'permission_center_error' } });
    expect(res.res.headers.get('retry-after')).toBe('5');
  });
});
