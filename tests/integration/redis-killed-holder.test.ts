/**
 * A lock holder killed mid-refresh (a real process, SIGKILL) keeps nobody waiting past the lock
 * TTL: the next callers, in another process on two connections, complete the refresh once and
 * all get its result. For the refresh coordinator and for the M2M token cache.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createTokenSource, type M2MProfile } from '@/lib/m2m';
import { createRedisClient, createRedisRefreshCoordinator, createRedisTokenCache, type RedisClient } from '@/lib/redis';
import { startDuendeSimulator, type DuendeSimulator } from '@/packages/netid-rp-testing/src/m2m/duende';
import { startLineWorker, type LineWorker } from '../helpers/line-worker';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';

const SECRET = 'killed-holder-test-secret-0123456789abcdef';
/** The holders' and the survivors' lock TTL (ms): short, yet far longer than a kill and a scan take. */
const LOCK_TTL = 2000;
/** What completing may take beyond the TTL: a poll (50 ms), the refresh itself, a loaded machine. */
const MARGIN = 1500;

let redis: TestRedis;
let admin: Redis;
let duende: DuendeSimulator;
const clients: RedisClient[] = [];
const workers: LineWorker[] = [];

const client = () => {
  const c = createRedisClient(redis.url, { log: () => {}, commandTimeoutMs: 1000 });
  clients.push(c);
  return c;
};
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await tick(10);
  }
}

/** Every key matching `pattern` (SCAN, bounded). */
async function scan(pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  for (let i = 0; i < 1000; i++) {
    const [next, keys] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 100);
    found.push(...keys);
    cursor = next;
    if (cursor === '0') return found;
  }
  throw new Error('SCAN did not finish');
}

/** Spawns a holder, lets it take its lock and SIGKILLs it there; resolves once it is gone. */
async function killedHolder(script: string, env: Record<string, string>, holding: () => Promise<void> = async () => {}): Promise<void> {
  const worker = startLineWorker(script, { REDIS_URL: redis.url, LOCK_TTL_MS: String(LOCK_TTL), ...env });
  workers.push(worker);
  expect(await worker.next()).toBe('ready');
  worker.send('go');
  expect(await worker.next(5000)).toBe('holding');
  await holding();
  await worker.kill('SIGKILL');
  expect(worker.child.signalCode).toBe('SIGKILL');
}

/** The one lock left behind: its key and how long it still lives (ms). */
async function orphanedLock(pattern: string): Promise<{ key: string; remaining: number }> {
  const keys = await scan(pattern);
  expect(keys).toHaveLength(1);
  const remaining = await admin.pttl(keys[0]!);
  expect(remaining).toBeGreaterThan(0);
  expect(remaining).toBeLessThanOrEqual(LOCK_TTL);
  return { key: keys[0]!, remaining };
}

/** The survivors waited for the orphaned lock to expire, and not much longer. */
function expectWaitedForExpiry(took: number, remaining: number): void {
  // PTTL was read just before the survivors started: none could have taken the lock sooner.
  expect(took).toBeGreaterThanOrEqual(remaining - 20);
  expect(took).toBeLessThanOrEqual(LOCK_TTL + MARGIN);
}

beforeAll(async () => {
  [redis, duende] = await Promise.all([startTestRedis(), startDuendeSimulator()]);
  admin = new Redis(redis.url);
});
beforeEach(async () => {
  await admin.flushall();
  duende.resetStats();
  duende.tokenDelayMs = 0;
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill('SIGKILL').catch(() => undefined)));
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  admin?.disconnect();
  await duende?.close();
  await redis?.close();
});

describe('a lock holder killed mid-refresh', () => {
  it('refresh coordinator: 10 callers on two connections complete the refresh once, after the lock TTL, and share its result', async () => {
    const refreshToken = `rt-killed-${randomUUID()}`;
    await killedHolder('tests/helpers/refresh-holder-worker.ts', { REFRESH_SECRET: SECRET, REFRESH_KEY: refreshToken });
    const digest = createHash('sha256').update(refreshToken).digest('base64url');
    const lock = await orphanedLock('netid:refresh:*:lock');
    expect(lock.key).toBe(`netid:refresh:{${digest}}:lock`);

    const survivors = [0, 1].map(() => createRedisRefreshCoordinator({ redis: client(), secret: SECRET, lockTtlMs: LOCK_TTL }));
    let calls = 0;
    const started = performance.now();
    const results = await settlesWithin(
      Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          survivors[i % 2]!.run(refreshToken, async () => {
            calls += 1;
            await tick(50);
            return { accessToken: `at-${calls}` };
          }),
        ),
      ),
      LOCK_TTL + MARGIN + 5000,
    );
    const took = performance.now() - started;
    expect(calls).toBe(1);
    expect(results).toEqual(Array(10).fill({ accessToken: 'at-1' }));
    expectWaitedForExpiry(took, lock.remaining);
    expect(await scan('netid:refresh:*:lock')).toEqual([]);
  });

  it('M2M token cache: 20 getToken() on two connections make one token request, after the lock TTL', async () => {
    const profile: M2MProfile = { tokenUrl: duende.tokenUrl, clientId: 'm2m', clientSecret: 'secret', auth: 'client_secret_post', scope: 'api1', timeoutMs: 5000 };
    duende.tokenDelayMs = 10_000; // the holder's token request stays unanswered until it is killed
    await killedHolder('tests/helpers/token-holder-worker.ts', { M2M_CACHE_SECRET: SECRET, M2M_TOKEN_URL: duende.tokenUrl, M2M_CLIENT_ID: 'm2m', M2M_CLIENT_SECRET: 'secret' }, () =>
      until(() => duende.stats.token === 1, 'the holder token request at the server'),
    );
    duende.tokenDelayMs = 0;
    duende.resetStats();
    const lock = await orphanedLock('netid:m2m:*:lock');
    expect(lock.key).toMatch(/^netid:m2m:\{[\w-]{43}\}:lock$/);

    const logs: string[] = [];
    const sources = [0, 1].map(() =>
      createTokenSource(profile, { cache: createRedisTokenCache({ redis: client(), secret: SECRET, lockTtlMs: LOCK_TTL, log: (event) => logs.push(event) }) }),
    );
    const started = performance.now();
    const tokens = await settlesWithin(Promise.all(Array.from({ length: 20 }, (_, i) => sources[i % 2]!.getToken())), LOCK_TTL + MARGIN + 5000);
    const took = performance.now() - started;
    expect(duende.stats.token).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    // Shared through Redis, not each cache falling back to a request of its own.
    expect(logs).toEqual([]);
    expectWaitedForExpiry(took, lock.remaining);
    expect(await scan('netid:m2m:*:lock')).toEqual([]);
  });
});
