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
import { BENCH_SESSION_PASSWORD, ensureNextBuild, stopAppServer } from '../app-server';
import { out } from '../output';
import { PEER_ROUTES, PEERS_SOURCE, peersAvailable, preparePeers, startPeers, type PeerName } from '../peers';
import { startSoakServer } from '../soak-server';
import { brokerIssuer, median, mintUsers, report, runRounds, USERS, type Route } from '../wrk-rounds';

const OUR_PORT = Number(process.env.BENCH_PORT ?? 3217) + 30;
const PEERS_PORT = OUR_PORT + 1;

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
    const options: NetIdAuthOptions = {
      ...optionsFromEnv({ NETID_ISSUER: await brokerIssuer(ours.url), NETID_CLIENT_ID: 'bench', NETID_CLIENT_SECRET: 'unused', APP_URL: ours.url, SESSION_PASSWORD: BENCH_SESSION_PASSWORD }),
      log: () => {},
    };
    const minted = await mintUsers(options, USERS, dir, 'ours');
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
    const samples = await runRounds(routes);
    const table = report('session_read', routes, samples);
    if (peers) {
      const cross = median(samples.get('ours_bare')!.map((x, i) => x.rps / samples.get('peers_bare')![i]!.rps));
      out('session_read_ours_bare_vs_peers_bare_ratio', cross.toFixed(2));
    }
    const unseal = await unsealMicro(options, minted.headers, minted.values);
    out('session_read_uncached_us_per_cookie_ours', unseal.ours.toFixed(1));
    out('session_unseal_us_per_cookie_iron_session_unsealData', unseal.iron.toFixed(1));
    console.info(table);
  } finally {
    await peers?.stop();
    await ours.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
