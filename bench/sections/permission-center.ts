/**
 * `GET /api/permissions` through the app (session unseal + Permission Center read) vs the same
 * read sent straight to a simulator: p50/p99 and the app's overhead as a latency ratio.
 * The direct target is a simulator in its own process (like the app's), fed the same token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createNetIdAuth, optionsFromEnv, requestCookies } from '../../lib/auth';
import { MEDIA_TYPES } from '../../lib/permission-center/internal';
import { appServer, BENCH_SESSION_PASSWORD } from '../app-server';
import { signInOverHttp } from '../http-session';
import { load } from '../load';
import { LOAD_SECONDS, out } from '../output';

/** The embedded broker's issuer, read off the app's login redirect. */
async function brokerIssuer(app: string): Promise<string> {
  const res = await fetch(`${app}/api/auth/login?flow=login-permission`, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`login answered ${res.status}`);
  return `${new URL(location).origin}/`;
}

async function startSimulatorProcess(issuer: string): Promise<{ child: ChildProcess; readUrl: string }> {
  const child = spawn('npx', ['tsx', 'packages/netid-rp-testing/src/permission-center/standalone.ts', '--issuer', issuer], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator did not start')), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', () => reject(new Error('simulator exited')));
  });
  return { child, readUrl: (JSON.parse(first) as { readUrl: string }).readUrl };
}

export default async function run(): Promise<void> {
  const app = await appServer();
  const cookie = await signInOverHttp(app);
  const issuer = await brokerIssuer(app);
  const reader = createNetIdAuth({
    ...optionsFromEnv({ NETID_ISSUER: issuer, NETID_CLIENT_ID: 'bench', NETID_CLIENT_SECRET: 'unused', APP_URL: app, SESSION_PASSWORD: BENCH_SESSION_PASSWORD }),
    log: () => {},
  });
  const token = (await reader.getSession(requestCookies(cookie)))?.permissionToken?.accessToken;
  if (!token) throw new Error('no Permission Center token in the bench session');
  const { child, readUrl } = await startSimulatorProcess(issuer);
  try {
    const direct = `${readUrl}/netid-user-status?q.identifier.in=TPID,SYNC_ID,ETPID`;
    const directHeaders = { accept: MEDIA_TYPES.userStatus, authorization: `Bearer ${token}` };
    // Warm both paths (JIT, JWKS fetch, session cache), then measure.
    await load(`${app}/api/permissions`, { cookie }, 2);
    await load(direct, directHeaders, 2);
    const viaApp = await load(`${app}/api/permissions`, { cookie }, LOAD_SECONDS);
    const straight = await load(direct, directHeaders, LOAD_SECONDS);
    if (viaApp.non2xx > 0 || straight.non2xx > 0) throw new Error('non-2xx responses during the load run');
    out('permissions_read_via_app_rps', viaApp.rps);
    out('permissions_read_via_app_p50_ms', viaApp.p50);
    out('permissions_read_via_app_p99_ms', viaApp.p99);
    out('permissions_read_direct_rps', straight.rps);
    out('permissions_read_direct_p50_ms', straight.p50);
    out('permissions_read_direct_p99_ms', straight.p99);
    out('permissions_read_app_vs_direct_p50_ratio', (viaApp.p50 / Math.max(straight.p50, 0.001)).toFixed(2));
    out('permissions_read_app_vs_direct_rps_ratio', (viaApp.rps / straight.rps).toFixed(2));
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
}
