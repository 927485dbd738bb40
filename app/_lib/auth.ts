import { createHealthChecks, createNetIdAuth, optionsFromEnv } from 'netid-rp';
import { netIdRouteHandlers, nextHealthRoutes } from 'netid-rp/next';

/**
 * `netid-rp/redis` (and with it the Redis client, ioredis) is loaded only when the environment
 * names Redis (`SESSION_STORE=redis` or `REDIS_URL`). The proxy imports this module, so whatever
 * it loads sits in every server process: with ioredis loaded and never used, each API request of
 * the app cost about 3-7 % more CPU in paired runs (docs/session-read.md). An app on cookie
 * sessions evaluates none of it; an app on Redis gets the same wiring as before.
 */
const redis = process.env.SESSION_STORE === 'redis' || process.env.REDIS_URL ? await import('netid-rp/redis') : undefined;

/**
 * The app's one relying-party instance; configuration is read from the environment on first use,
 * with `withRedis` wiring in `SESSION_STORE=redis` / `REDIS_URL` when the environment names Redis.
 */
export const auth = createNetIdAuth(() => (redis ? redis.withRedis(optionsFromEnv(process.env)) : optionsFromEnv(process.env)));

/** Route handlers for app/api/auth/*. */
export const routes = netIdRouteHandlers(auth);

/** Liveness and readiness probes (app/api/health/*): the provider and, when configured, Redis. */
export const healthRoutes = nextHealthRoutes(createHealthChecks(auth));
