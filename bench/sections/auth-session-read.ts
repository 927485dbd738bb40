/**
 * `GET /api/auth/session` at real traffic, against a plain Next.js app's bare route (the floor),
 * the reference app's own bare route (the chassis) and the peers, in one run (issues 12 and 26).
 * Servers (`next start`) pinned to core 0, `wrk` pinned to core 1 (installed by
 * scripts/ensure-wrk.sh when missing), SESSION_BENCH_CONNECTIONS connections (default 10).
 * Routes: `plain_bare`, the floor: the same bare route in a plain Next 16 app with no proxy and no
 * `headers()` rules, sent no cookie (bench/plain-app.ts); `plain_bare_twin`, the control of the
 * method: the same plain build started a second time (what two starts of one build differ by in
 * that run); `plain_session_bare`, the control of the traffic: the floor's build plus the package's
 * session route and nothing else, serving the same N-users reads (`plain_session_<N>_users`), so
 * its bare route shows what that traffic costs a process's other requests without any chassis;
 * `ours_bare`, the chassis: that route in the reference app's build (next.config headers, proxy.ts
 * matcher, everything else the app adds per request), no cookie, in the process that also serves
 * our session reads; `ours_bare_alone`, the same build started again and sent only that route (the
 * chassis without the session traffic); `ours_bare_alone_lazy`, the same with Next's entry preload
 * off (bench/lazy-entries-app.ts: the app's pages never loaded, so the chassis without the app's
 * size); `ours_bare_alone_no_chassis`, that server without the header rule and the proxy (the
 * chassis inside the app's build is the lazy row against it); the controls
 * `plain_bare_with_cookies` (the floor's build started once more and sent the N users' session
 * cookies, never read: what the cookie alone costs Next) and `ours_bare_with_cookie` (the chassis
 * sent a session cookie);
 * our session route with 1 user (unsealed-session cache hits) and with SESSION_BENCH_USERS
 * distinct users (default 20,000; every request carries the next user's cookie, minted by the
 * testing kit's `mintSessionCookie`, so the cache of 5,000 never hits); and, when
 * `../shared/peers-bench` (or PEERS_BENCH_DIR) is there, its bare route and iron-session,
 * next-auth and nextjs-auth0 with 1 and N users (cookies minted by its own scripts); when it is
 * not, the bench says so in its output and in the table. SESSION_BENCH_RUNS runs (default 3),
 * each on freshly started servers (one process start is one sample: see docs/session-read.md) with
 * freshly minted users: every route checked and pre-warmed (SESSION_BENCH_PREWARM s, default 5),
 * then SESSION_BENCH_ROUNDS interleaved rounds (default 3) of a warm-up (SESSION_BENCH_WARMUP s,
 * default 2, discarded) and a SESSION_BENCH_SECONDS run (default 10) per route. Prints per run and
 * route the median req/s with its rounds, p50/p99, server CPU µs per request, the ratio to its
 * own server's bare route and to the floor (median of the per-round ratios, min–max; by req/s and
 * by server CPU per request), then the runs side by side and the unseal time per cookie in-process
 * (ours vs iron-session's unsealData). Each run also measures the goals' rows paired with a
 * floor, both servers loaded at once and compared by CPU per request (bench/paired-rounds.ts), which
 * a host whose speed drifts between rounds does not move: each server measured so gets a start of
 * the floor's build of its own (ports from BENCH_PORT + 37), loaded and idle when it is;
 * SESSION_BENCH_PAIRED=a,b or `none`.
 * SESSION_BENCH_ROUTES=a,b (route names, e.g.
 * `ours_bare,ours_20000_users`) narrows the run; the floor is always measured.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unsealData } from 'iron-session';
import { createNetIdAuth, optionsFromEnv, requestCookies, type NetIdAuthOptions } from '../../lib/auth';
import { BENCH_SESSION_PASSWORD, ensureNextBuild, stopAppServer } from '../app-server';
import { out } from '../output';
import { PEER_ROUTES, PEERS_SOURCE, peersAvailable, preparePeers, startPeers, type PeerName } from '../peers';
import { pairedCell, runPairedRounds } from '../paired-rounds';
import { prepareLazyEntriesApp } from '../lazy-entries-app';
import { preparePlainApp, startPlainApp, type PlainServer } from '../plain-app';
import { startSoakServer, type SoakServer } from '../soak-server';
import { brokerIssuer, median, mintUsers, ratiosTo, report, runRounds, spread, USERS, type Route, type Sample } from '../wrk-rounds';

const OUR_PORT = Number(process.env.BENCH_PORT ?? 3217) + 30;
const PEERS_PORT = OUR_PORT + 1;
const PLAIN_PORT = OUR_PORT + 2;
const TWIN_PORT = OUR_PORT + 3;
const SAME_TRAFFIC_PORT = OUR_PORT + 4;
const COOKIES_PORT = OUR_PORT + 5;
const ALONE_PORT = OUR_PORT + 6;
/** Past the pair floors' ports (OUR_PORT + 7 onwards, one per server measured paired). */
const LAZY_PORT = OUR_PORT + 20;
const NO_CHASSIS_PORT = OUR_PORT + 21;
/** The paired rounds' floor starts, one per server measured paired: OUR_PORT + 7 onwards. */
const PAIR_FLOOR_PORT = OUR_PORT + 7;
const RUNS = Number(process.env.SESSION_BENCH_RUNS ?? 3);
const PICKED = process.env.SESSION_BENCH_ROUTES?.split(',').filter(Boolean);
/** The floor every ratio is taken against. */
const FLOOR = 'plain_bare';
/**
 * The control of the method: the same plain build started a second time, on its own port. Its ratio
 * to the floor is what two starts of one build differ by in that run (docs/session-read.md): a row
 * that reads further from the floor than the twin does is measured, not the method's noise.
 */
