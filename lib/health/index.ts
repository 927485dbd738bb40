/**
 * Liveness and readiness probes for load balancers and orchestrators: framework-free, answered
 * through the Next.js and Express adapters at `/api/health/live` and `/api/health/ready`.
 *
 * @module
 */
export { createHealthChecks, type HealthChecks, type HealthCheckOptions, type HealthAnswer } from './health-checks';
