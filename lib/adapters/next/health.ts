import type { HealthChecks } from '../../health';

import type { RouteHandler } from './route-handler';

/** Route handlers for `app/api/health/live/route.ts` and `app/api/health/ready/route.ts` (the path is the file's). */
export interface NextHealthRoutes {
  live: { GET: RouteHandler };
  ready: { GET: RouteHandler };
}

/**
 * The liveness and readiness probes of `health` as Next.js route handlers. Keep them outside the
 * matcher of a proxy that reads sessions, so a probe never touches the session store.
 *
 * @example
 * ```ts
 * import { createHealthChecks, createNetIdAuth } from 'netid-rp';
 * import { nextHealthRoutes } from 'netid-rp/next';
 * // app/api/health/ready/route.ts
 * export const { GET } = nextHealthRoutes(createHealthChecks(createNetIdAuth())).ready;
 * export const dynamic = 'force-dynamic';
 * ```
 */
export function nextHealthRoutes(health: HealthChecks): NextHealthRoutes {
  return {
    live: { GET: async () => health.liveResponse() },
    ready: { GET: () => health.readyResponse() },
  };
}
