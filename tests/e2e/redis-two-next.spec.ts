/**
 * Two `next start` processes of the reference app (the build the other browser tests use)
 * behind a loopback round-robin proxy, sharing one real Redis (SESSION_STORE=redis), against the
 * Duende-style provider with rotating refresh tokens: a real browser signs in through the proxy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from './fixtures';
import { expectAccessible } from './accessibility';
import { startEmbeddedOidcStack, type EmbeddedOidcStack } from 'netid-rp-testing';
import { freePort } from '../helpers/free-port';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';

const ACCESS_TOKEN_TTL = 4;
let redis: TestRedis;
let proxy: RoundRobinProxy;
let stack: EmbeddedOidcStack;
const apps: Array<{ port: number; child: ChildProcess }> = [];

async function waitUntilUp(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const status = await fetch(`http://127.0.0.1:${port}/api/auth/session`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0);
    if (status === 401) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('next start did not come up within 120 s');
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  [redis, proxy] = await Promise.all([startTestRedis(), startRoundRobinProxy()]);
  stack = await startEmbeddedOidcStack({ appUrl: proxy.url, accessTokenTtl: ACCESS_TOKEN_TTL });
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
      env: {
        ...process.env,
        ...stack.env,
        NODE_ENV: 'production',
        SESSION_STORE: 'redis',
        REDIS_URL: redis.url,
        SESSION_PASSWORD: 'two-next-processes-session-password-0123456789',
        NETID_HTTP_TIMEOUT_MS: '3000',
      },
      stdio: ['ignore', 'ignore', process.env.DEBUG_NEXT ? 'inherit' : 'ignore'],
    });
    apps.push({ port, child });
  }
  await Promise.all(apps.map((a) => waitUntilUp(a.port, a.child)));
  proxy.backends = apps.map((a) => a.port);
});

test.afterAll(async () => {
  await Promise.all(
    apps.map(
      (a) =>
        new Promise<void>((resolve) => {
          if (a.child.exitCode !== null) return resolve();
          const timer = setTimeout(() => a.child.kill('SIGKILL'), 5000);
          a.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          a.child.kill('SIGTERM');
        }),
    ),
  );
  await Promise.allSettled([proxy?.close(), stack?.close()]);
  await redis?.close();
});

const direct = (port: number, path: string, cookie: string, init: RequestInit = {}) =>
  fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });

test('sign in through the proxy; both instances read the session; one refresh for 50 due requests; logout on one signs out on both', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto(`${proxy.url}/`);
  await page.getByTestId('login-oidc').click();
  await page.getByTestId('broker-continue').click();
  await expect(page).toHaveURL(/\/account$/);
  const value = (await context.cookies()).find((c) => c.name === 'netid_session')!.value;
  const cookie = `netid_session=${value}`;
  // The cookie holds a sealed id only, not the tokens.
  expect(value.length).toBeLessThan(400);
  const both = await Promise.all(apps.map((a) => direct(a.port, '/api/auth/session', cookie)));
  expect(both.map((r) => r.status)).toEqual([200, 200]);

  await page.waitForTimeout((ACCESS_TOKEN_TTL - 0.5) * 1000);
  stack.provider.resetStats();
  const responses = await Promise.all(Array.from({ length: 50 }, () => fetch(`${proxy.url}/api/upstream/me`, { headers: { cookie, 'x-csrf': '1' }, signal: AbortSignal.timeout(30_000) })));
  expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
  expect(stack.provider.stats.refresh).toBe(1);

  const out = await direct(apps[0]!.port, '/api/auth/logout', cookie, { method: 'POST', headers: { origin: proxy.url } });
  expect(out.status).toBe(303);
  const after = await Promise.all(apps.map((a) => direct(a.port, '/api/auth/session', cookie)));
  expect(after.map((r) => r.status)).toEqual([401, 401]);
});

test('Redis stopped: pages answer the 503 page and the API 503 JSON within seconds on both instances; Redis back: the session is back', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto(`${proxy.url}/`);
  await page.getByTestId('login-oidc').click();
  await page.getByTestId('broker-continue').click();
  await expect(page).toHaveURL(/\/account$/);
  const cookie = `netid_session=${(await context.cookies()).find((c) => c.name === 'netid_session')!.value}`;

  await redis.stop();
  try {
    for (const app of apps) {
      const started = Date.now();
      const session = await direct(app.port, '/api/auth/session', cookie);
      expect(session.status).toBe(503);
      expect(await session.json()).toMatchObject({ error: 'session_store_unavailable' });
      const upstream = await direct(app.port, '/api/upstream/me', cookie, { headers: { 'x-csrf': '1' } });
      expect(upstream.status).toBe(503);
      for (const path of ['/', '/account', '/consent']) {
        const res = await direct(app.port, path, cookie);
        expect(res.status, path).toBe(503);
        expect(res.headers.get('retry-after'), path).toBe('5');
        expect(res.headers.get('cache-control'), path).toContain('no-store');
        expect(res.headers.get('content-security-policy'), path).toContain("'nonce-");
        const html = await res.text();
        expect(html, path).toContain('data-testid="unavailable-message"');
        // Styled under the page's own nonce.
        expect(html, path).toContain(`<style nonce="${/'nonce-([^']+)'/.exec(res.headers.get('content-security-policy')!)![1]}">`);
        expect(html, path).toContain('session_store_unavailable');
      }
      // Bounded: every answer above came from the 2 s command deadline (one retry at most), not a hang.
      expect(Date.now() - started).toBeLessThan(5 * 5_000);
      // Signed out, nothing needs the store: the home page renders as usual.
      expect((await direct(app.port, '/', '')).status).toBe(200);
      expect(app.child.exitCode).toBeNull();
    }
    // In the browser: the page the user asked for keeps its URL, shows the 503 page, and works under the CSP.
    const shown = await page.goto(`${proxy.url}/account`);
    expect(shown?.status()).toBe(503);
    await expect(page.getByTestId('unavailable-message')).toBeVisible();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.setViewportSize({ width: 390, height: 780 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'unavailable page');
    // German for a German browser (no language cookie yet).
    const german = await direct(apps[0]!.port, '/', cookie, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    expect(await german.text()).toContain('<html lang="de">');
  } finally {
    await redis.start();
  }

  // Redis back with its data (append-only file): the same cookie reads as signed in on both, no new sign-in.
  for (const app of apps) {
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await direct(app.port, '/api/auth/session', cookie)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await direct(app.port, '/account', cookie)).status).toBe(200);
  }
  await page.reload();
  await expect(page.getByTestId('user-sub')).toBeVisible();
});
