/**
 * Scale-out on Redis: several instances of the app act as one. A shared refresh coordinator (one
 * refresh per refresh token across instances), a shared M2M token cache for `createTokenSource`,
 * and server-side sessions that can be ended (logout, "sign out everywhere", back-channel
 * logout). Nothing is kept in Redis in the clear: keys are digests, values are sealed.
 *
 * From the environment: `SESSION_STORE=redis` and `REDIS_URL` (see the README, "Scaling out"),
 * wired in by {@link withRedis} (the core never imports Redis itself).
 *
 * @example
 * ```ts
 * import { createNetIdAuth, optionsFromEnv } from 'netid-rp';
 * import { createRedisClient, createRedisRefreshCoordinator, createRedisSessionStore } from 'netid-rp/redis';
 * const redis = createRedisClient('redis://127.0.0.1:6379');
 * const options = optionsFromEnv(process.env);
 * const auth = createNetIdAuth({
 *   ...options,
 *   session: { ...options.session, store: createRedisSessionStore({ redis }) },
 *   refreshCoordinator: createRedisRefreshCoordinator({ redis, secret: process.env.SESSION_PASSWORD! }),
 * });
 * ```
 *
 * @module
 */
export { createRedisClient, sharedRedisClient, closeSharedRedisClients, boundedClientOptions, type RedisClient, type RedisClientOptions } from './client';
export { createRedisRefreshCoordinator, type RedisRefreshCoordinatorOptions } from './refresh-coordinator';
export { createRedisTokenCache, type RedisTokenCacheOptions } from './token-cache';
export { createRedisSessionStore, type RedisSessionStoreOptions } from './session-store';
export { withRedis, redisWiring, type RedisWiring } from './wiring';
