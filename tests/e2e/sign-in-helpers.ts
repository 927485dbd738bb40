import { expect, type Page } from '@playwright/test';

/** Must match the SESSION_PASSWORD of playwright.config.ts's web servers. */
export const E2E_SESSION_PASSWORD = 'e2e-session-password-at-least-32-characters-long';

/** From the signed-out home page through the broker's sign-in page, back signed in. */
export async function signIn(page: Page, flow: 'login' | 'login-permission' | 'permission', user = 'max'): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('signed-out')).toBeVisible();
  // The home page leads with one netID button (login-permission); the other flows sit in its developer section.
  await page.getByTestId(flow === 'login-permission' ? 'login-login-permission' : `dev-login-${flow}`).click();
  await expect(page.getByTestId('broker-continue')).toBeVisible();
  await page.locator('select[name="user"]').selectOption(user);
  await page.getByTestId('broker-continue').click();
  await expect(page.getByTestId('signed-in')).toBeVisible();
}
