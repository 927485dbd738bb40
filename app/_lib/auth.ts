import { createHealthChecks, createNetIdAuth } from 'netid-rp';
import { nextAuthRoutes, nextHealthRoutes } from 'netid-rp/next';

/** The app's one relying-party instance; configuration is read from the environment on first use. */
export const auth = createNetIdAuth();

/** Route handlers for app/api/auth/*. */
export const routes = nextAuthRoutes(auth);

/** Liveness and readiness probes (app/api/health/*): the provider and, when configured, Redis. */
export const healthRoutes = nextHealthRoutes(createHealthChecks(auth));
