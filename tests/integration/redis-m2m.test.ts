/**
 * The shared M2M token cache on a real Redis: one token request for 1,000 concurrent callers,
 * in one process with two caches, and across two processes; sealed at rest; Redis down costs
 * the sharing only.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createTokenSource } from '@/lib/m2m';
import { createRedisClient, createRedisTokenCache, type RedisClient } from '@/lib/redis';
import { startLineWorker, type LineWorker } from '../helpers/line-worker';
import { profiles, startM2MSims, type M2MSims } from '../helpers/m2m-sims';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';

const SECRET = 'm2m-cache-test-secret-0123456789abcdef';
let sims: M2MSims;
let redis: TestRedis;
const clients: RedisClient[] = [];

const client = () => {
  const c = createRedisClient(redis.url, { log: () => {}, commandTimeoutMs: 1000 });
  clients.push(c);
  return c;
};

async function flush(): Promise<void> {
  const admin = new Redis(redis.url);
  await admin.flushall();
  admin.disconnect();
}

beforeAll(async () => {
  [sims, redis] = await Promise.all([startM2MSims(), startTestRedis()]);
});
beforeEach(async () => {
  await flush();
  sims.duende.resetStats();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  await sims?.close();
  await redis?.close();
});

describe('shared M2M token cache', () => {
  it('1,000 concurrent getToken() over two caches with their own connections make one token request; Redis holds it sealed', async () => {
    const sources = [0, 1].map(() => createTokenSource(profiles.duendePost(sims), { cache: createRedisTokenCache({ redis: client(), secret: SECRET, log: () => {} }) }));
    const tokens = await Promise.all(Array.from({ length: 1000 }, (_, i) => sources[i % 2]!.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(sims.duende.stats.token).toBe(1);
    const admin = new Redis(redis.url);
    try {
      const keys = await admin.keys('*');
      const values = await Promise.all(keys.map((k) => admin.get(k)));
      expect(keys.length).toBeGreaterThan(0);
      expect([...keys, ...values].join('\n')).not.toContain(tokens[0]!.accessToken);
    } finally {
      admin.disconnect();
    }
  });

  it('a later source in another "process" gets the cached token without a request; invalidating it there renews once', async () => {
    const first = createTokenSource(profiles.duendePost(sims), { cache: createRedisTokenCache({ redis: client(), secret: SECRET, log: () => {} }) });
    const token = await first.getToken();
    const second = createTokenSource(profiles.duendePost(sims), { cache: createRedisTokenCache({ redis: client(), secret: SECRET, log: () => {} }) });
    expect((await second.getToken()).accessToken).toBe(token.accessToken);
    expect(sims.duende.stats.token).toBe(1);
    const renewed = await Promise.all(Array.from({ length: 20 }, () => second.getToken({ forceRenew: true })));
    expect(new Set(renewed.map((t) => t.accessToken)).size).toBe(1);
    expect(renewed[0]!.accessToken).not.toBe(token.accessToken);
    expect(sims.duende.stats.token).toBe(2);
  });

  it('a cache sealed with another secret never serves its entries (a fresh request instead)', async () => {
    await createTokenSource(profiles.duendePost(sims), { cache: createRedisTokenCache({ redis: client(), secret: SECRET, log: () => {} }) }).getToken();
    const other = createTokenSource(profiles.duendePost(sims), { cache: createRedisTokenCache({ redis: client(), secret: `${SECRET}-other`, log: () => {}, lockTtlMs: 500 }) });
    await other.getToken();
    expect(sims.duende.stats.token).toBe(2);
  });

  it('Redis stopped: getToken() still answers (a request of its own), within bounded time', async () => {
    const logs: string[] = [];
    const source = createTokenSource(profiles.duendePost(sims), { cache: createRedisTokenCache({ redis: client(), secret: SECRET, log: (e) => logs.push(e) }) });
    await redis.stop();
    try {
      const token = await Promise.race([source.getToken(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('hang')), 15_000))]);
      expect(token.accessToken).toBeTruthy();
      expect(logs).toContain('m2m_cache_unavailable');
    } finally {
      await redis.start();
    }
  });
});

describe('across two processes', () => {
  const workers: LineWorker[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGKILL').catch(() => undefined)));
  });

  function startWorker(): LineWorker {
    const worker = startLineWorker('tests/helpers/m2m-redis-worker.ts', {
      REDIS_URL: redis.url,
      M2M_CACHE_SECRET: SECRET,
      M2M_ISSUER: sims.duende.issuer,
      M2M_CLIENT_ID: 'm2m',
      M2M_CLIENT_SECRET: 'secret',
      COUNT: '500',
    });
    workers.push(worker);
    return worker;
  }

  it('1,000 concurrent getToken() over two processes make one token request', { timeout: 120_000 }, async () => {
    const pair = [startWorker(), startWorker()];
    expect(await Promise.all(pair.map((w) => w.next(60_000)))).toEqual(['ready', 'ready']);
    for (const w of pair) w.send('go');
    const results = (await Promise.all(pair.map((w) => w.next(60_000)))).map((l) => JSON.parse(l) as { tokens: string[]; failures: number });
    expect(results.map((r) => r.failures)).toEqual([0, 0]);
    expect(new Set(results.flatMap((r) => r.tokens)).size).toBe(1);
    expect(sims.duende.stats.token).toBe(1);
    for (const w of pair) w.child.stdin.end();
  });
});
