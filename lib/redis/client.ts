import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A connection to Redis: a single node (or a managed endpoint) or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** Deadline of each command in milliseconds, queueing while reconnecting included (default 2000). */
  commandTimeoutMs?: number;
  /** Deadline of a connection attempt in milliseconds (default 2000). */
  connectTimeoutMs?: number;
  /** Receives connection problems by code (default: one `console.warn` per outage). */
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/**
 * Client settings that turn an outage into a fast, typed failure instead of a hang: every command
 * has a deadline (queued commands while reconnecting too), each is retried at most once across a
 * reconnect, and reconnects back off to one a second, forever (Redis coming back heals the app).
 */
export function boundedClientOptions(options: RedisClientOptions = {}): RedisOptions {
  return {
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  };
}

function watch(client: RedisClient, log: RedisClientOptions['log']): RedisClient {
  let down = false;
  const report = log ?? ((event, detail) => console.warn(`[netid] ${event}`, JSON.stringify(detail)));
  // Without a listener ioredis prints every failed reconnect; report an outage once, by code only.
  client.on('error', (err: NodeJS.ErrnoException) => {
    if (down) return;
    down = true;
    report('redis_unavailable', { code: err.code ?? err.name });
  });
  client.on('ready', () => {
    if (down) report('redis_recovered', {});
    down = false;
  });
  return client;
}

/**
 * A Redis client with {@link boundedClientOptions}. `url` is `redis://` or `rediss://` (TLS, as
 * managed services want), with `user:password@` when needed; a list of URLs connects to a Redis
 * Cluster (the keys of one session or lock share a hash slot, so every script runs on one node).
 *
 * @example
 * ```ts
 * import { createRedisClient } from '@/lib/redis';
 * const redis = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * ```
 */
export function createRedisClient(url: string | readonly string[], options: RedisClientOptions = {}): RedisClient {
  const settings = boundedClientOptions(options);
  if (typeof url === 'string') return watch(new Redis(url, settings), options.log);
  const nodes = url.map((u) => {
    const parsed = new URL(u);
    return { host: parsed.hostname, port: Number(parsed.port || 6379) };
  });
  const first = new URL(url[0] ?? 'redis://127.0.0.1');
  const tls = first.protocol === 'rediss:' ? {} : undefined;
  const auth = { username: decodeURIComponent(first.username) || undefined, password: decodeURIComponent(first.password) || undefined };
  return watch(new Cluster(nodes, { redisOptions: { ...settings, ...auth, tls }, enableOfflineQueue: true }), options.log);
}

const shared = new Map<string, RedisClient>();

/** One client per URL per process, for everything configured from `REDIS_URL`. */
export function sharedRedisClient(url: string): RedisClient {
  let client = shared.get(url);
  if (!client) {
    client = createRedisClient(url);
    shared.set(url, client);
  }
  return client;
}

/** Closes the clients of {@link sharedRedisClient} (tests, a graceful shutdown). */
export async function closeSharedRedisClients(): Promise<void> {
  const clients = [...shared.values()];
  shared.clear();
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
}
