/**
 * `npm run bench`: prints `name: value` lines.
 * - broker requests per login (in-process RP against the embedded broker)
 * - session-read throughput of `GET /api/auth/session` vs a bare route, served by `next start`
 * - sealed session cookie size for the largest claim set the broker returns
 * Bounded: every load run lasts BENCH_SECONDS (default 8) and talks to loopback only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createNetIdAuth, parseConfig } from '../lib/auth';
import { sessionCookie } from '../lib/auth/session';
import { startDevBroker } from '../lib/dev/broker';
import { RpBrowser } from '../tests/helpers/rp-browser';
import { signInOverHttp } from './http-session';
import { load } from './load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 3217);
const APP_URL = `http://127.0.0.1:${PORT}`;
const out = (name: string, value: string | number) => console.info(`${name}: ${value}`);

async function brokerTraffic(): Promise<void> {
  const appUrl = 'http://127.0.0.1:3998';
  const broker = await startDevBroker({
    quiet: true,
    clients: [{ client_id: 'bench', client_secret: 'bench-secret', redirect_uris: [`${appUrl}/api/auth/callback`] }],
  });
  try {
    const config = parseConfig({
      NETID_ISSUER: broker.issuer,
      NETID_CLIENT_ID: 'bench',
      NETID_CLIENT_SECRET: 'bench-secret',
      APP_URL: appUrl,
      SESSION_PASSWORD: 'bench-session-password-0123456789abcdef',
    });
    const auth = createNetIdAuth({ config, log: () => {} });
    await new RpBrowser(auth, appUrl).signIn('?flow=login-permission');
    out('first_login_broker_requests', JSON.stringify(broker.stats));
    broker.resetStats();
    const b = new RpBrowser(auth, appUrl);
    await b.signIn('?flow=login-permission');
    out('login_token_requests', broker.stats.token);
    out('login_discovery_and_jwks_requests_after_first', broker.stats.discovery + broker.stats.jwks);
    out('login_userinfo_requests', broker.stats.userinfo);
    const session = await auth.getSession(b.jar.header());
    const biggest = { ...session!, user: { ...session!.user!, ...broker.users.max!.claims } };
    const cookie = (await sessionCookie(biggest, config)).split(';')[0]!;
    out('sealed_session_cookie_bytes_largest_claims', cookie.length);
  } finally {
    await broker.close();
  }
}

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

async function sessionThroughput(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const build = spawnSync('npx', ['next', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const server = spawn('npx', ['tsx', 'scripts/dev.ts', '--start'], {
    env: { ...process.env, PORT: String(PORT), APP_URL, BENCH_ROUTES: '1', SESSION_PASSWORD: 'bench-session-password-0123456789abcdef', NETID_ISSUER: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    await waitFor(`${APP_URL}/api/auth/session`, Date.now() + 120_000);
    const cookie = await signInOverHttp(APP_URL);
    out('session_cookie_bytes', cookie.length);
    // Warm both routes (JIT, caches), then measure.
    await load(`${APP_URL}/api/auth/session`, { cookie }, 2);
    await load(`${APP_URL}/api/bench/bare`, { cookie }, 2);
    const bare = await load(`${APP_URL}/api/bench/bare`, { cookie }, SECONDS);
    const session = await load(`${APP_URL}/api/auth/session`, { cookie }, SECONDS);
    if (session.non2xx > 0 || bare.non2xx > 0) throw new Error('non-2xx responses during the load run');
    out('bare_route_rps', bare.rps);
    out('bare_route_p50_ms', bare.p50);
    out('session_read_rps', session.rps);
    out('session_read_p50_ms', session.p50);
    out('session_read_p99_ms', session.p99);
    out('session_read_vs_bare_ratio', (session.rps / bare.rps).toFixed(2));
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}

await brokerTraffic();
await sessionThroughput();
