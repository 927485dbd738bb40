/**
 * Scale-out on Redis (one run, a real redis-server started here): the reference app's
 * `GET /api/auth/session` with the Redis session store vs the cookie store vs a bare route (wrk
 * pinned, interleaved rounds, 1 and many users); refresh requests for 50 concurrent requests of one due session over two instances
 * that share only Redis (must be 1); M2M token requests for 1,000 concurrent `getToken()` over two
 * processes (must be 1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetIdAuth, optionsFromEnv, type NetIdAuth, type NetIdAuthOptions } from '../../lib/auth';
import { createUpstreamProxy } from '../../lib/bff';
import { createRedisClient, createRedisRefreshCoordinator, createRedisSessionStore, type RedisClient } from '../../lib/redis';
import { startDuendeSimulator, startEmbeddedOidcStack } from 'netid-rp-testing';
import { startLineWorker } from '../../tests/helpers/line-worker';
import { startTestRedis, type TestRedis } from '../../tests/helpers/redis-server';
import { RpBrowser } from '../../tests/helpers/rp-browser';
import { BENCH_SESSION_PASSWORD, ensureNextBuild, stopAppServer } from '../app-server';
import { out } from '../output';
import { canPin, startSoakServer, type SoakServer } from '../soak-server';
import { brokerIssuer, median, mintUsers, report, runRounds, USERS, type Route } from '../wrk-rounds';

const PORT = Number(process.env.BENCH_PORT ?? 3217) + 40;

const PASSWORD = 'bench-session-password-0123456789abcdef';

/**
 * `GET /api/auth/session` of the reference app (`next start`, core 0) with the Redis session store
 * vs the cookie store vs the bare route, wrk on core 1 with redis-server beside it (in production
 * Redis is another machine; here it shares the load generator's core, not the server's), one user
 * and USERS distinct users, interleaved rounds (bench/wrk-rounds.ts).
 */
