/**
 * The CMP sync of cmp-sync.spec.ts in a Chromium that blocks third-party cookies (Chrome's
 * phase-out switch, as users with the setting on have it): netID's browser-based API fails there,
 * the token path does not, because everything the bridge needs is first-party.
 */
import { test } from './fixtures';
import { CHROMIUM_LAUNCH } from './chromium-launch';
import { twoDevices } from './cmp-devices';
import { resetPermissionCenterFaults } from './permission-center-control';

// The shared launch options plus Chrome's phase-out switch.
test.use({ launchOptions: { ...CHROMIUM_LAUNCH, args: [...CHROMIUM_LAUNCH.args, '--test-third-party-cookie-phaseout'] } });

test.afterEach(async () => {
  await resetPermissionCenterFaults();
});

test('third-party cookies blocked: A accepts → stored; B gets it without a banner; B rejects → A gets it', async ({ browser, page }) => {
  await twoDevices(browser, page, 'erika');
});
