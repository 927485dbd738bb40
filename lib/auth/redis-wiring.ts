import { z } from 'zod';
import { redisNodeUrls } from '../config';
import { isLoopbackHost } from '../http';
import type { RefreshCoordinator } from './refresh-coordinator';
import type { SessionStore } from './session-store';

/**
 * `SESSION_STORE=redis` / `REDIS_URL` without code: the `/redis` entry point is loaded on first
 * use only (so apps with cookie sessions never load a Redis client), and one connection per URL
 * (or per list of Redis Cluster nodes) is shared by the session store and the refresh coordinator
 * of the process.
 */
type RedisEntry = typeof import('../redis');
let entry: Promise<RedisEntry> | undefined;
const loadRedis = (): Promise<RedisEntry> => (entry ??= import('../redis'));

const protocolOf = (url: string) => (URL.canParse(url) ? new URL(url).protocol : undefined);
const isRedisUrl = (url: string) => ['redis:', 'rediss:'].includes(protocolOf(url) ?? '') && new URL(url).hostname !== '';
const plainOffLoopback = (url: string) => protocolOf(url) === 'redis:' && !isLoopbackHost(new URL(url).hostname);

/**
 * `redis://` (or `rediss://`) with a host, or a comma-separated list of them (the nodes of a Redis
 * Cluster), each checked alike: plain `redis://` only on loopback hosts, like `http://`. The nodes
 * of a list share one scheme (one TLS setting serves the whole Cluster). Yields the list without
 * blanks, joined by commas (a single URL as it was, trimmed).
 */
export const redisUrlRule = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required' })
  .refine((v) => redisNodeUrls(v).length > 0 && redisNodeUrls(v).every(isRedisUrl), {
    error: 'must be a redis:// or rediss:// URL, or a comma-separated list of them (Redis Cluster nodes)',
  })
  .refine((v) => !redisNodeUrls(v).some(plainOffLoopback), {
    error: 'must use rediss:// (TLS) unless the host is loopback',
  })
  .refine((v) => new Set(redisNodeUrls(v).filter(isRedisUrl).map(protocolOf)).size <= 1, {
    error: 'the Redis Cluster nodes must all use rediss:// or all redis://',
  })
  .transform((v) => redisNodeUrls(v).join(','));

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