const TWIN = 'plain_bare_twin';
/**
 * The control of the traffic: the floor's build plus one route, `GET /api/auth/session` through the
 * package (bench/plain-app.ts, `session` variant), serving the same N-users reads as ours in every
 * run. Its bare route is what a plain app pays for serving that traffic beside it; `ours_bare`
 * against it is the chassis alone.
 */
const SAME_TRAFFIC = 'plain_session_bare';
/**
 * The control of the cookie: the floor's build started once more, its bare route sent the N users'
 * session cookies and never reading them. A process of its own: a floor that also served cookie
 * requests would itself be a process serving two kinds of request (docs/session-read.md).
 */
const COOKIES = 'plain_bare_with_cookies';
/**
 * The control of the chassis without the traffic: the reference app's build started a second time
 * and sent nothing but its bare route. With the floor, `plain_session_bare` and `ours_bare` it
 * completes two by two: the app's build or the plain one, serving the bare route alone or beside the
 * session reads.
 */
const ALONE = 'ours_bare_alone';
/**
 * The control of the app's size: the same as `ours_bare_alone`, in a server with Next's entry preload
 * off (bench/lazy-entries-app.ts), which therefore never loads the app's pages. `ours_bare_alone`
 * against it is what the preloaded pages cost the app's API routes; it against the floor, the chassis
 * and the rest of the app's build.
 */
const LAZY = 'ours_bare_alone_lazy';
/**
 * The control of the chassis inside the app: `ours_bare_alone_lazy`'s server without the `headers()`
 * rule and the proxy (taken out of the manifests `next start` reads, bench/lazy-entries-app.ts). The
 * lazy row against it is what the chassis costs in the app's own build; it against the floor, what
 * the rest of that build costs (the code loaded at start, the larger manifests).
 */
const NO_CHASSIS = 'ours_bare_alone_no_chassis';
/** The controls that start the reference app's build again and send it only its bare route: where each runs. */
const OURS_CONTROLS: Array<{ name: string; server: string; port: number; folder(): string | undefined }> = [
  { name: ALONE, server: 'ours_alone', port: ALONE_PORT, folder: () => undefined },
  { name: LAZY, server: 'ours_lazy', port: LAZY_PORT, folder: () => prepareLazyEntriesApp() },
  { name: NO_CHASSIS, server: 'ours_no_chassis', port: NO_CHASSIS_PORT, folder: () => prepareLazyEntriesApp({ chassis: false }) },
];
const PEER_NAMES: PeerName[] = ['iron', 'nextauth', 'auth0'];

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

