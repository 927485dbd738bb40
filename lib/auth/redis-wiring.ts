import { z } from 'zod';
import { redisNodeUrls } from '../config';
import { isLoopbackHost } from '../http';
import type { RedisWiring } from './types';

export type { RedisWiring };

/** What a problem names when Redis is configured but not wired in: the import that wires it. */
export const REDIS_ENTRY_NEEDED =
  "needs the Redis entry point: import { withRedis } from 'netid-rp/redis' and create the instance with createNetIdAuth(() => withRedis(optionsFromEnv(process.env)))";

/** A {@link RedisWiring} as options carry it (checked by shape, as stores are). */
export const redisWiringRule = z.custom<RedisWiring>(
  (v) => typeof v === 'object' && v !== null && typeof (v as RedisWiring).sessionStore === 'function' && typeof (v as RedisWiring).refreshCoordinator === 'function' && typeof (v as RedisWiring).ping === 'function',
  { error: 'must be the RedisWiring of netid-rp/redis' },
);

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
