/**
 * Browser hardening of the Next.js app: the nonce CSP and the secure headers on every page and on
 * API errors, and no other origin can frame the consent page.
 */
import { E2E_APP_URL, E2E_OIDC_APP_URL } from '../../playwright.config';
import { expect, test } from './fixtures';
import { otherOrigin } from './other-origin';
import { expectPagePolicy, expectStaticHeaders } from './security-checks';
import { signIn } from './sign-in-helpers';

const PAGES = ['/', '/consent', '/auth/error?code=access_denied'];

test('every page answers with a nonce CSP and the secure headers, and Next.js puts the nonce on its scripts', async ({ page }) => {
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    const { nonce } = expectPagePolicy(res!.headers(), path);
    nonces.add(nonce);
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.nonce));
    expect(scripts.length, `${path}: scripts`).toBeGreaterThan(0);
    expect(new Set(scripts), `${path}: every script carries this response's nonce`).toEqual(new Set([nonce]));
  }
  expect(nonces.size, 'a fresh nonce per response').toBe(PAGES.length);
  // Signed in, the pages still work under the policy (the fixture fails the test on any violation).
  await signIn(page, 'login-permission');
  for (const path of ['/', '/consent']) expectPagePolicy((await page.goto(path))!.headers(), `${path} signed in`);
  // The consent panel loaded its status through the page's own (nonced) scripts; the code sits in the closed "details for developers".
  await expect(page.getByTestId('consent-status-code')).toHaveText(/^PERMISSIONS_/);
});

test('API answers and errors carry nosniff and the static headers', async ({ page }) => {
  const checks: Array<[string, () => ReturnType<typeof page.request.get>, number]> = [
    ['GET /api/auth/session signed out', () => page.request.get('/api/auth/session'), 401],
    ['GET /api/permissions signed out', () => page.request.get('/api/permissions'), 401],
    ['GET /api/upstream/x without X-CSRF', () => page.request.get('/api/upstream/x'), 404],
    ['POST /api/auth/logout cross-site', () => page.request.post('/api/auth/logout', { headers: { origin: 'http://127.0.0.2:1' } }), 403],
    ['GET /api/auth/login with a long returnTo', () => page.request.get(`/api/auth/login?returnTo=/${'a'.repeat(3000)}`, { maxRedirects: 0 }), 302],
  ];
  for (const [what, call, status] of checks) {
    const res = await call();
    expect(res.status(), what).toBe(status);
    expectStaticHeaders(res.headers(), what);
    expect(res.headers()['cache-control'], what).toContain('no-store');
    if (status !== 302) expect(await res.json(), what).toHaveProperty('error');
  }
  const sessionRes = await page.request.get('/api/auth/session');
  expect(sessionRes.headers()['content-type']).toContain('application/json');
});

test.describe('framing', () => {
  test.use({ expectedCspViolations: [/frame-ancestors/] });

  test('a page on another loopback origin cannot frame /consent: the frame stays empty', async ({ page }) => {
    await signIn(page, 'login-permission');
    const evil = await otherOrigin(`<!doctype html><title>evil</title><h1>Win a prize</h1><iframe id="victim" src="${E2E_APP_URL}/consent" width="900" height="700"></iframe>`);
    try {
      const refused = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
      const framed = page.waitForResponse((r) => r.url() === `${E2E_APP_URL}/consent`);
      await page.goto(evil.url);
      const response = await framed;
      expect(response.headers()['x-frame-options']).toBe('DENY');
      await refused;
      const frame = page.frames().find((f) => f !== page.mainFrame());
      expect(frame, 'the iframe exists').toBeDefined();
      // Chromium puts its own error document in the frame: nothing of ours, nothing to click.
      expect(frame!.url()).not.toContain(E2E_APP_URL);
      expect(await frame!.locator('[data-testid^="consent-"]').count()).toBe(0);
      expect(await frame!.locator('body').innerText()).not.toContain('privacy status');
    } finally {
      await evil.close();
    }
  });
});

test.describe('generic OIDC app', () => {
  test.use({ baseURL: E2E_OIDC_APP_URL });

  test("form-action lets sign-out reach the provider's end-session endpoint, and nothing else", async ({ page }) => {
    const { formAction } = expectPagePolicy((await page.goto('/'))!.headers(), '/ (oidc)');
    expect(formAction).toHaveLength(2);
    expect(formAction[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await page.getByTestId('login-oidc').click();
    await page.getByTestId('broker-continue').click();
    await expect(page).toHaveURL(/\/account$/);
    await page.goto('/');
    await page.getByTestId('logout').click(); // a form POST, 303 to the provider: a form-action violation would fail the test
    await expect(page.getByTestId('signed-out')).toBeVisible({ timeout: 15_000 });
  });
});

/** Injects markup the way an XSS would (an inline event handler), waits for the browser to refuse it. */
async function injectInlineHandler(page: import('./fixtures').Page): Promise<unknown> {
  await page.goto('/');
  const refused = page.waitForEvent('console', (m) => /Content Security Policy/i.test(m.text()));
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.innerHTML = '<img src="/no-such-image" onerror="window.__pwned = 1">';
    document.body.appendChild(div);
  });
  await refused;
  return page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
}

test.describe('injected script', () => {
  test.use({ expectedCspViolations: [/script-src|inline/i] });

  test('is refused by the policy', async ({ page }) => {
    expect(await injectInlineHandler(page)).toBeUndefined();
  });
});

test('the shared fixture fails a spec on a CSP violation', async ({ page }) => {
  test.fail(true, 'the fixture must turn the console violation into a failure');
  expect(await injectInlineHandler(page)).toBeUndefined();
});
