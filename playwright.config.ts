import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './tests/e2e/chromium-launch';
import { E2E_SESSION_PASSWORD } from './tests/e2e/sign-in-helpers';

/** The browser tests run against a production build served by `next start`, with the embedded broker. */
const PORT = Number(process.env.E2E_PORT ?? 3107);
export const E2E_APP_URL = `http://127.0.0.1:${PORT}`;
/** The same build in generic-OIDC mode against the embedded Duende-style provider (5 s access tokens). */
const OIDC_PORT = PORT + 1;
export const E2E_OIDC_APP_URL = `http://127.0.0.1:${OIDC_PORT}`;
const SESSION_PASSWORD = E2E_SESSION_PASSWORD;
/** The control server of the first server's Permission Center simulator (faults, stored status): tests/e2e/permission-center-control.ts. */
export const E2E_PC_CONTROL_URL = `http://127.0.0.1:${PORT + 9}`;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: E2E_APP_URL,
    browserName: 'chromium',
    launchOptions: { ...CHROMIUM_LAUNCH, args: [...CHROMIUM_LAUNCH.args] },
    trace: 'off',
    // The specs read English texts where they read texts at all; pages.spec.ts covers German itself.
    locale: 'en-US',
  },
  webServer: [
    {
    command: 'npm run build && tsx scripts/dev.ts --start',
    url: `${E2E_APP_URL}/api/auth/session`,
    // 401 means the app is up (signed out).
    ignoreHTTPSErrors: true,
    reuseExistingServer: false,
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      APP_URL: E2E_APP_URL,
      SESSION_PASSWORD,
      NETID_ISSUER: '',
      DEV_PERMISSION_CENTER_CONTROL_PORT: String(PORT + 9),
    },
    },
    {
      // Starts after the first server is up, so it reuses that build.
      command: `tsx scripts/wait-for-url.ts ${E2E_APP_URL}/api/auth/session 600 && tsx scripts/dev.ts --start --provider duende`,
      url: `${E2E_OIDC_APP_URL}/api/auth/session`,
      reuseExistingServer: false,
      timeout: 600_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { PORT: String(OIDC_PORT), APP_URL: E2E_OIDC_APP_URL, SESSION_PASSWORD, DEV_ACCESS_TOKEN_TTL: '5', OIDC_ISSUER: '', NETID_ISSUER: '' },
    },
  ],
});
