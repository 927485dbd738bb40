/**
 * The reference CMP synced with netID's Permission Center through the bridge (`netid-rp/cmp`)
 * and its route, end to end in Chromium against the dev stack's simulator (issue 21, item 4):
 * two devices (browser contexts) of one user, a choice made signed out or with an expired token,
 * the Permission Center down or slow. Third-party cookies blocked: cmp-third-party-cookies.spec.ts.
 */
import type { BrowserContext } from '@playwright/test';
import { E2E_APP_URL } from '../../playwright.config';
import { seal, unseal } from '../../lib/auth/session-seal';
import { expect, test, type Page } from './fixtures';
import { choose, newDevice, twoDevices } from './cmp-devices';
import { banner, consentedPurposes, expectSynced, expectTcString, getTcData, sessionSub } from './cmp-helpers';
import { expectStored, resetPermissionCenterFaults, setPermissionCenterFaults, storedTcString } from './permission-center-control';
import { E2E_SESSION_PASSWORD, signIn } from './sign-in-helpers';

/** Replaces the session cookie with one whose Permission Center token has expired (as consent.spec.ts does). */
async function expirePermissionToken(context: BrowserContext): Promise<void> {
  const cookie = (await context.cookies()).find((c) => c.name === 'netid_session');
  const data = (await unseal(cookie!.value, [E2E_SESSION_PASSWORD], 3600))!;
  const now = Math.floor(Date.now() / 1000);
  const expired = { ...data, permissionToken: { ...(data.permissionToken as object), expiresAt: now - 1 } };
  const value = await seal(expired, [E2E_SESSION_PASSWORD], (data.expiresAt as number) - now);
  await context.addCookies([{ name: 'netid_session', value, domain: new URL(E2E_APP_URL).hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
}

/** Signs in again from a signed-in page (the broker may remember the user and skip its page). */
async function signInAgain(page: Page): Promise<void> {
  await page.goto('/api/auth/login?flow=login-permission&returnTo=%2F');
  const continueButton = page.getByTestId('broker-continue');
  await Promise.race([continueButton.waitFor(), page.waitForURL(/\/$/)]);
  if (await continueButton.isVisible()) await continueButton.click();
  await expect(page.getByTestId('signed-in')).toBeVisible();
}

test.afterEach(async () => {
  await resetPermissionCenterFaults();
});

test('device A accepts all → stored; device B signs in → its CMP has that choice, no banner; B rejects all → A gets it on its next load', async ({ browser, page }) => {
  await twoDevices(browser, page, 'max');
});

test('a choice made while signed out is written after the next sign-in, without asking again', async ({ page }) => {
  await page.goto('/');
  const tc = await choose(page, 'accept');
  await signIn(page, 'login-permission', 'erika');
  const sub = await sessionSub(page);
  await expectStored(sub, tc);
  await expect(banner(page).region).toHaveCount(0);
  expect((await getTcData(page)).tcString).toBe(tc);
});

test('a choice made after the Permission Center token expired is written after the next sign-in', async ({ page, context }) => {
  await signIn(page, 'login-permission', 'max');
  const sub = await sessionSub(page);
  await expectSynced(page);
  await expirePermissionToken(context);
  await page.reload();
  await expect(page.getByTestId('signed-in')).toBeVisible();
  const before = await storedTcString(sub);
  const tc = await choose(page, before !== null && consentedPurposes(await getTcData(page)).length === 11 ? 'reject' : 'accept');
  // The route says "sign in first": nothing is written with the expired token.
  await page.waitForTimeout(1500);
  expect(await storedTcString(sub)).toBe(before);

  await signInAgain(page);
  await expectStored(sub, tc);
  await expect(banner(page).region).toHaveCount(0);
});

test('Permission Center down: the page and the banner work, and the choice is written once it is back', async ({ page }) => {
  await signIn(page, 'login-permission', 'erika');
  const sub = await sessionSub(page);
  await expectSynced(page);
  await setPermissionCenterFaults({ down: true });
  const current = consentedPurposes(await getTcData(page)).length;
  const tc = await choose(page, current === 11 ? 'reject' : 'accept');
  await page.goto('/');
  await expect(page.getByTestId('signed-in')).toBeVisible();
  await expect(banner(page).region).toHaveCount(0);
  await page.waitForTimeout(1500);
  expect(await storedTcString(sub)).not.toBe(tc);

  await resetPermissionCenterFaults();
  // Written by the bridge's next retry or on the next page load, whichever comes first.
  await page.reload();
  await expectStored(sub, tc, 30_000);
  expect((await getTcData(page)).tcString).toBe(tc);
});

test('a choice clicked while the first read is under way is kept: the older stored one is not injected over it', async ({ browser, page }) => {
  await signIn(page, 'login-permission', 'erika');
  const sub = await sessionSub(page);
  await expectSynced(page);
  const stored = await storedTcString(sub);
  const storedAll = consentedPurposes(await getTcData(page)).length === 11;

  const b = await newDevice(browser);
  try {
    await setPermissionCenterFaults({ latencyMs: 3000 });
    await signIn(b.page, 'login-permission', 'erika');
    // B's first read is still waiting for the Permission Center: the user clicks now.
    const clicked = await choose(b.page, storedAll ? 'reject' : 'accept');
    expect(clicked).not.toBe(stored);
    await expectStored(sub, clicked, 30_000);
    await resetPermissionCenterFaults();
    await expect(b.page.getByTestId('site-footer')).toHaveAttribute('data-sync', 'synced', { timeout: 15_000 });
    expect((await getTcData(b.page)).tcString).toBe(clicked);
    await b.page.reload();
    await expectTcString(b.page, clicked);
  } finally {
    await b.context.close();
  }
});

test('Permission Center slow: the banner answers at once, pages load without waiting, and the write lands', async ({ page }) => {
  await signIn(page, 'login-permission', 'max');
  const sub = await sessionSub(page);
  await expectSynced(page);
  await setPermissionCenterFaults({ latencyMs: 4000 });
  const current = consentedPurposes(await getTcData(page)).length;
  const started = Date.now();
  const tc = await choose(page, current === 11 ? 'reject' : 'accept');
  expect(Date.now() - started, 'the banner did not wait for the Permission Center').toBeLessThan(3000);
  const loadStarted = Date.now();
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(Date.now() - loadStarted, 'the page did not wait for the Permission Center').toBeLessThan(3500);
  expect(await page.evaluate(() => typeof (window as unknown as { __tcfapi?: unknown }).__tcfapi)).toBe('function');
  await expectStored(sub, tc, 30_000);
});
