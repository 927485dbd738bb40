import { createHealthChecks, createNetIdAuth, optionsFromEnv } from 'netid-rp';
import { netIdRouteHandlers, nextHealthRoutes } from 'netid-rp/next';
import { withRedis } from 'netid-rp/redis';

/**
 * The app's one relying-party instance; configuration is read from the environment on first use.
 * `withRedis` wires in `SESSION_STORE=redis` / `REDIS_URL` (an app with cookie sessions only leaves it out).
 */
export const auth = createNetIdAuth(() => withRedis(optionsFromEnv(process.env)));

/** Route handlers for app/api/auth/*. */
export const routes = netIdRouteHandlers(auth);

/** Liveness and readiness probes (app/api/health/*): the provider and, when configured, Redis. */
export const healthRoutes = nextHealthRoutes(createHealthChecks(auth));
