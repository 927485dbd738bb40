/**
 * Scale-out on Redis (one run, a real redis-server started here): Express `GET /api/auth/session`
 * with the Redis session store vs the cookie store vs a bare route (rps ratios, each server in its
 * own process); refresh requests for 50 concurrent requests of one due session over two instances
 * that share only Redis (must be 1); M2M token requests for 1,000 concurrent `getToken()` over two
 * processes (must be 1).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createNetIdAuth, optionsFromEnv, type NetIdAuth } from '../../lib/auth';
import { createUpstreamProxy } from '../../lib/bff';
import { createRedisClient, createRedisRefreshCoordinator, createRedisSessionStore, type RedisClient } from '../../lib/redis';
import { startDuendeSimulator, startEmbeddedOidcStack } from '../../lib/testing';
import { HttpBrowser } from '../../tests/helpers/http-browser';
import { startTestRedis, type TestRedis } from '../../tests/helpers/redis-server';
import { RpBrowser } from '../../tests/helpers/rp-browser';
import { load } from '../load';
import { LOAD_SECONDS, out } from '../output';

const PASSWORD = 'bench-session-password-0123456789abcdef';

/** Lines of a child process's stdout, one at a time, each awaited with a deadline. */
function lineReader(child: ReturnType<typeof spawn>): (ms?: number) => Promise<string> {
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => (waiting.shift() ?? ((l: string) => queue.push(l)))(line));
  return (ms = 60_000) =>
    new Promise((resolve, reject) => {
      const queued = queue.shift();
      if (queued !== undefined) return resolve(queued);
      const timer = setTimeout(() => reject(new Error('no answer from the child process')), ms);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
}

async function sessionReads(redis: TestRedis): Promise<void> {
  const start = async (env: Record<string, string>) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/express-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    const next = lineReader(child);
    const ready = await next();
    if (!ready.startsWith('READY ')) throw new Error(`express bench server said ${ready}`);
    return { url: ready.slice(6), stop: () => child.kill('SIGTERM') };
  };
  const cookieServer = await start({ SESSION_STORE: 'cookie' });
  const redisServer = await start({ SESSION_STORE: 'redis', REDIS_URL: redis.url });
  try {
    const measure = async (url: string) => {
      const browser = new HttpBrowser(url);
      await browser.signIn('?flow=login-permission');
      const headers = { cookie: browser.jar.header() };
      await load(`${url}/api/auth/session`, headers, 2);
      await load(`${url}/bare`, headers, 2);
      const bare = await load(`${url}/bare`, headers, LOAD_SECONDS);
      const session = await load(`${url}/api/auth/session`, headers, LOAD_SECONDS);
      if (session.non2xx > 0 || bare.non2xx > 0) throw new Error('non-2xx responses during the load run');
      return { bare, session };
    };
    const cookie = await measure(cookieServer.url);
    const viaRedis = await measure(redisServer.url);
    out('redis_session_p50_ms', viaRedis.session.p50);
    out('redis_session_vs_bare_rps_ratio', (viaRedis.session.rps / viaRedis.bare.rps).toFixed(2));
    out('cookie_session_vs_bare_rps_ratio', (cookie.session.rps / cookie.bare.rps).toFixed(2));
    out('redis_session_vs_cookie_session_rps_ratio', (viaRedis.session.rps / cookie.session.rps).toFixed(2));
  } finally {
    cookieServer.stop();
    redisServer.stop();
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
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => proxies[i % 2]!(new Request(`${appUrl}/api/upstream/me`, { headers: { cookie } }))));
    if (responses.some((r) => r.status !== 200)) throw new Error('an upstream request failed');
    out('redis_refresh_requests_for_50_concurrent_over_2_instances', stack.provider.stats.refresh);
  } finally {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    await stack.close();
  }
}

async function m2mOverTwoProcesses(redis: TestRedis): Promise<void> {
  const duende = await startDuendeSimulator();
  const children: Array<ReturnType<typeof spawn>> = [];
  try {
    const readers = [0, 1].map(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/m2m-redis-worker.ts'], {
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...process.env, REDIS_URL: redis.url, M2M_CACHE_SECRET: PASSWORD, M2M_ISSUER: duende.issuer, M2M_CLIENT_ID: 'm2m', M2M_CLIENT_SECRET: 'secret', COUNT: '500' },
      });
      children.push(child);
      return lineReader(child);
    });
    await Promise.all(readers.map((next) => next()));
    duende.resetStats();
    for (const child of children) child.stdin!.write('go\n');
    const results = (await Promise.all(readers.map((next) => next()))).map((l) => JSON.parse(l) as { failures: number });
    if (results.some((r) => r.failures > 0)) throw new Error('a getToken() failed');
    out('redis_m2m_token_requests_for_1000_concurrent_over_2_processes', duende.stats.token);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await duende.close();
  }
}

export default async function run(): Promise<void> {
  const redis = await startTestRedis();
  try {
    await sessionReads(redis);
    await refreshOverTwoInstances(redis);
    await m2mOverTwoProcesses(redis);
  } finally {
    await redis.close();
  }
}
