/**
 * `GET /api/auth/session` at real traffic, against a bare route and the peers, in one run
 * (issue 12). Servers (`next start`) pinned to core 0, `wrk` pinned to core 1 (installed by
 * scripts/ensure-wrk.sh when missing), SESSION_BENCH_CONNECTIONS connections (default 10).
 * Routes: our bare route (and, as a control, the same route sent a session cookie); our session route with 1 user (unsealed-session cache hits) and with
 * SESSION_BENCH_USERS distinct users (default 20,000; every request carries the next user's cookie,
 * minted by the testing kit's `mintSessionCookie`, so the cache of 5,000 never hits); and, when
 * `../shared/peers-bench` is there, its bare route and iron-session, next-auth and nextjs-auth0
 * with 1 and N users (cookies minted by its own scripts). Each route is pre-warmed once
 * (SESSION_BENCH_PREWARM s, default 5), then SESSION_BENCH_ROUNDS interleaved rounds (default 3)
 * of a warm-up (SESSION_BENCH_WARMUP s, default 2, discarded) and a SESSION_BENCH_SECONDS run
 * (default 10) per route. Prints per route the median req/s with its spread, p50/p99 and server
 * CPU µs per request, the ratio to its own server's bare route (median of the per-round ratios,
 * min–max), and the unseal time per cookie in-process (ours vs iron-session's unsealData).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unsealData } from 'iron-session';
import { createNetIdAuth, optionsFromEnv, requestCookies, type NetIdAuthOptions } from '../../lib/auth';
import { mintSessionCookie } from '../../lib/testing';
import { BENCH_SESSION_PASSWORD, ensureNextBuild, stopAppServer } from '../app-server';
import { out } from '../output';
import { PEER_ROUTES, PEERS_SOURCE, peersAvailable, preparePeers, startPeers, type PeerName } from '../peers';
import { pinned, startSoakServer } from '../soak-server';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = num('SESSION_BENCH_SECONDS', 10);
const WARMUP = num('SESSION_BENCH_WARMUP', 2);
const PREWARM = num('SESSION_BENCH_PREWARM', 5);
const ROUNDS = num('SESSION_BENCH_ROUNDS', 3);
const USERS = num('SESSION_BENCH_USERS', 20_000);
const CONNECTIONS = num('SESSION_BENCH_CONNECTIONS', 10);
const OUR_PORT = num('BENCH_PORT', 3217) + 30;
const PEERS_PORT = OUR_PORT + 1;
const LUA = 'bench/wrk/rotate-cookies.lua';

interface WrkResult {
  requests: number;
  rps: number;
  p50_us: number;
  p99_us: number;
  err_connect: number;
  err_read: number;
  err_write: number;
  err_status: number;
  err_timeout: number;
}

interface Route {
  name: string;
  server: 'ours' | 'peers';
  url: string;
  /** File of Cookie headers, one per user; none for a bare route. */
  cookies?: string;
  pid: number;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  cpuUsPerReq: number;
}

/** One wrk run pinned to core 1; throws on any error or non-2xx answer. */
function wrk(route: Route, seconds: number): WrkResult {
  const [cmd, args] = pinned(1, 'wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', LUA, route.url]);
  const r = spawnSync(cmd, args, { env: { ...process.env, BENCH_COOKIES_FILE: route.cookies ?? '' }, encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('JSON '));
  if (r.status !== 0 || !line) throw new Error(`wrk on ${route.name} failed: ${r.stderr || r.stdout}`);
  const result = JSON.parse(line.slice(5)) as WrkResult;
  const errors = result.err_connect + result.err_read + result.err_write + result.err_status + result.err_timeout;
  if (errors > 0) throw new Error(`${route.name}: ${errors} errors or non-2xx answers (${line})`);
  return result;
}

/** utime + stime of `pid` in clock ticks. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function measure(route: Route): Sample {
  wrk(route, WARMUP);
  const t0 = cpuTicks(route.pid);
  const r = wrk(route, SECONDS);
  const cpuUs = ((cpuTicks(route.pid) - t0) * 1e6) / CLK_TCK;
  return { rps: r.rps, p50: r.p50_us / 1000, p99: r.p99_us / 1000, cpuUsPerReq: cpuUs / r.requests };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The embedded broker's issuer, read off the app's login redirect (the minted sessions must name it). */