/** Whether a route is measured: the floor always; the same-traffic control's reads whenever its bare route is. */
const picked = (name: string): boolean =>
  name === FLOOR || !PICKED || PICKED.includes(name) || (name === `plain_session_${USERS}_users` && PICKED.includes(SAME_TRAFFIC));

/**
 * Routes also measured paired with a floor, at once (bench/paired-rounds.ts; each server with a
 * start of the floor's build of its own): the goals' rows and the controls by default;
 * SESSION_BENCH_PAIRED=a,b names others, `none` skips the pairing.
 */
const PAIRED = (process.env.SESSION_BENCH_PAIRED ?? [TWIN, SAME_TRAFFIC, ALONE, LAZY, NO_CHASSIS, 'ours_bare', `ours_${USERS}_users`, 'peers_bare', ...PEER_NAMES.map((p) => `${p}_${USERS}_users`)].join(','))
  .split(',')
  .filter((name) => name && name !== 'none');
/** Whether a route of this run is measured paired: picked, and named in PAIRED. */
const pairedRoute = (route: Route): boolean => picked(route.name) && PAIRED.includes(route.name);

/** The goals read off one kind of ratio per run: the chassis's cost, the N-users read, and whether it is ahead of every peer. */
function goals(suffix: string, ratioOf: (run: number, name: string) => number | undefined, runs: number, rivals: string[]): void {
  const each = (name: string) => Array.from({ length: runs }, (_, i) => ratioOf(i, name));
  const many = `ours_${USERS}_users`;
  /** A row's distance below the floor in per cent, one figure per run, when every run measured it. */
  const percentBelow = (name: string, key: string, note: string): void => {
    const ratios = each(name);
    if (ratios.every((r) => r !== undefined)) out(`session_read_${key}${suffix}_runs`, ratios.map((r) => (100 * (1 - r!)).toFixed(1)).join(' / ') + ` (${note})`);
  };
  /** A row's distance below another row in per cent (both taken against the floor), one figure per run. */
  const relative = (name: string, base: string, key: string, note: string): void => {
    const rows = each(name);
    const bases = each(base);
    if (rows.every((r) => r !== undefined) && bases.every((r) => r !== undefined)) {
      out(`session_read_${key}${suffix}_runs`, rows.map((r, i) => (100 * (1 - r! / bases[i]!)).toFixed(1)).join(' / ') + ` (${note})`);
    }
  };
  percentBelow(TWIN, 'floor_twin_percent', 'the method: two starts of the floor');
  percentBelow(SAME_TRAFFIC, 'same_traffic_percent', 'a plain app serving the same session reads');
  percentBelow(ALONE, 'chassis_alone_percent', "the reference app's build serving its bare route only");
  percentBelow(LAZY, 'chassis_alone_lazy_entries_percent', 'the same, its pages not preloaded');
  percentBelow(NO_CHASSIS, 'app_without_chassis_percent', 'the same, without the header rule and the proxy');
  relative(LAZY, NO_CHASSIS, 'chassis_in_app_percent', `${LAZY} against ${NO_CHASSIS}: the chassis inside the app's build`);
  percentBelow('ours_bare', 'chassis_cost_percent', 'goal: ≤ 5');
  relative('ours_bare', SAME_TRAFFIC, 'chassis_vs_same_traffic_percent', `ours_bare against ${SAME_TRAFFIC}: the chassis alone`);
  const ours = each(many);
  if (!ours.every((r) => r !== undefined)) return;
  out(`session_read_${USERS}_users_vs_floor${suffix}_runs`, ours.map((r) => r!.toFixed(2)).join(' / ') + ' (goal: ≥ 0.90)');
  const peers = rivals.map(each);
  if (!rivals.length || !peers.every((p) => p.every((r) => r !== undefined))) return;
  out(`session_read_${USERS}_users_ahead_of_every_peer${suffix}_runs`, ours.map((r, i) => (peers.every((p) => p[i]! < r!) ? 'yes' : 'no')).join(' / '));
}

