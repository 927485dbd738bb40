/** The Redis refresh coordinator on a real Redis, with coordinators that share nothing but Redis. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { AuthError } from '@/lib/auth';
import { createRedisClient, createRedisRefreshCoordinator, type RedisClient } from '@/lib/redis';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';

const SECRET = 'coordinator-test-secret-0123456789abcdef';
let redis: TestRedis;
const clients: RedisClient[] = [];

function coordinator(options: { lockTtlMs?: number; graceMs?: number } = {}) {
  const client = createRedisClient(redis.url, { log: () => {}, commandTimeoutMs: 1000 });
  clients.push(client);
  return createRedisRefreshCoordinator({ redis: client, secret: SECRET, lockTtlMs: options.lockTtlMs ?? 2000, graceMs: options.graceMs });
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  await redis?.close();
});

describe('Redis refresh coordinator', () => {
  it('callers on three coordinators share one refresh and get the holder result', async () => {
    const all = [coordinator(), coordinator(), coordinator()];
    let calls = 0;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        all[i % 3]!.run('rt-shared', async () => {
          calls += 1;
          await tick(100);
          return { access: `at-${calls}` };
        }),
      ),
    );
    expect(calls).toBe(1);
    expect(new Set(results.map((r) => r.access))).toEqual(new Set(['at-1']));
  });

  it('a late caller with the old refresh token gets the same result within the grace period, elsewhere too', async () => {
    const [one, two] = [coordinator(), coordinator()];
    let calls = 0;
    const first = await one.run('rt-grace', async () => ({ n: ++calls }));
    expect(await two.run('rt-grace', async () => ({ n: ++calls }))).toEqual(first);
    expect(calls).toBe(1);
  });

  it('a failed refresh is never cached: the next call, on another instance, refreshes again', async () => {
    const [one, two] = [coordinator(), coordinator()];
    let calls = 0;
    await expect(
      one.run('rt-fail', async () => {
        calls += 1;
        throw new AuthError('broker_unreachable');
      }),
    ).rejects.toMatchObject({ code: 'broker_unreachable' });
    const healed = await two.run('rt-fail', async () => ({ n: ++calls }));
    expect(healed).toEqual({ n: 2 });
  });

  it('stores results sealed under digests: neither key nor value holds the refresh token or the result', async () => {
    await coordinator().run('rt-secret-refresh-token-value', async () => ({ accessToken: 'at-secret-access-token-value' }));
    const admin = new Redis(redis.url);
    try {
      const keys = await admin.keys('*');
      const values = await Promise.all(keys.map((k) => admin.get(k)));
      const dump = [...keys, ...values].join('\n');
      expect(dump).not.toContain('rt-secret-refresh-token-value');
      expect(dump).not.toContain('at-secret-access-token-value');
    } finally {
      admin.disconnect();
    }
  });

  it('only the holder releases its lock: a holder that outlived its TTL does not delete the next holder lock', async () => {
    const [slow, next, third] = [coordinator({ lockTtlMs: 300, graceMs: 1 }), coordinator({ lockTtlMs: 5000 }), coordinator({ lockTtlMs: 5000 })];
    let release!: () => void;
    const slowDone = slow.run('rt-lock', () => new Promise<object>((r) => (release = () => r({ who: 'slow' }))));
    await tick(500); // the slow holder's lock has expired
    let nextCalls = 0;
    const nextDone = next.run('rt-lock', async () => {
      nextCalls += 1;
      await tick(300);
      return { who: 'next' };
    });
    await tick(50);
    release(); // the slow holder finishes and releases: it must not delete next's lock
    await slowDone;
    await tick(20); // past the slow holder's 1 ms grace: what third may find now is next's lock or result only
    let thirdCalls = 0;
    const thirdDone = third.run('rt-lock', async () => ({ who: `third-${++thirdCalls}` }));
    expect(await nextDone).toEqual({ who: 'next' });
    // third waited for next's lock (or took next's result) instead of refreshing alongside it.
    const thirdResult = await thirdDone;
    expect(nextCalls).toBe(1);
    expect(thirdResult).toEqual({ who: 'next' });
  });
});
