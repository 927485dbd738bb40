/** The CMP sync specs' devices and choices: two browser contexts of one user. */
import type { Browser, BrowserContext } from '@playwright/test';
import { E2E_APP_URL } from '../../playwright.config';
import { expect, type Page } from './fixtures';
import { banner, bannerSeen, consentedPurposes, expectSynced, expectTcString, getTcData, recordBannerSightings, sessionSub } from './cmp-helpers';
import { expectStored, storedTcString } from './permission-center-control';
import { signIn } from './sign-in-helpers';

/** A second device: a fresh browser context with the same settings as the test's own. */
export async function newDevice(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: E2E_APP_URL, locale: 'en-US' });
  return { context, page: await context.newPage() };
}

/** Accepts or rejects all in the banner (opened through the footer link when a choice is known already); returns the CMP's TC string. */
export async function choose(page: Page, choice: 'accept' | 'reject'): Promise<string> {
  const b = banner(page);
  if (!(await b.region.isVisible())) await b.reopen.click();
  await (choice === 'accept' ? b.acceptAll : b.rejectAll).click();
  await expect(b.region).toHaveCount(0);
  const data = await getTcData(page);
  expect(data.eventStatus).toBe('useractioncomplete');
  expect(consentedPurposes(data)).toHaveLength(choice === 'accept' ? 11 : 0);
  return data.tcString;
}

/** The two-device story: A accepts → stored; B signs in → gets it, no banner; B rejects → A gets that on its next load. */
export async function twoDevices(browser: Browser, pageA: Page, user: string): Promise<void> {
  await signIn(pageA, 'login-permission', user);
  const sub = await sessionSub(pageA);
  // The first read of this page is done before the click (a click during it is another case).
  await expectSynced(pageA);
  const accepted = await choose(pageA, 'accept');
  await expectStored(sub, accepted);

  const b = await newDevice(browser);
  try {
    await recordBannerSightings(b.page);
    await signIn(b.page, 'login-permission', user);
    await expectTcString(b.page, accepted);
    await expect(banner(b.page).region).toHaveCount(0);
    // Signed in, B's first banner waited for the stored choice instead of flashing up and away.
    expect(await bannerSeen(b.page), 'the banner showed on B after sign-in').toBe(false);
    // A new load on B: the synced choice is B's own now (first-party), no banner at any moment.
    await b.page.reload();
    await expect(b.page.getByTestId('signed-in')).toBeVisible();
    expect(await getTcData(b.page)).toMatchObject({ tcString: accepted, eventStatus: 'tcloaded' });
    await expect(banner(b.page).region).toHaveCount(0);

    const rejected = await choose(b.page, 'reject');
    expect(rejected).not.toBe(accepted);
    await expectStored(sub, rejected);

    await pageA.reload();
    await expectTcString(pageA, rejected);
    await expect(banner(pageA).region).toHaveCount(0);
    expect(consentedPurposes(await getTcData(pageA))).toEqual([]);
    // A's stale choice did not overwrite B's newer one.
    expect(await storedTcString(sub)).toBe(rejected);
  } finally {
    await b.context.close();
  }
}

