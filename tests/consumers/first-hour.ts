/**
 * Shared steps of the first-hour consumer tests (first-hour-next.test.ts, first-hour-express.test.ts):
 * a partner follows the README's "Install it in your app" section literally. Commands run through
 * bash as written, with three substitutions only: the tarballs' paths for `/path/to/netid-rp-*.tgz`
 * (`netid-rp` and the companion `netid-rp-testing`, by file name),
 * the test's port for `3000`, and npm's cache first (`npm_config_prefer_offline`, set in the
 * environment, not on the line). Chromium is Debian's, with the flags of playwright.config.ts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { expect } from 'vitest';
import { ROOT } from '../../scripts/package/pack';
import { start, type Child } from './process';

export const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const TARBALL_IN_README = /\/path\/to\/(netid-rp-[\w.-]+\.tgz)/g;

/** What every command of the partner runs with: a clean environment (no NODE_ENV), npm from its cache first. */
export function partnerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEXT_TELEMETRY_DISABLED: '1',
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
    ...extra,
  };
  return env as NodeJS.ProcessEnv;
}

/** `line` for this run: the packed tarball of the same file name for each README path, the test's app URL for port 3000. */
export function forThisRun(line: string, tarballs: readonly string[], port: number): string {
  return line
    .replace(TARBALL_IN_README, (_, name: string) => {
      const tarball = tarballs.find((t) => path.basename(t) === name);
      expect(tarball, `the tarball name in the README: ${name} (packed: ${tarballs.map((t) => path.basename(t)).join(', ')})`).toBeDefined();
      return tarball!;
    })
    .replaceAll('http://localhost:3000', `http://localhost:${port}`);
}

/** Runs one README command to its end; a failure shows its output. */
export async function sh(line: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  try {
    await promisify(execFile)('bash', ['-c', line], { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`README command failed: ${line}\n${e.message}\n${(e.stdout ?? '').slice(-4000)}\n${(e.stderr ?? '').slice(-4000)}`);
  }
}

/** Starts the README's `netid-rp-testing dev-stack … > <file>` line; resolves once the file holds its variables. */
export async function startDevStack(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const child = start('bash', ['-c', line], { cwd, env });
  await child.waitFor('dev-stack ready', (_out, err) => err.includes('[dev-stack] ready'), 90_000);
  return child;
}

/** No `ioredis` anywhere in the app's tree (the package never makes an app install or resolve it). */
export function expectNoIoredis(root: string): void {
  expect(fs.existsSync(path.join(root, 'node_modules', 'ioredis')), 'node_modules/ioredis').toBe(false);
  const lock = fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8');
  expect(lock).not.toContain('node_modules/ioredis');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** At the dev broker's page (which the login route sent the browser to): pick the user and continue. */
export async function continueAtBroker(page: Page): Promise<void> {
  await page.getByTestId('broker-continue').waitFor({ timeout: 30_000 });
  await page.locator('select[name="user"]').selectOption('max');
  await page.getByTestId('broker-continue').click();
}

/** At the dev broker's page: cancel; the app's error page must answer (not 404) in the browser's language. */
export async function cancelAtBroker(page: Page): Promise<void> {
  await page.getByTestId('broker-cancel').waitFor({ timeout: 30_000 });
  const landed = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/error', { timeout: 30_000 });
  await page.getByTestId('broker-cancel').click();
  const response = await landed;
  expect(response.status()).toBe(200);
  await page.getByRole('heading', { name: 'Sign-in did not work' }).waitFor({ timeout: 15_000 });
  expect(await page.locator('code').innerText()).toBe('access_denied');
  expect(await page.getByRole('link', { name: 'Try again' }).getAttribute('href')).toMatch(/^\/api\/auth\/login\?/);
}

/** Minutes since `since` (performance.now()), one decimal. */
export function minutes(since: number): string {
  return ((performance.now() - since) / 60_000).toFixed(1);
}
