/**
 * A partner's first hour with Express (issue 25): a new folder, then the README's "Install it in
 * your app" Express steps exactly as written (`npm init`, the installs with only the peers named,
 * `server.js` from the README, the dev stack into `.env`, `node --env-file=.env server.js`); in
 * Chromium: sign in from the home page, the guarded route, sign out through the form, and a
 * cancelled sign-in that lands on the package's error page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { cancelAtBroker, continueAtBroker, expectNoIoredis, forThisRun, launchChromium, minutes, partnerEnv, README, sh, startDevStack } from './first-hour';
import { start, waitForUrl, type Child } from './process';
import { command, installSteps, writeFiles } from './readme-snippets';

const EMAIL = 'max.mustermann@example.com';
const tarballs = [inject('tarball'), inject('testingTarball')];
const steps = installSteps(README, 'Express');

let work: string;
let app: string;
let port: number;
let appUrl: string;
let devStack: Child | undefined;
let server: Child | undefined;
let browser: Browser | undefined;
let installStarted = 0;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'netid-rp-first-hour-express-'));
  app = path.join(work, 'shop');
  fs.mkdirSync(app);
  port = await freePort();
  appUrl = `http://localhost:${port}`;
  installStarted = performance.now();
  const long = [command(steps, 'netid-rp-testing dev-stack'), command(steps, 'server.js')];
  for (const line of steps.commands.filter((c) => !long.includes(c))) await sh(forThisRun(line, tarballs, port), app, partnerEnv(), 480_000);
  writeFiles(steps, app);
  devStack = await startDevStack(forThisRun(long[0]!, tarballs, port), app, partnerEnv());
  server = start('bash', ['-c', forThisRun(long[1]!, tarballs, port)], { cwd: app, env: partnerEnv({ PORT: String(port) }) });
  await waitForUrl(`${appUrl}/api/auth/session`, 60_000, server);
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await devStack?.stop();
  if (process.env.KEEP_CONSUMERS) console.info(`[first-hour] kept ${work}`);
  else if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('first hour: a new Express 5 app following the README', () => {
  it('installs only what the README names: no ioredis in the tree', () => {
    expectNoIoredis(app);
  });

  it('signs in from the home page, reads the guarded route, signs out through the form, and lands a cancelled sign-in on the error page', async () => {
    expect((await fetch(`${appUrl}/me`)).status).toBe(401);
    const context = await browser!.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${appUrl}/`);
      await page.getByRole('link', { name: 'Sign in with netID' }).click();
      await continueAtBroker(page);
      await page.waitForURL(`${appUrl}/me`, { timeout: 30_000 });
      expect(await page.locator('body').innerText()).toContain(EMAIL);
      console.info(`[first-hour] express: README npm init → signed in: ${minutes(installStarted)} min`);

      await page.goto(`${appUrl}/`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${appUrl}/`, { timeout: 30_000 });
      expect((await page.request.get(`${appUrl}/me`)).status()).toBe(401);
    } finally {
      await context.close();
    }
    // A new visitor (the broker remembers the last one) cancels at the broker: the package's error page answers.
    const visitor = await browser!.newContext({ locale: 'en-US' });
    try {
      const page = await visitor.newPage();
      await page.goto(`${appUrl}/`);
      await page.getByRole('link', { name: 'Sign in with netID' }).click();
      await cancelAtBroker(page);
    } finally {
      await visitor.close();
    }
  }, 120_000);
});
