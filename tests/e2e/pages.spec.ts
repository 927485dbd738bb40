import fs from 'node:fs';
import path from 'node:path';
import type { TestInfo } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
import { expectAccessible } from './accessibility';
import { E2E_OIDC_APP_URL } from '../../playwright.config';
import { signIn } from './sign-in-helpers';

/** Widths every page is checked and photographed at: a phone and a desktop. */
const WIDTHS = [390, 1280] as const;

/**
 * With DOCS_SCREENSHOTS=1 the run also refreshes the README's pictures (docs/screenshots/*.png,
 * committed): `DOCS_SCREENSHOTS=1 npx playwright test tests/e2e/pages.spec.ts`.
 */
const DOCS_DIR = process.env.DOCS_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;

/** Checks the page at each width (no horizontal scrolling, axe) and saves a screenshot of each as a test artifact. */
async function checkPage(page: Page, info: TestInfo, name: string, docs = false) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
    await expectAccessible(page, `${name} at ${width}px`);
    await page.screenshot({ path: info.outputPath(`${name}-${width}.png`), fullPage: true });
  }
  if (docs && DOCS_DIR) {
    fs.mkdirSync(DOCS_DIR, { recursive: true });
    await page.setViewportSize({ width: 390, height: 780 });
    await page.screenshot({ path: path.join(DOCS_DIR, `${name}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Presses Tab until the element with `testId` has focus (at most 20 times); every stop must show a focus ring. */
async function tabTo(page: Page, testId: string) {
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return { testId: el.dataset.testid ?? null, outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, tag: el.tagName };
    });
    if (!focused) continue;
    expect(focused.outline, `focus ring on ${focused.tag}${focused.testId ? ` [${focused.testId}]` : ''}`).toBe(true);
    if (focused.testId === testId) return;
  }
  throw new Error(`Tab never reached ${testId}`);
}

test('every page: axe-clean, no sideways scrolling at 390 px, screenshots at 390 and 1280 px', async ({ page }, info) => {
  await page.goto('/');
  await expect(page.getByTestId('signed-out')).toBeVisible();
  await checkPage(page, info, 'home', true);

  await page.goto('/consent');
  await expect(page.getByTestId('consent-signed-out')).toBeVisible();
  await checkPage(page, info, 'consent-signed-out');

  await page.goto('/auth/error?code=access_denied&flow=login');
  await expect(page.getByTestId('error-code')).toHaveText('access_denied');
  await checkPage(page, info, 'error', true);

  await page.goto('/');
  await page.getByTestId('login-login-permission').click();
  await expect(page.getByTestId('broker-continue')).toBeVisible();
  // The dev broker's page is not the app's, but the README shows it: photograph it only.
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: info.outputPath(`broker-${width}.png`), fullPage: true });
  }
  if (DOCS_DIR) {
    fs.mkdirSync(DOCS_DIR, { recursive: true });
    await page.setViewportSize({ width: 390, height: 780 });
    await page.screenshot({ path: path.join(DOCS_DIR, 'broker.png') });
  }
  await page.getByTestId('broker-continue').click();
  await expect(page.getByTestId('signed-in')).toBeVisible();
  await checkPage(page, info, 'home-signed-in');

  await page.getByTestId('consent-link').click();
  await expect(page.getByTestId('consent-choice')).toBeVisible();
  await checkPage(page, info, 'consent', true);
  await page.getByTestId('consent-details').locator('summary').click();
  await checkPage(page, info, 'consent-details');
});

test('keyboard only: sign in, open the consent page and grant, with a visible focus ring at every stop', async ({ page }) => {
  await page.goto('/auth/error?code=access_denied');
  await tabTo(page, 'error-home');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
  await tabTo(page, 'login-login-permission');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('broker-continue')).toBeVisible();
  await page.getByTestId('broker-continue').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in')).toBeVisible();
  await tabTo(page, 'consent-link');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('consent-choice')).toBeVisible();
  await tabTo(page, 'consent-grant');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('consent-choice')).toHaveAttribute('data-state', 'granted');
});

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('Accept-Language de gives German pages; the switch changes to English and the choice sticks', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByTestId('login-login-permission')).toHaveText('Mit netID anmelden');
    await page.goto('/auth/error?code=access_denied');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Die Anmeldung hat nicht geklappt');
    await expectAccessible(page, 'error (de)');

    await page.getByTestId('language-switch').click();
    await expect(page).toHaveURL(/\/auth\/error\?code=access_denied/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign-in did not work');
    await page.goto('/consent');
    await expect(page.getByTestId('consent-sign-in')).toHaveText('Sign in with netID');
  });

  test('the consent page in German: "noch nicht entschieden", then "erteilt am"', async ({ page }) => {
    await signIn(page, 'login-permission', 'erika');
    await page.goto('/consent');
    const choice = page.getByTestId('consent-choice');
    await expect(choice).toBeVisible();
    if ((await choice.getAttribute('data-state')) !== 'granted') {
      await page.getByTestId('consent-grant').click();
    }
    await expect(choice).toHaveText(/^Erteilt am \d{1,2}\. \S+ \d{4}/);
    await expectAccessible(page, 'consent (de)');
  });
});

test.describe('generic OIDC build', () => {
  test.use({ baseURL: E2E_OIDC_APP_URL });

  test('home and account pages: axe-clean, no sideways scrolling, screenshots', async ({ page }, info) => {
    await page.goto('/');
    await expect(page.getByTestId('signed-out')).toBeVisible();
    await checkPage(page, info, 'oidc-home');
    await page.getByTestId('login-oidc').click();
    await page.getByTestId('broker-continue').click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId('upstream-sub')).toBeVisible();
    await checkPage(page, info, 'account');
  });
});

test('the language switch refuses cross-site posts', async ({ page }) => {
  const res = await page.request.post('/api/locale', { headers: { origin: 'https://evil.example' }, form: { locale: 'de', returnTo: '/' }, maxRedirects: 0 });
  expect(res.status()).toBe(403);
  expect(await res.json()).toMatchObject({ error: 'cross_site_request' });
  expect(res.headers()['set-cookie']).toBeUndefined();
});
