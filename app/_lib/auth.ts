import { createNetIdAuth } from 'netid-rp';
import { nextAuthRoutes } from 'netid-rp/next';

/** The app's one relying-party instance; configuration is read from the environment on first use. */
export const auth = createNetIdAuth();

/** Route handlers for app/api/auth/*. */
export const routes = nextAuthRoutes(auth);
