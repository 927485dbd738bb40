/**
 * The generic-OIDC app in the browser: the BFF proxy refuses a cross-site GET and never makes a
 * user's answer cacheable; a 6 KB session round-trips through chunked cookies (written back by a
 * token renewal) and shrinks back to one cookie.
 */
import { randomBytes } from 'node:crypto';
import { seal, unseal } from '../../lib/auth/session-seal';
import { E2E_OIDC_APP_URL } from '../../playwright.config';
import { expect, test, type BrowserContext, type Page } from './fixtures';
import { otherOrigin } from './other-origin';
import { E2E_SESSION_PASSWORD } from './sign-in-helpers';

test.use({ baseURL: E2E_OIDC_APP_URL });

async function signInOidc(page: Page) {
  await page.goto('/');
  await page.getByTestId('login-oidc').click();
  await page.getByTestId('broker-continue').click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('upstream-sub')).not.toBeEmpty();
}

const sessionCookies = async (context: BrowserContext) =>
  (await context.cookies()).filter((c) => /^netid_session(\.\d+)?$/.test(c.name)).sort((a, b) => a.name.localeCompare(b.name));

test('a cross-site GET to /api/upstream is refused; the app itself gets a no-store answer even when the upstream says public', async ({ page }) => {
  await signInOidc(page);
  // Our own page's call (X-CSRF: 1, same origin): forwarded, but never cacheable.
  const own = await page.evaluate(async () => {
    const res = await fetch('/api/upstream/me', { headers: { 'x-csrf': '1' } });
    return { status: res.status, cacheControl: res.headers.get('cache-control'), body: (await res.json()) as { sub?: string } };
  });
  expect(own.status).toBe(200);
  expect(own.body.sub).toBeTruthy();
  expect(own.cacheControl).toBe('no-store'); // the upstream answered Cache-Control: public, max-age=300

  // Another site links to the proxy: the browser sends the (Lax) session cookie on a top-level GET.
  const evil = await otherOrigin(`<!doctype html><a id="go" href="${E2E_OIDC_APP_URL}/api/upstream/me?transfer=all">free stuff</a>`);
  try {
    await page.goto(evil.url);
    const navigation = page.waitForResponse((r) => r.url().endsWith('/api/upstream/me?transfer=all'));
    await page.click('#go');
    const res = await navigation;
    expect(res.status()).toBe(403);
    expect((await res.json()).error).toMatch(/^(cross_site_request|csrf_header_missing)$/);
    expect(await page.content()).not.toContain(own.body.sub!);
  } finally {
    await evil.close();
  }
});

test('a 6 KB session round-trips through chunked cookies and shrinks back to one cookie', async ({ page, context }) => {
  await signInOidc(page);
  const [single] = await sessionCookies(context);
  expect(single!.name).toBe('netid_session');
  // Grow the session to about 6 KB (a provider with many claims), sealed as the app would.
  const data = (await unseal(single!.value, [E2E_SESSION_PASSWORD], 3600)) as Record<string, unknown> & { user: Record<string, unknown>; expiresAt: number };
  const blob = randomBytes(Math.max(500, Math.floor((6200 - single!.value.length) * 0.55))).toString('base64url');
  const big = await seal({ ...data, user: { ...data.user, blob } }, [E2E_SESSION_PASSWORD], data.expiresAt - Math.floor(Date.now() / 1000));
  expect(big.length).toBeGreaterThan(5500);
  expect(big.length).toBeLessThan(8000);
  const url = new URL(E2E_OIDC_APP_URL);
  const cookie = { domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const };
  await context.clearCookies({ name: 'netid_session' });
  await context.addCookies([
    { ...cookie, name: 'netid_session.0', value: big.slice(0, 4000) },
    { ...cookie, name: 'netid_session.1', value: big.slice(4000) },
  ]);
  const session = await page.request.get('/api/auth/session');
  expect(session.status()).toBe(200);
  expect(((await session.json()) as { user: { blob?: string } }).user.blob).toBe(blob);

  // Access tokens live 5 s here: the next upstream call renews and writes the big session back, in chunks.
  await page.waitForTimeout(6_500);
  await page.goto('/account');
  await expect(page.getByTestId('upstream-sub')).not.toBeEmpty();
  await expect.poll(async () => (await sessionCookies(context)).map((c) => c.value).join('') !== big, 'the renewed session was written').toBe(true);
  const chunks = await sessionCookies(context);
  expect(chunks.map((c) => c.name)).toEqual(['netid_session.0', 'netid_session.1']);
  for (const c of chunks) expect(c.httpOnly).toBe(true);
  const rewritten = (await unseal(chunks.map((c) => c.value).join(''), [E2E_SESSION_PASSWORD], 3600)) as { user: { blob?: string } };
  expect(rewritten.user.blob).toBe(blob);

  // A new sign-in writes a small session: one cookie again, the chunks deleted.
  await page.goto('/api/auth/login?returnTo=%2Faccount');
  const continueButton = page.getByTestId('broker-continue');
  await expect(continueButton.or(page.getByTestId('upstream-sub'))).toBeVisible();
  if (await continueButton.isVisible()) await continueButton.click();
  await expect(page).toHaveURL(/\/account$/);
  expect((await sessionCookies(context)).map((c) => c.name)).toEqual(['netid_session']);
  // Signing out deletes everything.
  await page.goto('/');
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('signed-out')).toBeVisible({ timeout: 15_000 });
  expect(await sessionCookies(context)).toEqual([]);
});
