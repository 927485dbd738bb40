/**
 * A partner's Better Auth app and Auth.js v5 app outside the repo (tests/consumers/fixtures/
 * better-auth-app, authjs-app; plain ESM on Node's http) on the installed tarball: each signs in
 * with netID's `login-permission` flow at the embedded broker of the companion `netid-rp-testing`
 * over HTTP, and a server route of the app reads the Permission Center token.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAtBroker } from '../helpers/broker-login';
import { CookieJar } from '../helpers/cookie-jar';
import { freePort } from '../helpers/free-port';
import { start, waitForUrl, type Child } from './process';

type Kit = typeof import('netid-rp-testing');
const root = inject('consumerRoot');
const JWT_LIKE = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;

interface RunningApp {
  url: string;
  server: Child;
}

let broker: Awaited<ReturnType<Kit['startDevBroker']>>;
const apps: Record<'betterAuth' | 'authjs', RunningApp> = {} as never;

async function startApp(script: string, port: number, env: Record<string, string>): Promise<RunningApp> {
  const url = `http://127.0.0.1:${port}`;
  const server = start(process.execPath, [script], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: String(port), NETID_ISSUER: broker.issuer, NODE_ENV: 'production', ...env },
  });
  await waitForUrl(`${url}/token`, 60_000, server);
  return { url, server };
}

beforeAll(async () => {
  const kit = (await import(pathToFileURL(path.join(root, 'stack.mjs')).href)) as Kit;
  const [baPort, v5Port] = [await freePort(), await freePort()];
  broker = await kit.startDevBroker({
    quiet: true,
    clients: [
      { client_id: 'consumer-ba', client_secret: 'consumer-ba-secret', redirect_uris: [`http://127.0.0.1:${baPort}/api/auth/callback/netid`] },
      { client_id: 'consumer-v5', client_secret: 'consumer-v5-secret', redirect_uris: [`http://127.0.0.1:${v5Port}/api/auth/callback/netid`] },
    ],
  });
  apps.betterAuth = await startApp('better-auth-app/server.mjs', baPort, {
    NETID_CLIENT_ID: 'consumer-ba',
    NETID_CLIENT_SECRET: 'consumer-ba-secret',
    BETTER_AUTH_SECRET: 'consumer-better-auth-secret-0123456789abcdef',
  });
  apps.authjs = await startApp('authjs-app/server.mjs', v5Port, {
    NETID_CLIENT_ID: 'consumer-v5',
    NETID_CLIENT_SECRET: 'consumer-v5-secret',
    AUTH_SECRET: 'consumer-authjs-secret-0123456789abcdef0123',
  });
}, 180_000);

afterAll(async () => {
  await apps.betterAuth?.server.stop();
  await apps.authjs?.server.stop();
  await broker?.close();
});

async function call(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', jar.header());
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(res);
  return res;
}

async function expectToken(jar: CookieJar, app: RunningApp): Promise<void> {
  const res = await call(jar, `${app.url}/token`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { tokenType: string; expiresAt: number; length: number };
  expect(body.tokenType).toMatch(/^bearer$/i);
  expect(body.expiresAt).toBeGreaterThan(Date.now() / 1000 + 400);
  expect(body.length).toBeGreaterThan(100);
}

describe('Better Auth app on the packed tarball', () => {
  it('signs in with netID (login-permission) and the token reaches a server route, never the session JSON', async () => {
    const { url } = apps.betterAuth;
    const jar = new CookieJar();
    expect((await call(jar, `${url}/token`)).status).toBe(401);
    const start = await call(jar, `${url}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ provider: 'netid', callbackURL: '/' }),
    });
    expect(start.status).toBe(200);
    const back = await signInAtBroker(((await start.json()) as { url: string }).url);
    expect(back.href.startsWith(`${url}/api/auth/callback/netid?`)).toBe(true);
    const callback = await call(jar, back.href);
    expect(callback.status).toBe(302);
    await expectToken(jar, apps.betterAuth);
    const session = await (await call(jar, `${url}/api/auth/get-session`)).text();
    expect(JSON.parse(session).user.email).toBe('max.mustermann@example.com');
    expect(session).not.toMatch(JWT_LIKE);
  });
});

describe('Auth.js v5 app on the packed tarball', () => {
  it('signs in with netID (login-permission) and the token reaches a server route, never /api/auth/session', async () => {
    const { url } = apps.authjs;
    const jar = new CookieJar();
    expect((await call(jar, `${url}/token`)).status).toBe(401);
    const { csrfToken } = (await (await call(jar, `${url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const start = await call(jar, `${url}/api/auth/signin/netid`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${url}/` }),
    });
    expect(start.status).toBe(302);
    const back = await signInAtBroker(start.headers.get('location')!);
    expect(back.href.startsWith(`${url}/api/auth/callback/netid?`)).toBe(true);
    const callback = await call(jar, back.href);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe(`${url}/`);
    await expectToken(jar, apps.authjs);
    const session = await (await call(jar, `${url}/api/auth/session`)).text();
    expect(JSON.parse(session)).toMatchObject({ user: { email: 'max.mustermann@example.com' }, netId: { flow: 'login-permission' } });
    expect(session).not.toMatch(JWT_LIKE);
  });
});
