/**
 * A partner's first hour with Next.js (issue 25): a new app from the `create-next-app@16` template
 * (tests/consumers/fixtures/create-next-app-16: its files as `npx create-next-app@16 --yes` wrote
 * them, Cache Components on; installed at this repository's next/react versions, which npm has in
 * its cache, without its ESLint packages, which `next build` does not use), then the README's
 * "Install it in your app" Next.js steps exactly as written: its install commands (only the peers
 * it names: no ioredis ends up in the tree), its files, `next build` before any variable exists
 * (no secrets), the dev stack into `.env.local`, `next start`; in Chromium: a guarded page, sign-in,
 * the client greeting, sign-out through the form, and a cancelled sign-in that lands on the error
 * page, not a 404. Then the same with Cache Components off. Prints the minutes from the README's
 * first `npm install` to signed in (the README states them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../../scripts/package/pack';
import { freePort } from '../helpers/free-port';
import { cancelAtBroker, continueAtBroker, expectNoIoredis, forThisRun, launchChromium, minutes, partnerEnv, README, sh, startDevStack } from './first-hour';
import { start, waitForUrl, type Child } from './process';
import { command, installSteps, writeFiles } from './readme-snippets';

const TEMPLATE = path.join(ROOT, 'tests', 'consumers', 'fixtures', 'create-next-app-16');
const EMAIL = 'max.mustermann@example.com';
const tarballs = [inject('tarball'), inject('testingTarball')];
const steps = installSteps(README, 'Next.js');

let work: string;
let app: string;
let port: number;
let appUrl: string;
let devStack: Child | undefined;
let server: Child | undefined;
let browser: Browser | undefined;
let installStarted = 0;

/** The template as create-next-app leaves it after its own `npm install`. */
async function createNextApp(): Promise<void> {
  fs.cpSync(TEMPLATE, app, { recursive: true });
  fs.renameSync(path.join(app, 'gitignore'), path.join(app, '.gitignore'));
  const repo = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const pkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  for (const name of ['next', 'react', 'react-dom']) pkg.dependencies[name] = repo.devDependencies[name]!;
  delete pkg.devDependencies.eslint;
  delete pkg.devDependencies['eslint-config-next'];
  fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  await sh('npm install', app, partnerEnv(), 480_000);
}

/** The README's `npx next build && npx next start` line, as its two commands. */
function buildAndStart(): { build: string; start: string } {
  const [build, startCommand] = command(steps, 'next build').replace(/#.*$/, '').split('&&').map((c) => c.trim());
  expect(build).toMatch(/next build$/);
  expect(startCommand).toMatch(/next start$/);
  return { build: build!, start: startCommand! };
}

async function build(): Promise<void> {
  const started = performance.now();
  await sh(buildAndStart().build, app, partnerEnv(), 600_000);
  console.info(`[first-hour] next build: ${minutes(started)} min`);
}

async function startServer(): Promise<void> {
  server = start('bash', ['-c', buildAndStart().start], { cwd: app, env: partnerEnv({ PORT: String(port) }) });
  await waitForUrl(`${appUrl}/api/auth/session`, 120_000, server);
}

async function stopServer(): Promise<void> {
  await server?.stop();
  server = undefined;
}

// Visible only: a streamed <Suspense> part arrives in a hidden template before it replaces the fallback.
const text = (page: Page, value: string) => page.getByText(value, { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 30_000 });

/** Guard, sign in, greet, sign out, cancel: what a partner checks by hand. */
async function partnerRound(cacheComponents: boolean): Promise<void> {
  const context = await browser!.newContext({ locale: 'en-US' });
  try {
    const page = await context.newPage();
    await page.goto(`${appUrl}/`);
    await text(page, 'unauthenticated');

    // proxy.ts: a real 307 for a signed-out visit, with or without Cache Components.
    const guarded = await fetch(`${appUrl}/account`, { redirect: 'manual' });
    expect(guarded.status).toBe(307);
    expect(guarded.headers.get('location')).toBe('/api/auth/login?returnTo=%2Faccount');

    await page.goto(`${appUrl}/account`);
    await continueAtBroker(page);
    await page.waitForURL(`${appUrl}/account`, { timeout: 30_000 });
    await text(page, `Signed in as ${EMAIL}`);
    if (cacheComponents) console.info(`[first-hour] next: README npm install → signed in: ${minutes(installStarted)} min`);

    await page.goto(`${appUrl}/`);
    await text(page, `Hello ${EMAIL}`);
    await page.goto(`${appUrl}/orders`);
    await text(page, `Orders of ${EMAIL}`);

    await page.goto(`${appUrl}/account`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${appUrl}/`, { timeout: 30_000 });
    await text(page, 'unauthenticated');
    expect((await page.request.get(`${appUrl}/api/auth/session`)).status()).toBe(401);
  } finally {
    await context.close();
  }
  // A new visitor (the broker remembers the last one) opens the page that guards itself: its
  // redirect streams inside <Suspense> after a 200 shell (the README says so), and the browser
  // lands on the sign-in all the same; cancelled there, the package's error page answers.
  const visitor = await browser!.newContext({ locale: 'en-US' });
  try {
    const page = await visitor.newPage();
    await page.goto(`${appUrl}/orders`);
    await cancelAtBroker(page);
  } finally {
    await visitor.close();
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'netid-rp-first-hour-next-'));
  app = path.join(work, 'partner-app');
  port = await freePort();
  appUrl = `http://localhost:${port}`;
  await createNextApp();
  installStarted = performance.now();
  for (const line of steps.commands.filter((c) => c.startsWith('npm '))) await sh(forThisRun(line, tarballs, port), app, partnerEnv(), 480_000);
  writeFiles(steps, app);
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await stopServer();
  await devStack?.stop();
  if (process.env.KEEP_CONSUMERS) console.info(`[first-hour] kept ${work}`);
  else if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('first hour: a new create-next-app@16 app following the README', () => {
  it('installs only what the README names: no ioredis in the tree', () => {
    expectNoIoredis(app);
    expect(fs.readFileSync(path.join(app, 'next.config.ts'), 'utf8')).toContain('cacheComponents: true');
  });

  it('builds with Cache Components and no variables at all, then signs in, guards, signs out and cancels on the dev stack', async () => {
    expect(fs.existsSync(path.join(app, '.env.local'))).toBe(false);
    await build();
    devStack = await startDevStack(forThisRun(command(steps, 'netid-rp-testing dev-stack'), tarballs, port), app, partnerEnv());
    expect(fs.readFileSync(path.join(app, '.env.local'), 'utf8')).toMatch(/^SESSION_PASSWORD=dev-only-/m);
    await startServer();
    await partnerRound(true);
  }, 900_000);

  it('does the same with Cache Components off', async () => {
    await stopServer();
    const config = path.join(app, 'next.config.ts');
    const off = fs.readFileSync(config, 'utf8').replace('cacheComponents: true', 'cacheComponents: false').replace('partialPrefetching: true', 'partialPrefetching: false');
    expect(off).toContain('cacheComponents: false');
    fs.writeFileSync(config, off);
    await build();
    await startServer();
    await partnerRound(false);
  }, 900_000);
});
