import { expect, test, type BrowserContext, type Page } from './fixtures';
import { unseal } from '../../lib/auth/session-seal';
import { E2E_SESSION_PASSWORD, signIn } from './sign-in-helpers';

async function sessionCookieValue(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'netid_session');
  expect(cookie, 'session cookie').toBeDefined();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe('Lax');
  return cookie!.value;
}

/** The Permission Center token sealed in the cookie (the test knows the e2e password). */
async function sealedPermissionToken(context: BrowserContext): Promise<string | undefined> {
  const data = await unseal(await sessionCookieValue(context), [E2E_SESSION_PASSWORD], 3600);
  return (data?.permissionToken as { accessToken?: string } | null)?.accessToken;
}

async function expectTokenNowhereVisible(page: Page, token: string) {
  expect(await page.content()).not.toContain(token);
  expect(await page.evaluate(() => document.cookie)).not.toContain('netid_session');
  const res = await page.request.get('/api/auth/session');
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).not.toContain(token);
  expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
}

test('login-permission: SSO with a Permission Center token that never reaches the browser', async ({ page, context }) => {
  await signIn(page, 'login-permission');
  await expect(page.getByTestId('flow')).toHaveText('login-permission');
  await expect(page.getByTestId('user-email')).toHaveText('max.mustermann@example.com');
  await expect(page.getByTestId('user-name')).toHaveText('Max Mustermann');
  await expect(page.getByTestId('permission-token')).toContainText('held, expires at');
  const token = await sealedPermissionToken(context);
  expect(token).toMatch(/^eyJ/);
  await expectTokenNowhereVisible(page, token!);
});

test('login: profile only, no Permission Center token', async ({ page, context }) => {
  await signIn(page, 'login', 'erika');
  await expect(page.getByTestId('flow')).toHaveText('login');
  await expect(page.getByTestId('user-sub')).not.toBeEmpty();
  await expect(page.getByTestId('permission-token')).toHaveText('none');
  expect(await sealedPermissionToken(context)).toBeUndefined();
});

test('permission: standalone token, no identity', async ({ page, context }) => {
  await signIn(page, 'permission');
  await expect(page.getByTestId('flow')).toHaveText('permission');
  await expect(page.getByTestId('user-sub')).toContainText('none');
  await expect(page.getByTestId('permission-token')).toContainText('held');
  const token = await sealedPermissionToken(context);
  expect(token).toMatch(/^eyJ/);
  await expectTokenNowhereVisible(page, token!);
});

test('sign out clears the session', async ({ page }) => {
  await signIn(page, 'login');
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('signed-out')).toBeVisible();
  expect((await page.request.get('/api/auth/session')).status()).toBe(401);
});

test('the header reads the session in the browser (useNetIdSession of netid-rp/next/client): the name when signed in, nothing when signed out', async ({ page }) => {
  const read = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/session');
  await page.goto('/');
  expect((await read).status()).toBe(401);
  await expect(page.getByTestId('session-status')).toHaveCount(0);

  await signIn(page, 'login-permission');
  // Hydrated client code fetched the token-free session route and rendered the name.
  await expect(page.getByTestId('session-status')).toHaveText('Signed in as Max Mustermann');
  await page.goto('/consent');
  await expect(page.getByTestId('session-status')).toHaveText('Signed in as Max Mustermann');

  await page.goto('/');
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('signed-out')).toBeVisible();
  await expect(page.getByTestId('session-status')).toHaveCount(0);
});

test('a tampered session cookie reads as signed out, not as an error', async ({ page, context }) => {
  await signIn(page, 'login');
  const value = await sessionCookieValue(context);
  const url = new URL(page.url());
  const tampered = value.slice(0, 30) + (value[30] === 'x' ? 'y' : 'x') + value.slice(31);
  await context.addCookies([{ name: 'netid_session', value: tampered, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
  const res = await page.reload();
  expect(res?.status()).toBe(200);
  await expect(page.getByTestId('signed-out')).toBeVisible();
  expect((await page.request.get('/api/auth/session')).status()).toBe(401);
});

test('cancel at the broker lands on the error page with a stable code and a retry', async ({ page }) => {
  await page.goto('/api/auth/login?flow=login&returnTo=/');
  await page.getByTestId('broker-cancel').click();
  await expect(page.getByTestId('error-code')).toHaveText('access_denied');
  await expect(page.getByTestId('retry')).toHaveAttribute('href', /flow=login/);
  await page.getByTestId('retry').click();
  await expect(page.getByTestId('broker-continue')).toBeVisible();
});

test('returnTo brings the user back to a same-origin path only', async ({ page }) => {
  await page.goto('/api/auth/login?flow=login&returnTo=%2F%3Fafter%3D1');
  await page.getByTestId('broker-continue').click();
  await expect(page.getByTestId('signed-in')).toBeVisible();
  expect(new URL(page.url()).search).toBe('?after=1');
  // The broker remembers the user now: prompt=login makes it show its page again.
  await page.goto('/api/auth/login?flow=login&prompt=login&returnTo=https%3A%2F%2Fevil.example%2F');
  await page.getByTestId('broker-continue').click();
  await expect(page.getByTestId('signed-in')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
  expect(new URL(page.url()).hostname).toBe('127.0.0.1');
});
