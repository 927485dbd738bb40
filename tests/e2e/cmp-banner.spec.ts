/**
 * The reference app's own TCF v2.2 CMP (app/_cmp), without netID: `window.__tcfapi` on every
 * page, the banner's buttons and settings, what `__tcfapi` answers after each choice, the choice
 * kept on the device, accessibility, 390 px, the keyboard and (through fixtures.ts) the CSP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TCString } from '@iabtcf/core';
import { expect, test, type Page } from './fixtures';
import { expectAccessible } from './accessibility';
import { banner, consentCookie, consentedPurposes, eventStatuses, getTcData, recordTcfEvents } from './cmp-helpers';

const ALL_PURPOSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** With DOCS_SCREENSHOTS=1 the banner test refreshes docs/screenshots/cmp-banner.png (as pages.spec.ts does the others). */
const DOCS_DIR = process.env.DOCS_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;

async function fitsAndAccessible(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 780 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
    await expectAccessible(page, `${name} at ${width}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('every page defines __tcfapi and shows the banner until a choice is made, with buttons named "Accept all" and "Reject all"', async ({ page }) => {
  // Signed-out pages here (/account sends a signed-out user to the broker); cmp-sync.spec.ts visits signed-in ones.
  // Not Next's built-in 404 page: it breaks the nonce CSP with inline styles of its own (the app has no not-found page yet).
  for (const path of ['/', '/consent', '/auth/error?code=access_denied']) {
    await page.goto(path);
    // Defined by the load event, before React has hydrated the page.
    expect(await page.evaluate(() => typeof (window as unknown as { __tcfapi?: unknown }).__tcfapi), path).toBe('function');
    await expect(banner(page).region, path).toBeVisible();
    await expect(banner(page).acceptAll, path).toBeVisible();
    await expect(banner(page).rejectAll, path).toBeVisible();
    const ping = await page.evaluate(
      () =>
        new Promise<{ cmpLoaded: boolean; gdprApplies: boolean; apiVersion: string }>((resolve) =>
          (window as unknown as { __tcfapi: (...a: unknown[]) => void }).__tcfapi('ping', 2, resolve),
        ),
    );
    expect(ping, path).toMatchObject({ cmpLoaded: true, gdprApplies: true, apiVersion: '2.2', cmpId: 4095, gvlVersion: 1, tcfPolicyVersion: 4 });
    const data = await getTcData(page);
    expect(data, path).toMatchObject({ tcString: '', eventStatus: 'cmpuishown', cmpId: 4095, isServiceSpecific: true, tcfPolicyVersion: 4 });
  }
});

test('Accept all: __tcfapi says useractioncomplete with every purpose, the choice is kept and the banner stays away', async ({ page }) => {
  await recordTcfEvents(page);
  await page.goto('/');
  await banner(page).acceptAll.click();
  await expect(banner(page).region).toHaveCount(0);
  const data = await getTcData(page);
  expect(data.eventStatus).toBe('useractioncomplete');
  expect(consentedPurposes(data)).toEqual(ALL_PURPOSES);
  expect(Object.values(data.vendor.consents).filter(Boolean)).toHaveLength(5);
  expect(await eventStatuses(page)).toEqual(['cmpuishown', 'useractioncomplete']);
  expect(await consentCookie(page)).toBe(data.tcString);

  // A new page load: the kept choice is "tcloaded", no banner, on any page.
  await page.goto('/consent');
  await expect(page.getByTestId('consent-signed-out')).toBeVisible();
  await expect(banner(page).region).toHaveCount(0);
  const again = await getTcData(page);
  expect(again).toMatchObject({ tcString: data.tcString, eventStatus: 'tcloaded' });
  expect(await eventStatuses(page)).toEqual(['tcloaded']);
});

test('Reject all: no purpose, no vendor, and no legitimate interest', async ({ page }) => {
  await page.goto('/');
  await banner(page).rejectAll.click();
  await expect(banner(page).region).toHaveCount(0);
  const data = await getTcData(page);
  expect(data.eventStatus).toBe('useractioncomplete');
  expect(consentedPurposes(data)).toEqual([]);
  expect(Object.values(data.vendor.consents).filter(Boolean)).toEqual([]);
  expect(Object.values(data.purpose.legitimateInterests).filter(Boolean)).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('signed-out')).toBeVisible();
  await expect(banner(page).region).toHaveCount(0);
  expect((await getTcData(page)).tcString).toBe(data.tcString);
});

test('purpose settings: choose purposes, save; the footer link reopens them pre-filled and a new choice replaces the old', async ({ page }) => {
  await recordTcfEvents(page);
  await page.goto('/');
  await banner(page).settings.click();
  await expect(banner(page).region).toHaveAttribute('data-view', 'settings');
  await page.getByTestId('cmp-purpose-1').check();
  await page.getByRole('checkbox', { name: 'Measure content performance' }).check();
  await banner(page).save.click();
  await expect(banner(page).region).toHaveCount(0);
  const first = await getTcData(page);
  expect(consentedPurposes(first)).toEqual([1, 8]);

  await page.reload();
  await expect(banner(page).region).toHaveCount(0);
  await banner(page).reopen.click();
  await expect(banner(page).region).toHaveAttribute('data-view', 'settings');
  expect((await getTcData(page)).eventStatus).toBe('cmpuishown');
  await expect(page.getByTestId('cmp-purpose-1')).toBeChecked();
  await expect(page.getByTestId('cmp-purpose-8')).toBeChecked();
  await expect(page.getByTestId('cmp-purpose-2')).not.toBeChecked();
  await banner(page).acceptAll.click();
  await expect(banner(page).region).toHaveCount(0);
  const second = await getTcData(page);
  expect(second.eventStatus).toBe('useractioncomplete');
  expect(consentedPurposes(second)).toEqual(ALL_PURPOSES);
  expect(await consentCookie(page)).toBe(second.tcString);
  expect(await eventStatuses(page)).toEqual(['tcloaded', 'cmpuishown', 'useractioncomplete']);
});

test('banner and settings: axe-clean, no sideways scrolling at 390 px, the page stays reachable above the banner', async ({ page }, info) => {
  await page.goto('/');
  await expect(banner(page).region).toBeVisible();
  await fitsAndAccessible(page, 'banner');
  await page.setViewportSize({ width: 390, height: 780 });
  await page.screenshot({ path: info.outputPath('cmp-banner-390.png') });
  if (DOCS_DIR) {
    fs.mkdirSync(DOCS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(DOCS_DIR, 'cmp-banner.png') });
  }
  // The end of the page scrolls clear of the fixed banner: the footer link can be clicked while it shows.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const footer = await banner(page).reopen.boundingBox();
  const top = await banner(page).region.boundingBox();
  expect(footer!.y + footer!.height).toBeLessThanOrEqual(top!.y);

  await banner(page).settings.click();
  await expect(banner(page).save).toBeVisible();
  await fitsAndAccessible(page, 'banner settings');
  await page.setViewportSize({ width: 390, height: 780 });
  await page.screenshot({ path: info.outputPath('cmp-settings-390.png') });
});

test('keyboard only: Tab reaches "Reject all", Enter records it, focus lands on the footer link, Enter there reopens the settings', async ({ page }) => {
  await page.goto('/auth/error?code=access_denied');
  await expect(banner(page).region).toBeVisible();
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'cmp-reject-all');
  }
  expect(reached, 'Tab reaches Reject all').toBe(true);
  await page.keyboard.press('Enter');
  await expect(banner(page).region).toHaveCount(0);
  expect(consentedPurposes(await getTcData(page))).toEqual([]);
  await expect(banner(page).reopen).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(banner(page).region).toHaveAttribute('data-view', 'settings');
  // Focus moved into the settings: Space ticks the first purpose, then Tab on to "Save my choice".
  await expect(page.getByTestId('cmp-purpose-1')).toBeFocused();
  await page.keyboard.press('Space');
  await banner(page).save.focus();
  await page.keyboard.press('Enter');
  await expect(banner(page).region).toHaveCount(0);
  expect(consentedPurposes(await getTcData(page))).toEqual([1]);
});

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('the banner speaks German and is axe-clean; the TC string says DE', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('button', { name: 'Alle akzeptieren', exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Ihre Datenschutz-Einstellungen' })).toBeVisible();
    await page.getByTestId('cmp-settings').click();
    await expect(page.getByRole('checkbox', { name: 'Messung der Werbeleistung' })).toBeVisible();
    await fitsAndAccessible(page, 'banner (de)');
    await page.getByRole('button', { name: 'Alle ablehnen', exact: true }).click();
    await expect(banner(page).region).toHaveCount(0);
    expect(TCString.decode((await getTcData(page)).tcString).consentLanguage).toBe('DE');
    await expect(page.getByTestId('cmp-open-settings')).toHaveText('Datenschutz-Einstellungen');
  });
});
