import { expect, test } from './fixtures';
import { E2E_OIDC_APP_URL } from '../../playwright.config';

test.use({ baseURL: E2E_OIDC_APP_URL });

test('generic OIDC: the protected page still reads the upstream API after the access token expired', async ({ page, context }) => {
  await page.goto('/');
  await page.getByTestId('login-oidc').click();
  await page.getByTestId('broker-continue').click();
  await expect(page).toHaveURL(/\/account$/);
  const sub = await page.getByTestId('user-sub').textContent();
  await expect(page.getByTestId('upstream-sub')).toHaveText(sub!);
  const firstExp = await page.getByTestId('upstream-exp').textContent();
  const before = (await context.cookies()).find((c) => c.name === 'netid_session')!.value;

  // Access tokens live 5 s in this server: wait past that, then read the page again.
  await page.waitForTimeout(6_500);
  await page.reload();
  await expect(page.getByTestId('upstream-sub')).toHaveText(sub!);
  const secondExp = await page.getByTestId('upstream-exp').textContent();
  expect(Date.parse(secondExp!)).toBeGreaterThan(Date.parse(firstExp!));
  const after = (await context.cookies()).find((c) => c.name === 'netid_session')!.value;
  expect(after).not.toBe(before); // the rotated refresh token was persisted

  const session = await page.request.get('/api/auth/session');
  expect(session.status()).toBe(200);
  expect(await session.text()).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
});

test('generic OIDC: logout ends the session at the provider and comes back signed out', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('login-oidc').click();
  await page.getByTestId('broker-continue').click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/');
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('signed-out')).toBeVisible({ timeout: 15_000 });
  expect((await page.request.get('/api/auth/session')).status()).toBe(401);
});