/** The runs side by side: per route, each run's req/s ÷ floor (median of its rounds) and by CPU; plus the issue's goals. */
function summary(routes: readonly Route[], runs: Array<Map<string, Sample[]>>, pairedRuns: Array<Map<string, number[]>>, peersNote: string | undefined): string {
  const head = runs.map((_, i) => `run ${i + 1}`);
  const rows = [
    `| route (÷ ${FLOOR}, median of the rounds: req/s; server CPU per request) | ${head.join(' | ')} |`,
    `|---|${head.map(() => '---:').join('|')}|`,
  ];
  for (const route of routes) {
    const cells = runs.map((samples) => {
      const r = ratiosTo(samples, route.name, FLOOR);
      return `${median(r.rps).toFixed(2)}; ${median(r.cpu).toFixed(2)}`;
    });
    rows.push(`| ${route.name} | ${cells.join(' | ')} |`);
    if (route.name !== FLOOR) out(`session_read_${route.name}_vs_floor_runs`, runs.map((s) => median(ratiosTo(s, route.name, FLOOR).rps).toFixed(2)).join(' / '));
  }
  if (peersNote) rows.push(`| peers | ${head.map(() => 'absent').join(' | ')} |`);
  const rivals = routes.filter((r) => r.server === 'peers' && r.name.endsWith(`_${USERS}_users`)).map((r) => r.name);
  goals('', (i, name) => (runs[i]!.has(name) ? median(ratiosTo(runs[i]!, name, FLOOR).rps) : undefined), runs.length, rivals);
  if (pairedRuns.some((p) => p.size)) {
    rows.push(...routes.filter((r) => pairedRuns[0]!.has(r.name)).map((r) => `| ${r.name}, paired with the floor (CPU per request, at once) | ${pairedRuns.map((p) => pairedCell(p, r.name).split(' ')[0]).join(' | ')} |`));
    goals('_paired', (i, name) => (pairedRuns[i]!.get(name)?.length ? median(pairedRuns[i]!.get(name)!) : undefined), runs.length, rivals);
  }
  return rows.join('\n');
}

/** One run's servers (fresh processes), the users minted against ours, and every route over them. */
interface RunServers {
  routes: Route[];
  /** Each paired route's floor: a start of the floor's build of its own per server (bench/paired-rounds.ts). */
  floorOf(route: Route): Route;
  /** Those floors' bare routes: loaded in the interleaved rounds too, so each has the twin's history (not reported). */
  pairFloors: Route[];
  options: NetIdAuthOptions;
  minted: Awaited<ReturnType<typeof mintUsers>>;
  /** Stops every server; a second call does nothing. */
  stop(): Promise<void>;
}

