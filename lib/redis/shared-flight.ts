import { randomBytes } from 'node:crypto';
import type { RedisClient } from './client';
import { RELEASE_IF_HOLDER, sleep, storeCall } from './store-call';

/** One piece of work that every process on one Redis does at most once at a time: see {@link sharedFlight}. */
export interface SharedFlight<T> {
  redis: RedisClient;
  /** The lock's key; in the hash slot of whatever `read` reads (a Redis Cluster). */
  lockKey: string;
  /** How long the lock lives when its holder never releases it (a process that died). */
  lockTtlMs: number;
  /** How often a waiter looks again. */
  pollMs: number;
  /** The longest a caller waits for another holder; then `session_store_unavailable`. */
  waitMs: number;
  /** Names the wait in the error's cause (`refresh lock`, `token lock`). */
  what: string;
  /** The result a holder left, if there is one. */
  read(): Promise<T | undefined>;
  /** Does the work while the lock is held (and nothing was left), sharing its result as it sees fit. */
  produce(): Promise<T>;
}

/**
 * The lock protocol of the refresh coordinator and the M2M token cache: a result left by a holder
 * is taken as it is; otherwise `SET NX PX` with a random token, a second look (the previous holder
 * may have finished between the two), the work, and a release by the holder only. Others poll for
 * the result until the lock is free again or `waitMs` is over (rejecting with the AuthError
 * `session_store_unavailable`); a holder that dies blocks nobody past the lock TTL.
 */
export async function sharedFlight<T>(flight: SharedFlight<T>): Promise<T> {
  const { redis, lockKey, lockTtlMs, pollMs } = flight;
  const deadline = performance.now() + flight.waitMs;
  for (;;) {
    const done = await flight.read();
    if (done) return done;
    const token = randomBytes(18).toString('base64url');
    if ((await storeCall(() => redis.set(lockKey, token, 'PX', lockTtlMs, 'NX'))) === 'OK') {
      try {
        const late = await flight.read();
        if (late) return late;
        return await flight.produce();
      } finally {
        await storeCall(() => redis.eval(RELEASE_IF_HOLDER, 1, lockKey, token)).catch(() => undefined);
      }
    }
    if (performance.now() + pollMs > deadline) return storeCall(() => Promise.reject(new Error(`${flight.what} wait exceeded`)));
    await sleep(pollMs);
  }
}
