/** A user who starts sign-in 60 times without finishing, then finishes one, in a real browser. */
import { expect, test } from './fixtures';

test('60 abandoned sign-ins keep the pending cookies bounded, then one completes', async ({ page, context }) => {
  const pending = async () => (await context.cookies()).filter((c) => c.name.startsWith('netid_tx.'));
  for (let i = 0; i < 60; i++) {
    await page.goto(`/api/auth/login?flow=login&returnTo=${encodeURIComponent(`/?attempt=${i}`)}`);
    await expect(page.getByTestId('broker-continue')).toBeVisible(); // the broker's page: abandoned here
  }
  const left = await pending();
  expect(left.length).toBeGreaterThan(0);
  expect(left.length).toBeLessThanOrEqual(6);
  expect(left.reduce((n, c) => n + c.name.length + c.value.length + 3, 0)).toBeLessThan(4096);

  await page.goto('/');
  await page.getByTestId('dev-login-login').click();
  await page.getByTestId('broker-continue').click();
  await expect(page.getByTestId('signed-in')).toBeVisible();
  expect((await page.request.get('/api/auth/session')).status()).toBe(200);
  expect((await pending()).length).toBeLessThanOrEqual(5);
});

test('a very long returnTo lands on the error page with a stable code', async ({ page }) => {
  await page.goto(`/api/auth/login?flow=login&returnTo=/${'x'.repeat(5000)}`);
  await expect(page.getByTestId('error-code')).toHaveText('login_parameter_too_long');
});
