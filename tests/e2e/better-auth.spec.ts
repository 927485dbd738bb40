/**
 * Better Auth + the netId plugin in Chromium: the full browser flow against the embedded broker's
 * real sign-in page. Sign in with netID (`login`), then add a Permission Center token with the
 * standalone `permission` flow (no ID token); the server sees the token, the browser never does.
 * The app and the broker run in this process (no Next build needed).
 */
import { startDevBroker, type DevBroker } from 'netid-rp-testing';
import { freePort } from '../helpers/free-port';
import { startBetterAuthApp, type BetterAuthApp } from './better-auth-app';
import { expect, test } from './fixtures';

const JWT_LIKE = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;
let broker: DevBroker;
let app: BetterAuthApp;

test.beforeAll(async () => {
  const port = await freePort();
  const client = { client_id: 'e2e-better-auth', client_secret: 'e2e-better-auth-secret' };
  broker = await startDevBroker({
    quiet: true,
    clients: [{ ...client, redirect_uris: [`http://127.0.0.1:${port}/api/auth/callback/netid`, `http://127.0.0.1:${port}/api/auth/netid/permission/callback`] }],
  });
  app = await startBetterAuthApp(port, { clientId: client.client_id, clientSecret: client.client_secret, issuer: broker.issuer });
});

test.afterAll(async () => {
  await app?.close();
  await broker?.close();
});

test('signs in with netID, then adds a Permission Center token through the standalone flow', async ({ page }) => {
  const pages: string[] = [];
  page.on('response', async (response) => {
    if (response.url().startsWith(app.url)) pages.push(await response.text().catch(() => ''));
  });

  await page.goto(app.url);
  await expect(page.getByTestId('signed-out')).toBeVisible();
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('broker-continue')).toBeVisible();
  await page.getByTestId('broker-continue').click();
  await expect(page.getByTestId('signed-in')).toContainText('max.mustermann@example.com');
  await expect(page.getByTestId('no-token')).toBeVisible();

  await page.getByTestId('authorize-permission').click();
  // The broker remembers the user; it may still ask for the new scope's consent.
  await expect(page.getByTestId('broker-continue').or(page.getByTestId('token'))).toBeVisible();
  if (await page.getByTestId('broker-continue').isVisible()) {
    await expect(page.getByTestId('broker-scopes')).toHaveText('permission_management');
    await page.getByTestId('broker-continue').click();
  }
  await expect(page.getByTestId('token')).toBeVisible();
  await expect(page.getByTestId('signed-in')).toBeVisible();

  expect(pages.join('\n')).not.toMatch(JWT_LIKE);
  const cookies = await page.context().cookies(app.url);
  expect(cookies.map((c) => c.value).join(' ')).not.toMatch(JWT_LIKE);
});

test("a cancel at netID lands on Better Auth's error page with the stable code", async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('broker-continue')).toBeVisible();
  await page.getByTestId('broker-cancel').click();
  await page.waitForURL(/\/api\/auth\/error\?error=access_denied$/);
});
