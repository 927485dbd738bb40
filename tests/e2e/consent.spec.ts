import { expect, test, type BrowserContext, type Page } from './fixtures';
import { seal, unseal } from '../../lib/auth/session-seal';
import { E2E_SESSION_PASSWORD, signIn } from './sign-in-helpers';

/** A valid IAB TCF v2 core string (service-specific, CMP 300). */
const TC_STRING = 'CQFP04AQFP04AEsABBDEBQCgAPAAAAAAAAYgF5wAQF5gAAAA';

async function openConsent(page: Page) {
  await page.getByTestId('consent-link').click();
  await expect(page).toHaveURL(/\/consent$/);
  await expect(page.getByTestId('consent-choice')).toBeVisible();
}

/** Opens the "details for developers" disclosure (identifiers, TC string). */
async function openDetails(page: Page) {
  await page.getByTestId('consent-details').locator('summary').click();
}

/** Replaces the session cookie with one whose Permission Center token has expired. */
async function expirePermissionToken(page: Page, context: BrowserContext) {
  const data = await sessionData(context);
  const now = Math.floor(Date.now() / 1000);
  const expired = { ...data, permissionToken: { ...(data.permissionToken as object), expiresAt: now - 1 } };
  const url = new URL(page.url());
  const value = await seal(expired, [E2E_SESSION_PASSWORD], (data.expiresAt as number) - now);
  await context.addCookies([{ name: 'netid_session', value, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
}

/** Continues at the broker unless it remembers the user and skips its page. */
async function passBroker(page: Page, back: RegExp) {
  const continueButton = page.getByTestId('broker-continue');
  await Promise.race([continueButton.waitFor(), page.waitForURL(back)]);
  if (await continueButton.isVisible()) await continueButton.click();
  await expect(page).toHaveURL(back);
}

async function sessionData(context: BrowserContext): Promise<Record<string, unknown>> {
  const cookie = (await context.cookies()).find((c) => c.name === 'netid_session');
  const data = await unseal(cookie!.value, [E2E_SESSION_PASSWORD], 3600);
  expect(data).toBeDefined();
  return data!;
}

test('login-permission: grant, reload, see VALID and a TPID; revoke, see INVALID and the TPID hidden', async ({ page, context }) => {
  await signIn(page, 'login-permission');
  await openConsent(page);

  // max's first netID choice in a fresh run; later runs against the same simulator may find one. The CMP
  // specs (cmp-*.spec.ts, which run before this file) may have stored a TC string for max already, without
  // an idconsent: then the Permission Center has permissions (PERMISSIONS_FOUND) and the choice is still undecided.
  if ((await page.getByTestId('consent-choice').getAttribute('data-state')) === 'undecided') {
    await expect(page.getByTestId('consent-choice')).toHaveText(/^Not decided yet/);
    await expect(page.getByTestId('consent-status-code')).toHaveText(/^PERMISSIONS_(NOT_)?FOUND$/);
  }
  if ((await page.getByTestId('consent-choice').getAttribute('data-state')) === 'granted') await page.getByTestId('consent-revoke').click();
  await page.getByTestId('consent-grant').click();
  await expect(page.getByTestId('consent-saved')).toHaveText(/granted/);
  await expect(page.getByTestId('consent-choice')).toHaveAttribute('data-state', 'granted');
  await expect(page.getByTestId('consent-choice')).toHaveText(/^Granted on \d{1,2} \w+ \d{4}/);
  await expect(page.getByTestId('consent-idconsent')).toHaveText('VALID');
  await page.reload();
  await expect(page.getByTestId('consent-status-code')).toHaveText('PERMISSIONS_FOUND');
  await expect(page.getByTestId('consent-idconsent')).toHaveText('VALID');
  await expect(page.getByTestId('consent-tpid')).toHaveText(/^[\w-]{43}$/);
  await expect(page.getByTestId('consent-etpid')).not.toHaveText('not released');
  const syncId = await page.getByTestId('consent-sync-id').textContent();
  expect(syncId).not.toBe('not released');
  expect(Date.parse((await page.getByTestId('consent-idconsent-changed-at').textContent())!)).not.toBeNaN();

  await page.getByTestId('consent-revoke').click();
  await expect(page.getByTestId('consent-choice')).toHaveText(/^Revoked on /);
  await expect(page.getByTestId('consent-idconsent')).toHaveText('INVALID');
  await expect(page.getByTestId('consent-tpid')).toHaveText('not released');
  await expect(page.getByTestId('consent-etpid')).toHaveText('not released');
  await page.reload();
  await expect(page.getByTestId('consent-idconsent')).toHaveText('INVALID');
  await expect(page.getByTestId('consent-tpid')).toHaveText('not released');
  await expect(page.getByTestId('consent-sync-id')).toHaveText(syncId!);

  // The token never reaches the browser.
  const token = ((await sessionData(context)).permissionToken as { accessToken: string }).accessToken;
  expect(await page.content()).not.toContain(token);
  expect(await (await page.request.get('/api/permissions')).text()).not.toContain(token);
});

test('stores a TC string and refuses a malformed one with a stable code', async ({ page }) => {
  await signIn(page, 'login-permission', 'erika');
  await openConsent(page);
  await openDetails(page);
  await page.getByTestId('consent-tc-input').fill('not-a-tc-string');
  await page.getByTestId('consent-tc-save').click();
  await expect(page.getByTestId('consent-error-code')).toHaveText('invalid_tc_string');
  await page.getByTestId('consent-tc-input').fill(TC_STRING);
  await page.getByTestId('consent-tc-save').click();
  await expect(page.getByTestId('consent-tcstring')).toHaveText(TC_STRING);
  await expect(page.getByTestId('consent-error')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('consent-tcstring')).toHaveText(TC_STRING);
});

test('an expired Permission Center token offers one-click renewal that lands back on the consent page', async ({ page, context }) => {
  await signIn(page, 'login-permission');
  await expirePermissionToken(page, context);

  await page.goto('/consent');
  await expect(page.getByTestId('consent-error-code')).toHaveText('permission_token_expired');
  await expect(page.getByTestId('consent-renew')).toHaveAttribute('href', '/api/auth/login?flow=login-permission&returnTo=%2Fconsent');
  await page.getByTestId('consent-renew').click();
  await passBroker(page, /\/consent$/);
  await expect(page.getByTestId('consent-choice')).toBeVisible();
  await expect(page.getByTestId('consent-error')).toHaveCount(0);
});

test('a grant clicked after the token expired survives re-authentication and is saved after a confirming click', async ({ page, context }) => {
  await signIn(page, 'login-permission', 'erika');
  await openConsent(page);
  if ((await page.getByTestId('consent-choice').getAttribute('data-state')) === 'granted') {
    await page.getByTestId('consent-revoke').click();
    await expect(page.getByTestId('consent-choice')).toHaveAttribute('data-state', 'revoked');
  }
  const before = await page.getByTestId('consent-choice').getAttribute('data-state');
  await expirePermissionToken(page, context);

  await page.getByTestId('consent-grant').click();
  await passBroker(page, /\/consent\?intent=grant$/);
  // Back with the intent: nothing is written until the user confirms.
  await expect(page.getByTestId('consent-confirm')).toBeVisible();
  await expect(page.getByTestId('consent-choice')).toHaveAttribute('data-state', before!);
  await page.getByTestId('consent-confirm-yes').click();
  await expect(page.getByTestId('consent-choice')).toHaveAttribute('data-state', 'granted');
  await expect(page.getByTestId('consent-saved')).toBeVisible();
  await expect(page).toHaveURL(/\/consent$/);
});

test('a link with ?intent= from elsewhere only asks; declining writes nothing', async ({ page }) => {
  await signIn(page, 'login-permission', 'erika');
  await page.goto('/consent?intent=revoke');
  await expect(page.getByTestId('consent-confirm')).toBeVisible();
  const before = await page.getByTestId('consent-choice').getAttribute('data-state');
  await page.getByTestId('consent-confirm-no').click();
  await expect(page.getByTestId('consent-confirm')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('consent-choice')).toHaveAttribute('data-state', before!);
});

test('a failed grant shows a readable error; "Try again" repeats the grant', async ({ page }) => {
  await signIn(page, 'login-permission', 'erika');
  await openConsent(page);
  const before = await page.getByTestId('consent-choice').getAttribute('data-state');
  const target = before === 'granted' ? 'revoke' : 'grant';
  // The first write is lost on the way (the browser sees a network failure); later calls go through.
  let dropped = false;
  await page.route('**/api/permissions?*', async (route) => {
    if (route.request().method() === 'POST' && !dropped) {
      dropped = true;
      await route.abort('connectionreset');
    } else await route.continue();
  });
  await page.getByTestId(`consent-${target}`).click();
  await expect(page.getByTestId('consent-error-code')).toHaveText('network_error');
  await expect(page.getByTestId('consent-error-message')).toHaveText(/could not be reached/);
  await expect(page.getByTestId('consent-choice')).toHaveAttribute('data-state', before!);
  await page.getByTestId('consent-reload').click();
  await expect(page.getByTestId('consent-error')).toHaveCount(0);
  await expect(page.getByTestId('consent-choice')).toHaveAttribute('data-state', target === 'grant' ? 'granted' : 'revoked');
  await expect(page.getByTestId('consent-saved')).toBeVisible();
});

test('a login-flow session gets a link to obtain a Permission Center token', async ({ page }) => {
  await signIn(page, 'login');
  await page.getByTestId('consent-link').click();
  await expect(page.getByTestId('consent-error-code')).toHaveText('permission_token_missing');
  await expect(page.getByTestId('consent-renew')).toHaveAttribute('href', /flow=login-permission/);
});

test('cross-site writes are refused', async ({ page }) => {
  await signIn(page, 'login-permission');
  const res = await page.request.post('/api/permissions', {
    headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    data: { idconsent: 'VALID' },
  });
  expect(res.status()).toBe(403);
  expect(await res.json()).toMatchObject({ error: 'cross_site_request' });
});

test('signed out, the consent page offers sign-in and the API answers 401', async ({ page }) => {
  await page.goto('/consent');
  await expect(page.getByTestId('consent-signed-out')).toBeVisible();
  await expect(page.getByTestId('consent-sign-in')).toHaveAttribute('href', /flow=login-permission&returnTo=%2Fconsent/);
  expect((await page.request.get('/api/permissions')).status()).toBe(401);
});
