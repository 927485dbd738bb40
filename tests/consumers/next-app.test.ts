/**
 * A partner's Next 16 App Router app outside the repo (tests/consumers/fixtures: auth routes,
 * `proxy.ts` with the proxy helper, a `requireSession()` page, the client session provider in the
 * root layout) built and served with `next start` on the installed tarball. The embedded broker
 * and Permission Center simulator come from the companion's bin: `netid-rp-testing dev-stack`, whose
 * printed variables configure the app. Sign-in is driven over HTTP like a browser.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpBrowser } from '../helpers/http-browser';
import { freePort } from '../helpers/free-port';
import { parseEnvLines, start, waitForUrl, type Child } from './process';

const root = inject('consumerRoot');
const SESSION_PASSWORD = 'consumer-next-session-password-at-least-32';
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

let devStack: Child;
let app: Child;
let appUrl: string;

beforeAll(async () => {
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const };

  let started = performance.now();
  devStack = start(bin('netid-rp-testing'), ['dev-stack', '--app-url', appUrl, '--no-m2m'], { cwd: root, env: baseEnv });
  const building = promisify(execFile)(bin('next'), ['build'], { cwd: root, env: { ...baseEnv, NODE_ENV: 'production' }, timeout: 540_000 });
  await devStack.waitFor('dev-stack ready', (out, err) => err.includes('[dev-stack] ready') && out.includes('PERMISSION_CENTER_WRITE_URL='), 60_000);
  const stackEnv = parseEnvLines(devStack.stdout());
  expect(stackEnv).toMatchObject({ NETID_ISSUER: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/), APP_URL: appUrl });

  await building;
  console.info(`[consumers] next build (dev-stack alongside): ${((performance.now() - started) / 1000).toFixed(1)}s`);
  started = performance.now();
  app = start(bin('next'), ['start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: root,
    env: { ...baseEnv, ...stackEnv, SESSION_PASSWORD, NODE_ENV: 'production' },
  });
  await waitForUrl(`${appUrl}/api/auth/session`, 90_000, app);
  console.info(`[consumers] next start until ready: ${((performance.now() - started) / 1000).toFixed(1)}s`);
}, 660_000);

afterAll(async () => {
  await app?.stop();
  await devStack?.stop();
});

describe('Next.js fixture on the packed tarball', () => {
  it('serves the session route and a Server Component session read, signed out', async () => {
    const session = await fetch(`${appUrl}/api/auth/session`);
    expect(session.status).toBe(401);
    const home = await (await fetch(`${appUrl}/`)).text();
    expect(home).toContain('server: signed out');
    expect(home).toContain('client: unauthenticated');
  });

  it('protects /account in proxy.ts and /guarded with requireSession(): both send the visitor to the login route', async () => {
    const account = await fetch(`${appUrl}/account/orders?page=2`, { redirect: 'manual' });
    expect(account.status).toBe(307);
    const toLogin = new URL(account.headers.get('location')!, appUrl);
    expect(toLogin.pathname).toBe('/api/auth/login');
    expect(toLogin.searchParams.get('returnTo')).toBe('/account/orders?page=2');

    const guarded = await fetch(`${appUrl}/guarded`, { redirect: 'manual' });
    expect(guarded.status).toBe(307);
    const guardedLogin = new URL(guarded.headers.get('location')!, appUrl);
    expect(guardedLogin.pathname).toBe('/api/auth/login');
    expect(guardedLogin.searchParams.get('returnTo')).toBe('/guarded');
  });

  it('signs in through the broker from the protected page, comes back to it, reads the session everywhere, signs out', async () => {
    const browser = new HttpBrowser(appUrl);
    const account = await browser.fetch('/account');
    const login = await browser.fetch(account.headers.get('location')!);
    expect(login.status).toBe(302);
    const { signInAtBroker } = await import('../helpers/broker-login');
    const callbackUrl = await signInAtBroker(login.headers.get('location')!);
    const callback = await browser.fetch(`${callbackUrl.pathname}${callbackUrl.search}`);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/account');

    const page = await browser.fetch('/account');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('account of max.mustermann@example.com');

    const session = await browser.fetch('/api/auth/session');
    expect(session.status).toBe(200);
    const publicView = (await session.json()) as { user: { sub: string }; permissionToken: { expiresAt: string } | null };
    expect(publicView.permissionToken?.expiresAt).toEqual(expect.any(String));
    expect(JSON.stringify(publicView)).not.toMatch(/accessToken|access_token/);

    const home = await (await browser.fetch('/')).text();
    expect(home).toContain(`server: signed in as ${publicView.user.sub}`);
    // The client provider from netid-rp/next/client, given the server's view by the layout, renders it.
    expect(home).toContain(`client: authenticated ${publicView.user.sub}`);
    expect((await browser.fetch('/guarded')).status).toBe(200);

    const logout = await browser.fetch('/api/auth/logout', { method: 'POST', headers: { origin: appUrl } });
    expect(logout.status).toBe(303);
    expect((await browser.fetch('/account')).status).toBe(307);
    expect((await browser.fetch('/api/auth/session')).status).toBe(401);
  });
});