async function brokerIssuer(app: string): Promise<string> {
  const res = await fetch(`${app}/api/auth/login?flow=login-permission`, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`login answered ${res.status}`);
  return `${new URL(location).origin}/`;
}

/** The same four claims and 600-character token as the peers' cookies, one subject per user. */
async function mintOurs(app: string, users: number, dir: string): Promise<{ one: string; many: string; headers: string[]; values: string[]; options: NetIdAuthOptions }> {
  const options: NetIdAuthOptions = {
    ...optionsFromEnv({ NETID_ISSUER: await brokerIssuer(app), NETID_CLIENT_ID: 'bench', NETID_CLIENT_SECRET: 'unused', APP_URL: app, SESSION_PASSWORD: BENCH_SESSION_PASSWORD }),
    log: () => {},
  };
  const auth = createNetIdAuth(options);
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const headers: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < users; i++) {
    const c = await mintSessionCookie(auth, {
      user: { sub: `bench-subject-${String(i).padStart(8, '0')}`, email: `user${i}@example.com`, given_name: 'Max', family_name: 'Mustermann' },
      permissionToken: { accessToken: 'x'.repeat(600), tokenType: 'Bearer', expiresAt },
    });
    headers.push(c.header);
    values.push(c.value);
  }
  const one = join(dir, 'ours-one.txt');
  const many = join(dir, 'ours-many.txt');
  writeFileSync(one, `${headers[0]}\n`);
  writeFileSync(many, `${headers.join('\n')}\n`);
  return { one, many, headers, values, options };
}

/** Checks a route answers 200 with a user before it is loaded. */
async function check(route: Route): Promise<void> {
  const cookie = route.cookies ? readFileSync(route.cookies, 'utf8').split('\n')[0]! : undefined;
  const res = await fetch(route.url, { headers: cookie ? { cookie } : {} });
  const body = await res.text();
  if (res.status !== 200 || !/"email":"[^"]+@example\.com"/.test(body)) throw new Error(`${route.name} answered ${res.status}: ${body.slice(0, 200)}`);
}

/**
 * µs per cookie of a session read that misses the cache (our unseal + shape check, through the public
 * `getSession` of a fresh instance per round) and of iron-session's `unsealData`, sequential,
 * interleaved rounds, median.
 */
async function unsealMicro(options: NetIdAuthOptions, headers: string[], values: string[]): Promise<{ ours: number; iron: number }> {
  const ironPassword = { [values[0]!.split('*')[1]!]: BENCH_SESSION_PASSWORD };
  const n = Math.min(values.length, 5000);
  const ours: number[] = [];
  const iron: number[] = [];
  for (let round = 0; round < 4; round++) {
    const auth = createNetIdAuth(options);
    const stores = headers.slice(0, n).map((h) => requestCookies(h));
    let t0 = performance.now();
    for (const store of stores) if (!(await auth.getSession(store))) throw new Error('session read failed');
    if (round) ours.push(((performance.now() - t0) * 1000) / n);
    t0 = performance.now();
    for (let i = 0; i < n; i++) await unsealData(values[i]!, { password: ironPassword });
    if (round) iron.push(((performance.now() - t0) * 1000) / n);
  }
  return { ours: median(ours), iron: median(iron) };
}

