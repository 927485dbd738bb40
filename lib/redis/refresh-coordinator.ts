import type { RefreshCoordinator } from '../auth';
import type { RedisClient } from './client';
import { createSealer, digest } from './sealer';
import { sharedFlight } from './shared-flight';
import { storeCall } from './store-call';

/** Options of {@link createRedisRefreshCoordinator}. */
export interface RedisRefreshCoordinatorOptions {
  redis: RedisClient;
  /** Seals the shared results (at least 32 characters; a list rotates). The session password fits. */
  secret: string | readonly string[];
  /**
   * How long the lock lives when its holder never releases it (a crashed process), in ms. Must
   * be longer than a refresh can take (the provider timeout, `httpTimeoutMs`, default 10 000).
   * Default 15 000.
   */
  lockTtlMs?: number;
  /** How long a successful result is served to requests that still carry the old refresh token (ms). Default 30 000. */
  graceMs?: number;
  /** How often a waiter looks for the holder's result (ms). Default 50. */
  pollMs?: number;
  /** The longest a caller waits for another instance's refresh (ms); then `session_store_unavailable`. Default 2 × lockTtlMs. */
  waitMs?: number;
  /** Key prefix. Default `netid:`. */
  prefix?: string;
}

/**
 * A {@link RefreshCoordinator} shared by every instance on one Redis: one refresh per refresh
 * token across all of them. The first caller takes a lock (`SET NX PX` with a random token,
 * released only by its holder); the others, in this process or any other, wait for its result,
 * which is kept (sealed) for the grace period so a request that still carries the old cookie gets
 * the new tokens. A failed refresh is never kept: the lock is released and the next caller tries.
 * A holder that dies keeps nobody waiting past the lock TTL. Redis keys are digests of the refresh
 * token; values are sealed, so Redis never holds a token in the clear.
 *
 * @example
 * ```ts
 * import { createNetIdAuth, optionsFromEnv } from 'netid-rp';
 * import { createRedisClient, createRedisRefreshCoordinator } from 'netid-rp/redis';
 * const redis = createRedisClient('redis://127.0.0.1:6379');
 * const auth = createNetIdAuth({
 *   ...optionsFromEnv(process.env),
 *   refreshCoordinator: createRedisRefreshCoordinator({ redis, secret: process.env.SESSION_PASSWORD! }),
 * });
 * ```
 */
export function createRedisRefreshCoordinator(options: RedisRefreshCoordinatorOptions): RefreshCoordinator {
  const { redis } = options;
  const sealer = createSealer(options.secret, 'refresh-result');
  const lockTtl = options.lockTtlMs ?? 15_000;
  const grace = options.graceMs ?? 30_000;
  const poll = options.pollMs ?? 50;
  const wait = options.waitMs ?? 2 * lockTtl;
  const prefix = options.prefix ?? 'netid:';
  const inFlight = new Map<string, Promise<object>>();

  async function sharedResult<T>(key: string): Promise<T | undefined> {
    const sealed = await storeCall(() => redis.get(key));
    return sealed ? sealer.unseal<T>(sealed) : undefined;
  }

  function coordinate<T extends object>(id: string, refresh: () => Promise<T>): Promise<T> {
    // One hash slot per refresh token ({…}), so a Redis Cluster keeps lock and result together.
    const resultKey = `${prefix}refresh:{${id}}:result`;
    return sharedFlight({
      redis,
      lockKey: `${prefix}refresh:{${id}}:lock`,
      lockTtlMs: lockTtl,
      pollMs: poll,
      waitMs: wait,
      what: 'refresh lock',
      read: () => sharedResult<T>(resultKey),
      async produce() {
        const result = await refresh();
        // The rotation happened at the provider: keep its result even if this write fails (it is then only ours).
        await storeCall(async () => redis.set(resultKey, await sealer.seal(result), 'PX', grace)).catch(() => undefined);
        return result;
      },
    });
  }

  return {
    run<T extends object>(key: string, refresh: () => Promise<T>): Promise<T> {
      const id = digest(key);
      // Callers in this process share one flight; only it talks to Redis.
      const pending = inFlight.get(id);
      if (pending) return pending as Promise<T>;
      const flight = coordinate(id, refresh).finally(() => inFlight.delete(id));
      inFlight.set(id, flight);
      return flight;
    },
  };
}
