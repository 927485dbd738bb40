import { Router } from 'express';
import type { HealthAnswer, HealthChecks } from '../../health';
import { RETRY_AFTER_SECONDS } from '../../http';

const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

function send(res: Parameters<Parameters<Router['get']>[1]>[1], answer: HealthAnswer): void {
  res.status(answer.status).set(answer.status === 503 ? { ...NO_STORE, 'retry-after': String(RETRY_AFTER_SECONDS) } : NO_STORE).json(answer.body);
}

/**
 * `GET` liveness and readiness at `health.paths` (default `/api/health/live` and
 * `/api/health/ready`): mount at the app's root, before anything that reads sessions.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createHealthChecks, createNetIdAuth } from 'netid-rp';
 * import { healthRouter } from 'netid-rp/express';
 * const app = express();
 * app.use(healthRouter(createHealthChecks(createNetIdAuth())));
 * ```
 */
export function healthRouter(health: HealthChecks): Router {
  const router = Router();
  router.get(health.paths.live, (_req, res) => send(res, health.live()));
  router.get(health.paths.ready, (_req, res, next) => {
    health.ready().then((answer) => send(res, answer), next);
  });
  return router;
}
