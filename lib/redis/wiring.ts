import type { NetIdAuthOptions, RefreshCoordinator, SessionStore } from '../auth';
import { sharedRedisClient } from './client';
import { createRedisRefreshCoordinator } from './refresh-coordinator';
import { createRedisSessionStore } from './session-store';

/** What the core builds `session.store: 'redis'` and `redisUrl` from (the core's own type, injected here). */
export type RedisWiring = NonNullable<NetIdAuthOptions['redis']>;

/**
 * The Redis building blocks for options that name Redis by URL (`SESSION_STORE=redis`,
 * `REDIS_URL`): one shared client per URL (or per list of Redis Cluster nodes) for the session
 * store and the refresh coordinator of the process, each created on first use, so nothing
 * connects before a request needs it.
 */
export const redisWiring: RedisWiring = {
  sessionStore(url: string, keyPrefix?: string): SessionStore {
    let store: SessionStore | undefined;
    const get = () => (store ??= createRedisSessionStore({ redis: sharedRedisClient(url), ...(keyPrefix ? { prefix: keyPrefix } : {}) }));
    return {
      kind: 'server',
      load: (value, ctx) => get().load(value, ctx),
      save: (session, ctx, previous) => get().save(session, ctx, previous),
      destroy: (value, ctx) => get().destroy(value, ctx),
      endSessions: (match, ctx) => get().endSessions!(match, ctx),
      claimOnce: (id, ttl, ctx) => get().claimOnce!(id, ttl, ctx),
    };
  },
  refreshCoordinator(url: string, secret: readonly string[], refreshTimeoutMs: number): RefreshCoordinator {
    let coordinator: RefreshCoordinator | undefined;
    const get = () =>
      (coordinator ??= createRedisRefreshCoordinator({ redis: sharedRedisClient(url), secret, lockTtlMs: Math.max(15_000, refreshTimeoutMs + 5_000) }));
    return { run: (key, refresh) => get().run(key, refresh) };
  },
  async ping(url: string): Promise<void> {
    const answer = await sharedRedisClient(url).ping();
    if (answer !== 'PONG') throw new Error('unexpected PING answer');
  },
};

/**
 * `options` with Redis wired in: what the environment contract's `SESSION_STORE=redis` and
 * `REDIS_URL` need (server-side sessions, the shared refresh coordinator). The core never
 * imports Redis itself; without this, options that ask for Redis are refused with a
 * `ConfigError` naming this import. Options without Redis are unchanged by it.
 *
 * @example
 * ```ts
 * import { createNetIdAuth, optionsFromEnv } from 'netid-rp';
 * import { withRedis } from 'netid-rp/redis';
 * export const auth = createNetIdAuth(() => withRedis(optionsFromEnv(process.env))); // SESSION_STORE=redis, REDIS_URL
 * ```
 */
export function withRedis<T extends NetIdAuthOptions>(options: T): T {
  return { ...options, redis: redisWiring };
}
