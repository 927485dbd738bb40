/**
 * The CMP sync of cmp-sync.spec.ts in a Chromium that blocks third-party cookies (Chrome's
 * phase-out switch, as users with the setting on have it): netID's browser-based API fails there,
 * the token path does not, because everything the bridge needs is first-party.
 */
import { test } from './fixtures';
import { twoDevices } from './cmp-devices';
import { resetPermissionCenterFaults } from './permission-center-control';

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--test-third-party-cookie-phaseout',
    ],
  },
});

test.afterEach(async () => {
  await resetPermissionCenterFaults();
});

test('third-party cookies blocked: A accepts → stored; B gets it without a banner; B rejects → A gets it', async ({ browser, page }) => {
  await twoDevices(browser, page, 'erika');
});
