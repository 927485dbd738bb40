import { cacheEntry, type CachedToken, type TokenCacheOptions, type TokenResponse, type TokenStore } from '../m2m';
import type { RedisClient } from './client';
import { createSealer, digest } from './sealer';
import { sharedFlight } from './shared-flight';
import { storeCall } from './store-call';

/** Options of {@link createRedisTokenCache}; the lifetime rules are those of `TokenCache`. */
export interface RedisTokenCacheOptions extends TokenCacheOptions {
  redis: RedisClient;
  /** Seals the cached tokens (at least 32 characters; a list rotates). */
  secret: string | readonly string[];
  /** How long the request lock lives when its holder dies (ms); longer than a token request takes. Default 35 000. */
  lockTtlMs?: number;
  /** How often a waiter looks for the holder's token (ms). Default 50. */
  pollMs?: number;
  /** Key prefix. Default `netid:`. */
  prefix?: string;
  /** Receives Redis problems by code (the cache then requests tokens on its own). */
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/** Deletes the entry only while it is still the token being invalidated (its digest leads the value). */
const DELETE_IF_TOKEN = "local v = redis.call('GET', KEYS[1]); if v and string.sub(v, 1, #ARGV[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * A token cache for `createTokenSource` shared by every process on one Redis: one token request
 * for any number of concurrent callers across processes (a `SET NX PX` lock per cache key, the
 * others wait for the holder's token), entries sealed at rest and kept until they are due for
 * renewal, refresh-ahead and lifetimes as `TokenCache`. Each process also keeps the token in
 * memory until it is due. A failed request is never cached. When Redis does not answer, tokens
 * are requested as without a shared cache (bounded, logged), never a hang.
 *
 * @example
 * ```ts
 * import { createTokenSource, profileFromEnv } from 'netid-rp/m2m';
 * import { createRedisClient, createRedisTokenCache } from 'netid-rp/redis';
 * const redis = createRedisClient('redis://127.0.0.1:6379');
 * const cache = createRedisTokenCache({ redis, secret: process.env.M2M_CACHE_SECRET! });
 * const source = createTokenSource(profileFromEnv('duende'), { cache });
 * ```
 */
export function createRedisTokenCache(options: RedisTokenCacheOptions): TokenStore {
  const { redis } = options;
  const sealer = createSealer(options.secret, 'm2m-token');
  const now = options.now ?? Date.now;
  const lockTtl = options.lockTtlMs ?? 35_000;
  const poll = options.pollMs ?? 50;
  const prefix = options.prefix ?? 'netid:';
  const log = options.log ?? ((event, detail) => console.warn(`[netid] ${event}`, JSON.stringify(detail)));
  const local = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<CachedToken>>();
  const keysOf = (key: string) => {
    const id = digest(key);
    return { entryKey: `${prefix}m2m:{${id}}:token`, lockKey: `${prefix}m2m:{${id}}:lock` };
  };

  async function shared(entryKey: string, notBefore: number): Promise<CachedToken | undefined> {
    const value = await storeCall(() => redis.get(entryKey));
    const sealed = value?.slice(value.indexOf('.') + 1);
    const entry = sealed ? await sealer.unseal<CachedToken & { obtainedAt: number }>(sealed) : undefined;
    return entry && entry.obtainedAt >= notBefore && now() < entry.renewAt ? entry : undefined;
  }

  function requestAndShare(key: string, request: () => Promise<TokenResponse>, forceRenew: boolean): Promise<CachedToken> {
    const { entryKey, lockKey } = keysOf(key);
    // forceRenew skips the token that was there when it was asked for, not one renewed meanwhile.
    const notBefore = forceRenew ? now() : 0;
    return sharedFlight({
      redis,
      lockKey,
      lockTtlMs: lockTtl,
      pollMs: poll,
      waitMs: 2 * lockTtl,
      what: 'token lock',
      read: () => shared(entryKey, notBefore),
      async produce() {
        const requestedAt = now();
        const response = await request();
        const { entry, cacheable } = cacheEntry(response, requestedAt, options);
        if (cacheable) {
          const ttl = Math.max(1, entry.renewAt - now());
          const value = `${digest(response.access_token)}.${await sealer.seal({ ...entry, obtainedAt: requestedAt })}`;
          await storeCall(() => redis.set(entryKey, value, 'PX', ttl)).catch((err: unknown) => log('m2m_cache_write_failed', { code: codeOf(err) }));
        }
        return entry;
      },
    });
  }

  async function fetchEntry(key: string, request: () => Promise<TokenResponse>, forceRenew: boolean): Promise<CachedToken> {
    let requested = false;
    const counted = () => {
      requested = true;
      return request();
    };
    try {
      return await requestAndShare(key, counted, forceRenew);
    } catch (err) {
      // The token server's own failure is the caller's; Redis failing costs only the sharing.
      if (requested) throw err;
      log('m2m_cache_unavailable', { code: codeOf(err) });
      return cacheEntry(await request(), now(), options).entry;
    }
  }

  return {
    get(key, request, forceRenew = false) {
      const cached = local.get(key);
      if (!forceRenew && cached && now() < cached.renewAt) return Promise.resolve(cached);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const flight = fetchEntry(key, request, forceRenew)
        .then((entry) => {
          if (entry.expiresAt > now()) local.set(key, entry);
          else local.delete(key);
          return entry;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, flight);
      return flight;
    },
    invalidate(key, accessToken) {
      const cached = local.get(key);
      if (cached && (accessToken === undefined || cached.response.access_token === accessToken)) local.delete(key);
      const { entryKey } = keysOf(key);
      const removal = accessToken === undefined ? redis.del(entryKey) : redis.eval(DELETE_IF_TOKEN, 1, entryKey, `${digest(accessToken)}.`);
      void storeCall(() => removal).catch((err: unknown) => log('m2m_cache_invalidate_failed', { code: codeOf(err) }));
    },
  };
}

function codeOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.name) : 'unknown';
}