async function sessionReads(redis: TestRedis): Promise<void> {
  stopAppServer();
  if (spawnSync('bash', ['scripts/ensure-wrk.sh'], { stdio: 'inherit' }).status !== 0) throw new Error('wrk is missing and could not be installed');
  ensureNextBuild();
  const redisPid = redis.pid();
  if (redisPid && canPin()) spawnSync('taskset', ['-a', '-p', '-c', '1', String(redisPid)], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'netid-redis-bench-'));
  process.env.BENCH_ROUTES = '1';
  const servers = [
    await startSoakServer({ kind: 'next', provider: 'netid', port: PORT, sessionPassword: BENCH_SESSION_PASSWORD }),
    await startSoakServer({ kind: 'next', provider: 'netid', port: PORT + 1, sessionPassword: BENCH_SESSION_PASSWORD, env: { SESSION_STORE: 'redis', REDIS_URL: redis.url } }),
  ];
  const client = createRedisClient(redis.url, { log: () => {} });
  try {
    const [cookieApp, redisApp] = servers as [SoakServer, SoakServer];
    const optionsFor = async (app: SoakServer): Promise<NetIdAuthOptions> => ({
      ...optionsFromEnv({ NETID_ISSUER: await brokerIssuer(app.url), NETID_CLIENT_ID: 'bench', NETID_CLIENT_SECRET: 'unused', APP_URL: app.url, SESSION_PASSWORD: BENCH_SESSION_PASSWORD }),
      log: () => {},
    });
    const cookieOptions = await optionsFor(cookieApp);
    const redisOptions = await optionsFor(redisApp);
    const t0 = performance.now();
    const cookieUsers = await mintUsers(cookieOptions, USERS, dir, 'cookie');
    const redisUsers = await mintUsers({ ...redisOptions, session: { ...redisOptions.session, store: createRedisSessionStore({ redis: client }) } }, USERS, dir, 'redis');
    out('redis_session_read_users', USERS);
    out('redis_session_read_mint_s', ((performance.now() - t0) / 1000).toFixed(0));
    out('redis_session_read_cookie_bytes', `${readFileSync(redisUsers.one, 'utf8').trim().length} (redis store) vs ${readFileSync(cookieUsers.one, 'utf8').trim().length} (cookie store)`);
    const routes: Route[] = [];
    for (const [server, app, users] of [['cookie', cookieApp, cookieUsers], ['redis', redisApp, redisUsers]] as const) {
      routes.push({ name: `${server}_bare`, server, url: `${app.url}/api/bench/bare`, pid: app.pid });
      routes.push({ name: `${server}_1_user`, server, url: `${app.url}/api/auth/session`, cookies: users.one, pid: app.pid });
      routes.push({ name: `${server}_${USERS}_users`, server, url: `${app.url}/api/auth/session`, cookies: users.many, pid: app.pid });
    }
    const samples = await runRounds(routes);
    const table = report('redis_session_read', routes, samples);
    for (const users of ['1_user', `${USERS}_users`]) {
      const ratios = samples.get(`redis_${users}`)!.map((x, i) => x.rps / samples.get(`cookie_${users}`)![i]!.rps);
      out(`redis_session_read_redis_vs_cookie_${users}_rps_ratio`, `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
    }
    console.info(table);
  } finally {
    client.disconnect();
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function refreshOverTwoInstances(redis: TestRedis): Promise<void> {
  const appUrl = 'http://127.0.0.1:3995';
  const ttl = 2;
  const stack = await startEmbeddedOidcStack({ appUrl, accessTokenTtl: ttl });
  const clients: RedisClient[] = [];
  const instance = (): NetIdAuth => {
    const client = createRedisClient(redis.url, { log: () => {} });
    clients.push(client);
    const options = optionsFromEnv({ ...stack.env, SESSION_PASSWORD: PASSWORD });
    return createNetIdAuth({
      ...options,
      session: { ...options.session, store: createRedisSessionStore({ redis: client }) },
      refreshCoordinator: createRedisRefreshCoordinator({ redis: client, secret: PASSWORD }),
      log: () => {},
    });
  };
  try {
    const instances = [instance(), instance()];
    const browser = new RpBrowser(instances[0]!, appUrl);
    await browser.signIn();
    await new Promise((r) => setTimeout(r, (ttl + 0.5) * 1000));
    stack.provider.resetStats();
    const cookie = browser.jar.header();
    const proxies = instances.map((auth) => createUpstreamProxy(auth));
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => proxies[i % 2]!(new Request(`${appUrl}/api/upstream/me`, { headers: { cookie, 'x-csrf': '1' } }))));
    const failed = responses.filter((r) => r.status !== 200);
    if (failed.length > 0) throw new Error(`${failed.length} of 50 upstream requests failed, the first with ${failed[0]!.status} ${await failed[0]!.text()}`);
    out('redis_refresh_requests_for_50_concurrent_over_2_instances', stack.provider.stats.refresh);
  } finally {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    await stack.close();
  }
}

async function m2mOverTwoProcesses(redis: TestRedis): Promise<void> {
  const duende = await startDuendeSimulator();
  const env = { REDIS_URL: redis.url, M2M_CACHE_SECRET: PASSWORD, M2M_ISSUER: duende.issuer, M2M_CLIENT_ID: 'm2m', M2M_CLIENT_SECRET: 'secret', COUNT: '500' };
  const workers = [0, 1].map(() => startLineWorker('tests/helpers/m2m-redis-worker.ts', env));
  try {
    await Promise.all(workers.map((w) => w.next(60_000)));
    duende.resetStats();
    for (const w of workers) w.send('go');
    const results = (await Promise.all(workers.map((w) => w.next(60_000)))).map((l) => JSON.parse(l) as { failures: number });
    if (results.some((r) => r.failures > 0)) throw new Error('a getToken() failed');
    out('redis_m2m_token_requests_for_1000_concurrent_over_2_processes', duende.stats.token);
  } finally {
    await Promise.allSettled(workers.map((w) => w.kill('SIGTERM')));
    await duende.close();
  }
}

/** REDIS_BENCH_PARTS narrows the run (comma-separated: sessions, refresh, m2m; default all). */
const PARTS = new Set((process.env.REDIS_BENCH_PARTS ?? 'sessions,refresh,m2m').split(',').map((p) => p.trim()));

export default async function run(): Promise<void> {
  const redis = await startTestRedis();
  try {
    if (PARTS.has('sessions')) await sessionReads(redis);
    if (PARTS.has('refresh')) await refreshOverTwoInstances(redis);
    if (PARTS.has('m2m')) await m2mOverTwoProcesses(redis);
  } finally {
    await redis.close();
  }
}
