/**
 * The reference app under `next start` with the embedded services, shared by all bench sections:
 * built once and started once per `npm run bench`, stopped by {@link stopAppServer}.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

const PORT = Number(process.env.BENCH_PORT ?? 3217);
/** Base URL of the app under benchmark. */
export const BENCH_APP_URL = `http://127.0.0.1:${PORT}`;
/** Session password the bench server uses (bench sections may unseal with it). */
export const BENCH_SESSION_PASSWORD = 'bench-session-password-0123456789abcdef';

let server: ChildProcess | undefined;
let ready: Promise<string> | undefined;

async function waitFor(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`${url} did not come up`);
}

let built = false;

/** Where the bench's own bare route goes for the bench build (git-ignored; removed after the build). */
const BARE_ROUTE_DIR = 'app/api/bench';

/**
 * Runs `next build` once per `npm run bench` (skipped with BENCH_SKIP_BUILD=1), with the bench's
 * bare baseline route (bench/next-routes/bare-route.ts) added for that build only: the reference
 * app itself has no benchmark route.
 */
export function ensureNextBuild(): void {
  if (built || process.env.BENCH_SKIP_BUILD === '1') return;
  mkdirSync(`${BARE_ROUTE_DIR}/bare`, { recursive: true });
  copyFileSync('bench/next-routes/bare-route.ts', `${BARE_ROUTE_DIR}/bare/route.ts`);
  try {
    const build = spawnSync('npx', ['next', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('next build failed');
  } finally {
    rmSync(BARE_ROUTE_DIR, { recursive: true, force: true });
  }
  built = true;
}

async function start(): Promise<string> {
  ensureNextBuild();
  server = spawn('npx', ['tsx', 'scripts/dev.ts', '--start'], {
    env: { ...process.env, PORT: String(PORT), APP_URL: BENCH_APP_URL, BENCH_ROUTES: '1', SESSION_PASSWORD: BENCH_SESSION_PASSWORD, NETID_ISSUER: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  await waitFor(`${BENCH_APP_URL}/api/auth/session`, Date.now() + 120_000);
  return BENCH_APP_URL;
}

/** Starts (once) and returns the base URL of the app under `next start`. */
export function appServer(): Promise<string> {
  ready ??= start();
  return ready;
}

/** Stops the app server if a section started it. */
export function stopAppServer(): void {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  server = undefined;
  ready = undefined;
}
