/**
 * A partner's Express 5, Fastify 5 and Hono 4 app outside the repo (tests/consumers/fixtures/<name>-app,
 * plain ESM) on the installed tarball: each mounts the auth routes, guards a route, calls the
 * Permission Center. The broker and the Permission Center simulator come from the package's own
 * `netid-rp-testing`; the package's `netid-rp token --dev` (which loads it) runs from node_modules/.bin.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpBrowser } from '../helpers/http-browser';
import { freePort } from '../helpers/free-port';
import { start, waitForUrl, type Child } from './process';

type Kit = typeof import('netid-rp-testing');
const root = inject('consumerRoot');

describe.each(['express', 'fastify', 'hono'])('%s fixture on the packed tarball', (name) => {
  let stack: Awaited<ReturnType<Kit['startEmbeddedStack']>>;
  let server: Child;
  let appUrl: string;

  beforeAll(async () => {
    const kit = (await import(pathToFileURL(path.join(root, 'stack.mjs')).href)) as Kit;
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    stack = await kit.startEmbeddedStack({ appUrl });
    server = start(process.execPath, [`${name}-app/server.mjs`], {
      cwd: root,
      env: { PATH: process.env.PATH, ...stack.env, PORT: String(port), SESSION_PASSWORD: `consumer-${name}-session-password-32+chars`, NODE_ENV: 'production' },
    });
    await waitForUrl(`${appUrl}/api/auth/session`, 60_000, server);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await stack?.close();
  });

  it('guards a route: 401 JSON when signed out', async () => {
    const res = await fetch(`${appUrl}/me`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('signs in at the embedded broker, reads the Permission Center through the guarded route, signs out', async () => {
    const browser = new HttpBrowser(appUrl);
    const callback = await browser.signIn('?flow=login-permission&returnTo=/me');
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/me');

    const me = await browser.fetch('/me');
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { sub: string; email: string }; status: { status_code: string } };
    expect(body.user.email).toBe('max.mustermann@example.com');
    expect(body.status.status_code).toEqual(expect.any(String));
    expect(stack.permissionCenter.requests.some((r) => r.service === 'read')).toBe(true);

    const logout = await browser.fetch('/api/auth/logout', { method: 'POST', headers: { origin: appUrl } });
    expect(logout.status).toBe(303);
    expect((await browser.fetch('/me')).status).toBe(401);
  });

  it.runIf(name !== 'express')("sends the policy through the framework's own secure-headers plugin", async () => {
    const res = await fetch(`${appUrl}/me`);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('the package bin', () => {
  it('runs netid-rp token --dev: prints a token response', async () => {
    const bin = path.join(root, 'node_modules', '.bin', 'netid-rp');
    const { stdout } = await promisify(execFile)(bin, ['token', '--dev', '--profile', 'screening-eagle'], {
      cwd: root,
      timeout: 60_000,
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
    });
    expect(JSON.parse(stdout)).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer' });
  }, 90_000);
});