/** Starts the floor, the reference app and (when present) the peers, mints the users into `dir` and lists the routes. */
async function startServers(plainDir: string, sameTrafficDir: string | undefined, peersDir: string | undefined, dir: string, first: boolean): Promise<RunServers> {
  mkdirSync(dir, { recursive: true });
  const plain = await startPlainApp(plainDir, PLAIN_PORT, 0);
  let twin: PlainServer | undefined;
  let withCookies: PlainServer | undefined;
  let sameTraffic: PlainServer | undefined;
  let ours: Awaited<ReturnType<typeof startSoakServer>> | undefined;
  const oursControls: Array<{ name: string; server: string; started: SoakServer }> = [];
  let peers: Awaited<ReturnType<typeof startPeers>> | undefined;
  const pairFloors = new Map<string, { server: PlainServer; route: Route }>();
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await peers?.stop();
    await ours?.stop();
    for (const { started } of oursControls) await started.stop();
    await sameTraffic?.stop();
    await twin?.stop();
    await withCookies?.stop();
    await plain.stop();
    for (const { server } of pairFloors.values()) await server.stop();
  };
  try {
    if (picked(TWIN)) twin = await startPlainApp(plainDir, TWIN_PORT, 0);
    // The cookie control gets a process of its own: the floor's process serves the floor's traffic only.
    if (picked(COOKIES)) withCookies = await startPlainApp(plainDir, COOKIES_PORT, 0);
    ours = await startSoakServer({ kind: 'next', provider: 'netid', port: OUR_PORT, sessionPassword: BENCH_SESSION_PASSWORD });
    for (const control of OURS_CONTROLS.filter((c) => picked(c.name))) {
      const started = await startSoakServer({ kind: 'next', provider: 'netid', port: control.port, sessionPassword: BENCH_SESSION_PASSWORD, cwd: control.folder() });
      oursControls.push({ name: control.name, server: control.server, started });
    }
    const env = { NETID_ISSUER: await brokerIssuer(ours.url), NETID_CLIENT_ID: 'bench', NETID_CLIENT_SECRET: 'unused', SESSION_PASSWORD: BENCH_SESSION_PASSWORD };
    const options: NetIdAuthOptions = { ...optionsFromEnv({ ...env, APP_URL: ours.url }), log: () => {} };
    // Same issuer and password as ours: the same minted cookies are live sessions there too.
    if (sameTrafficDir) sameTraffic = await startPlainApp(sameTrafficDir, SAME_TRAFFIC_PORT, 0, { ...env, APP_URL: `http://127.0.0.1:${SAME_TRAFFIC_PORT}` });
    const minted = await mintUsers(options, USERS, dir, 'ours');
    if (first) {
      out('session_read_users', USERS);
      out('session_cookie_bytes', readFileSync(minted.one, 'utf8').trim().length);
    }
    const routes: Route[] = [
      { name: FLOOR, server: 'plain', url: `${plain.url}/api/bench/bare`, pid: plain.pid },
      // The floor's build sent the N users' session cookies (never read): what the cookie alone costs a plain Next app.
      ...(withCookies ? [{ name: COOKIES, server: 'plain_cookies', url: `${withCookies.url}/api/bench/bare`, cookies: minted.many, pid: withCookies.pid }] : []),
      ...(twin ? [{ name: TWIN, server: 'twin', url: `${twin.url}/api/bench/bare`, pid: twin.pid }] : []),
      ...(sameTraffic
        ? [
            { name: SAME_TRAFFIC, server: 'same_traffic', url: `${sameTraffic.url}/api/bench/bare`, pid: sameTraffic.pid },
            { name: `plain_session_${USERS}_users`, server: 'same_traffic', url: `${sameTraffic.url}/api/auth/session`, cookies: minted.many, pid: sameTraffic.pid },
          ]
        : []),
      { name: 'ours_bare', server: 'ours', url: `${ours.url}/api/bench/bare`, pid: ours.pid },
      ...oursControls.map(({ name, server, started }) => ({ name, server, url: `${started.url}/api/bench/bare`, pid: started.pid })),
      // Control: the bare route sent the same cookie (what Next itself spends on receiving a session cookie).
      { name: 'ours_bare_with_cookie', server: 'ours', url: `${ours.url}/api/bench/bare`, cookies: minted.one, pid: ours.pid },
      { name: 'ours_1_user', server: 'ours', url: `${ours.url}/api/auth/session`, cookies: minted.one, pid: ours.pid },
      { name: `ours_${USERS}_users`, server: 'ours', url: `${ours.url}/api/auth/session`, cookies: minted.many, pid: ours.pid },
    ];
    if (peersDir) {
      peers = await startPeers(peersDir, PEERS_PORT, 0, USERS);
      routes.push({ name: 'peers_bare', server: 'peers', url: `${peers.url}${PEER_ROUTES.bare}`, pid: peers.pid });
      for (const peer of PEER_NAMES) {
        const oneFile = join(dir, `${peer}-one.txt`);
        writeFileSync(oneFile, `${peers.oneUser[peer]}\n`);
        routes.push({ name: `${peer}_1_user`, server: 'peers', url: `${peers.url}${PEER_ROUTES[peer]}`, cookies: oneFile, pid: peers.pid });
        routes.push({ name: `${peer}_${USERS}_users`, server: 'peers', url: `${peers.url}${PEER_ROUTES[peer]}`, cookies: peers.manyUsers[peer], pid: peers.pid });
      }
    }
    // One floor start per server measured paired, loaded and idle exactly when that server is: with a
    // single floor loaded in every window, seven starts of the floor's own build read 0.61-0.92 of it
    // (docs/session-read.md); each with a start of its own, 0.96-1.03. They go through the interleaved
    // rounds as well: a floor warmed by its pre-warm alone read the twin, warmed by its rounds, at 1.2-1.8.
    for (const server of new Set(routes.filter(pairedRoute).map((r) => r.server))) {
      const started = await startPlainApp(plainDir, PAIR_FLOOR_PORT + pairFloors.size, 0);
      pairFloors.set(server, { server: started, route: { name: `${FLOOR}_for_${server}`, server: `plain_for_${server}`, url: `${started.url}/api/bench/bare`, pid: started.pid } });
    }
    const floorOf = (route: Route): Route => pairFloors.get(route.server)!.route;
    return { routes, floorOf, pairFloors: [...pairFloors.values()].map((f) => f.route), options, minted, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export default async function run(): Promise<void> {
  // The shared app server of the other sections is unpinned and would compete for the cores.
  stopAppServer();
  if (spawnSync('bash', ['scripts/ensure-wrk.sh'], { stdio: 'inherit' }).status !== 0) throw new Error('wrk is missing and could not be installed');
  ensureNextBuild();
  const plainDir = preparePlainApp((l) => console.info(l));
  const sameTrafficDir = [SAME_TRAFFIC, `plain_session_${USERS}_users`].some(picked) ? preparePlainApp((l) => console.info(l), 'session') : undefined;
  const wantPeers = ['peers_bare', ...PEER_NAMES.flatMap((p) => [`${p}_1_user`, `${p}_${USERS}_users`])].some(picked);
  const withPeers = wantPeers && peersAvailable();
  const peersNote = wantPeers && !withPeers ? `absent: no peers app at ${PEERS_SOURCE} (set PEERS_BENCH_DIR); the table has this project's rows only` : undefined;
  if (peersNote) out('session_read_peers', peersNote);
  const peersDir = withPeers ? preparePeers(PEERS_PORT, (l) => console.info(l)) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'netid-session-bench-'));
  // The bench-only bare route answers only with BENCH_ROUTES=1 (the server inherits this environment).
  process.env.BENCH_ROUTES = '1';
  const runs: Array<Map<string, Sample[]>> = [];
  const pairedRuns: Array<Map<string, number[]>> = [];
  let last: RunServers | undefined;
  try {
    for (let i = 0; i < RUNS; i++) {
      // Fresh servers for every run: one process start of the same build can serve the same route at
      // a CPU cost ~10 % apart from the next (docs/session-read.md), so each run samples one start.
      const servers = await startServers(plainDir, sameTrafficDir, peersDir, join(dir, `run${i + 1}`), i === 0);
      last = servers;
      try {
        const measured = servers.routes.filter((r) => picked(r.name));
        // The pair floors load in these rounds like any route (their figures are not reported): a paired
        // window then compares two servers with the same history of load.
        const samples = await runRounds([...measured, ...servers.pairFloors]);
        runs.push(samples);
        const paired = await runPairedRounds(measured.filter(pairedRoute), servers.floorOf);
        pairedRuns.push(paired);
        console.info(`## session read, run ${i + 1} of ${RUNS}${peersNote ? ` (peers ${peersNote})` : ''}`);
        console.info(report(`session_read_run${i + 1}`, measured, samples, FLOOR));
        if (samples.has('peers_bare')) out(`session_read_run${i + 1}_peers_bare_vs_floor_ratio`, spread(ratiosTo(samples, 'peers_bare', FLOOR).rps));
        for (const [name] of paired) out(`session_read_run${i + 1}_${name}_vs_floor_paired_cpu_ratio`, pairedCell(paired, name));
      } finally {
        if (i < RUNS - 1) await servers.stop();
      }
    }
    if (!last) return;
    const unseal = await unsealMicro(last.options, last.minted.headers, last.minted.values);
    out('session_read_uncached_us_per_cookie_ours', unseal.ours.toFixed(1));
    out('session_unseal_us_per_cookie_iron_session_unsealData', unseal.iron.toFixed(1));
    console.info(`## session read: the ${RUNS} runs side by side`);
    console.info(summary(last.routes.filter((r) => picked(r.name)), runs, pairedRuns, peersNote));
  } finally {
    await last?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
