import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';
import { redisNodeUrls } from '../config';

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
  if (client instanceof Cluster) watchNodes(client, report);
  return client;
}

/**
 * A Cluster stays `ready` while one master is down (its keys fail, the others work) and says so
 * only as `node error`: report each node's outage once, by address and code, and its return when
 * a connection to it is ready again.
 */
function watchNodes(cluster: Cluster, report: NonNullable<RedisClientOptions['log']>): void {
  const down = new Set<string>();
  cluster.on('node error', (err: NodeJS.ErrnoException, node: string) => {
    if (down.has(node)) return;
    down.add(node);
    report('redis_node_unavailable', { node, code: err.code ?? err.name });
  });
  cluster.on('+node', (connection: Redis) => {
    connection.on('ready', () => {
      const node = `${connection.options.host}:${connection.options.port}`;
      if (down.delete(node)) report('redis_node_recovered', { node });
    });
  });
}

/**
 * A Cluster whose commands keep their deadline while the Cluster itself queues them: ioredis
 * applies `commandTimeout` only once a node connection takes a command, so with every node down
 * (or before the first slot map) commands would wait in the Cluster's offline queue forever.
 */
function boundedCluster(nodes: ClusterNode[], settings: RedisOptions, node: Pick<RedisOptions, 'username' | 'password' | 'tls'>): Cluster {
  const deadline = settings.commandTimeout!;
  // Node connections never reconnect on their own in a Cluster (it owns the retrying and the queue);
  // a Cluster keeps ioredis' default reply shapes (ours never sets replyMapping).
  const { retryStrategy, enableOfflineQueue, replyMapping: _replyMapping, ...nodeSettings } = settings;
  return new (class extends Cluster {
    override sendCommand(...args: Parameters<Cluster['sendCommand']>): unknown {
      // Idempotent: the node connection's own setTimeout then keeps this first, whole-command deadline.
      args[0].setTimeout(deadline);
      return super.sendCommand(...args);
    }
  })(nodes, { redisOptions: { ...nodeSettings, ...node }, enableOfflineQueue, clusterRetryStrategy: retryStrategy });
}

/**
 * A Redis client with {@link boundedClientOptions}. `url` is `redis://` or `rediss://` (TLS, as
 * managed services want), with `user:password@` when needed; a list of URLs connects to a Redis
 * Cluster (the keys of one session or lock share a hash slot, so every script runs on one node).
 * The nodes of a list share one scheme (all `rediss://` or all `redis://`) and the credentials of
 * the first URL; the Cluster finds the other nodes itself.
 *
 * @example
 * ```ts
 * import { createRedisClient } from 'netid-rp/redis';
 * const redis = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * const cluster = createRedisClient(['redis://127.0.0.1:7000', 'redis://127.0.0.1:7001', 'redis://127.0.0.1:7002']);
 * ```
 */
export function createRedisClient(url: string | readonly string[], options: RedisClientOptions = {}): RedisClient {
  const settings = boundedClientOptions(options);
  if (typeof url === 'string') return watch(new Redis(url, settings), options.log);
  const parsed = url.map((u) => new URL(u));
  const [first] = parsed;
  if (!first) throw new TypeError('createRedisClient: the list of Redis Cluster nodes is empty');
  // One TLS setting serves every node (also those the Cluster discovers): never plain text to a node given as rediss://.
  if (parsed.some((u) => u.protocol !== first.protocol)) throw new TypeError('createRedisClient: Redis Cluster node URLs must all use redis:// or all rediss://');
  const nodes = parsed.map((u) => ({ host: u.hostname, port: Number(u.port || 6379) }));
  const tls = first.protocol === 'rediss:' ? {} : undefined;
  const auth = { username: decodeURIComponent(first.username) || undefined, password: decodeURIComponent(first.password) || undefined };
  return watch(boundedCluster(nodes, settings, { ...auth, tls }), options.log);
}

const shared = new Map<string, RedisClient>();

/**
 * One client per `REDIS_URL` value per process, for everything configured from it: one URL is a
 * single Redis (or a managed endpoint), a comma-separated list of two or more connects to the
 * nodes of a Redis Cluster.
 */
export function sharedRedisClient(url: string): RedisClient {
  const nodes = redisNodeUrls(url);
  const id = nodes.join(',');
  let client = shared.get(id);
  if (!client) {
    client = createRedisClient(nodes.length > 1 ? nodes : url.trim());
    shared.set(id, client);
  }
  return client;
}

/** Closes the clients of {@link sharedRedisClient} (tests, a graceful shutdown). */
export async function closeSharedRedisClients(): Promise<void> {
  const clients = [...shared.values()];
  shared.clear();
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
}
