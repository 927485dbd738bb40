import { z } from 'zod';
import { isLoopbackHost } from '../http';
import type { RefreshCoordinator } from './refresh-coordinator';
import type { SessionStore } from './session-store';

/**
 * `SESSION_STORE=redis` / `REDIS_URL` without code: the `/redis` entry point is loaded on first
 * use only (so apps with cookie sessions never load a Redis client), and one connection per URL
 * is shared by the session store and the refresh coordinator of the process.
 */
type RedisEntry = typeof import('../redis');
let entry: Promise<RedisEntry> | undefined;
const loadRedis = (): Promise<RedisEntry> => (entry ??= import('../redis'));

/** `redis://` (or `rediss://`) with a host; plain `redis://` only on loopback hosts, like `http://`. */
export const redisUrlRule = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required' })
  .refine((v) => URL.canParse(v) && ['redis:', 'rediss:'].includes(new URL(v).protocol) && new URL(v).hostname !== '', {
    error: 'must be a redis:// or rediss:// URL',
  })
  .refine((v) => !URL.canParse(v) || new URL(v).protocol !== 'redis:' || isLoopbackHost(new URL(v).hostname), {
    error: 'must use rediss:// (TLS) unless the host is loopback',
  });

/** The Redis session store for `url`, created on first use. */
export function redisSessionStore(url: string): SessionStore {
  let store: Promise<SessionStore> | undefined;
  const get = () => (store ??= loadRedis().then((m) => m.createRedisSessionStore({ redis: m.sharedRedisClient(url) })));
  return {
    kind: 'server',
    load: async (value, ctx) => (await get()).load(value, ctx),
    save: async (session, ctx, previous) => (await get()).save(session, ctx, previous),
    destroy: async (value, ctx) => (await get()).destroy(value, ctx),
    endSessions: async (match, ctx) => (await get()).endSessions!(match, ctx),
    claimOnce: async (id, ttl, ctx) => (await get()).claimOnce!(id, ttl, ctx),
  };
}

/** The Redis refresh coordinator for `url`, its results sealed with `secret`; created on first use. */
export function redisRefreshCoordinator(url: string, secret: readonly string[], refreshTimeoutMs: number): RefreshCoordinator {
  let coordinator: Promise<RefreshCoordinator> | undefined;
  const get = () =>
    (coordinator ??= loadRedis().then((m) =>
      m.createRedisRefreshCoordinator({ redis: m.sharedRedisClient(url), secret, lockTtlMs: Math.max(15_000, refreshTimeoutMs + 5_000) }),
    ));
  return { run: async (key, refresh) => (await get()).run(key, refresh) };
}