export default async function run(): Promise<void> {
  // The shared app server of the other sections is unpinned and would compete for the cores.
  stopAppServer();
  if (spawnSync('bash', ['scripts/ensure-wrk.sh'], { stdio: 'inherit' }).status !== 0) throw new Error('wrk is missing and could not be installed');
  ensureNextBuild();
  const withPeers = peersAvailable();
  if (!withPeers) out('session_read_peers', `skipped: no peers app at ${PEERS_SOURCE} (set PEERS_BENCH_DIR); only this project's rows follow`);
  const peersDir = withPeers ? preparePeers(PEERS_PORT, (l) => console.info(l)) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'netid-session-bench-'));
  // The bench-only bare route answers only with BENCH_ROUTES=1 (the server inherits this environment).
  process.env.BENCH_ROUTES = '1';
  const ours = await startSoakServer({ kind: 'next', provider: 'netid', port: OUR_PORT, sessionPassword: BENCH_SESSION_PASSWORD });
  let peers: Awaited<ReturnType<typeof startPeers>> | undefined;
  try {
    const minted = await mintOurs(ours.url, USERS, dir);
    out('session_read_users', USERS);
    out('session_cookie_bytes', readFileSync(minted.one, 'utf8').trim().length);
    const routes: Route[] = [
      { name: 'ours_bare', server: 'ours', url: `${ours.url}/api/bench/bare`, pid: ours.pid },
      // Control: the bare route sent the same cookie (what Next itself spends on receiving a session cookie).
      { name: 'ours_bare_with_cookie', server: 'ours', url: `${ours.url}/api/bench/bare`, cookies: minted.one, pid: ours.pid },
      { name: 'ours_1_user', server: 'ours', url: `${ours.url}/api/auth/session`, cookies: minted.one, pid: ours.pid },
      { name: `ours_${USERS}_users`, server: 'ours', url: `${ours.url}/api/auth/session`, cookies: minted.many, pid: ours.pid },
    ];
    if (peersDir) {
      peers = await startPeers(peersDir, PEERS_PORT, 0, USERS);
      routes.push({ name: 'peers_bare', server: 'peers', url: `${peers.url}${PEER_ROUTES.bare}`, pid: peers.pid });
      for (const peer of ['iron', 'nextauth', 'auth0'] as PeerName[]) {
        const oneFile = join(dir, `${peer}-one.txt`);
        writeFileSync(oneFile, `${peers.oneUser[peer]}\n`);
        routes.push({ name: `${peer}_1_user`, server: 'peers', url: `${peers.url}${PEER_ROUTES[peer]}`, cookies: oneFile, pid: peers.pid });
        routes.push({ name: `${peer}_${USERS}_users`, server: 'peers', url: `${peers.url}${PEER_ROUTES[peer]}`, cookies: peers.manyUsers[peer], pid: peers.pid });
      }
    }
    for (const route of routes) await check(route);
    if (PREWARM > 0) for (const route of routes) wrk(route, PREWARM);
    const samples = new Map<string, Sample[]>(routes.map((r) => [r.name, []]));
    for (let round = 0; round < ROUNDS; round++) for (const route of routes) samples.get(route.name)!.push(measure(route));

    const rows: string[] = ['| route | req/s (median) | req/s per round | p50 ms | p99 ms | server CPU µs/req | ÷ bare (median, min–max) |', '|---|---:|---|---:|---:|---:|---:|'];
    for (const route of routes) {
      const s = samples.get(route.name)!;
      const bare = samples.get(`${route.server}_bare`)!;
      const ratios = s.map((x, i) => x.rps / bare[i]!.rps);
      const rps = median(s.map((x) => x.rps));
      const ratio = `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
      out(`session_read_${route.name}_rps`, `${Math.round(rps)} (rounds ${s.map((x) => Math.round(x.rps)).join(' / ')})`);
      out(`session_read_${route.name}_cpu_us_per_req`, median(s.map((x) => x.cpuUsPerReq)).toFixed(0));
      if (route.name !== `${route.server}_bare`) out(`session_read_${route.name}_vs_bare_ratio`, ratio);
      rows.push(
        `| ${route.name} | ${Math.round(rps)} | ${s.map((x) => Math.round(x.rps)).join(' / ')} | ${median(s.map((x) => x.p50)).toFixed(2)} | ` +
          `${median(s.map((x) => x.p99)).toFixed(2)} | ${median(s.map((x) => x.cpuUsPerReq)).toFixed(0)} | ${route.name === `${route.server}_bare` ? '1.00' : ratio} |`,
      );
    }
    if (peers) {
      const cross = median(samples.get('ours_bare')!.map((x, i) => x.rps / samples.get('peers_bare')![i]!.rps));
      out('session_read_ours_bare_vs_peers_bare_ratio', cross.toFixed(2));
    }
    const unseal = await unsealMicro(minted.options, minted.headers, minted.values);
    out('session_read_uncached_us_per_cookie_ours', unseal.ours.toFixed(1));
    out('session_unseal_us_per_cookie_iron_session_unsealData', unseal.iron.toFixed(1));
    console.info(rows.join('\n'));
  } finally {
    await peers?.stop();
    await ours.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
