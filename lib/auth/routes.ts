import { z } from 'zod';
import type { AuthRoutes, RoutesOptions } from './types';

export type { AuthRoutes, RoutesOptions };

/** A same-origin path: starts with one `/`, no query, fragment, backslash or trailing slash. */
export const routePath = z
  .string({ error: 'must be a path' })
  .regex(/^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/, { error: 'must be an absolute path like /api/auth (no trailing slash, query or fragment)' });

export const routesSchema = z
  .object({ basePath: routePath.optional(), errorPage: routePath.optional(), upstream: routePath.optional() }, { error: 'must be an object' })
  .strict();

/** The route paths for these options (`/api/auth/*`, `/auth/error`, `/api/upstream` by default). */
export function resolveRoutes(options: RoutesOptions = {}): AuthRoutes {
  const basePath = options.basePath ?? '/api/auth';
  return {
    basePath,
    login: `${basePath}/login`,
    callback: `${basePath}/callback`,
    logout: `${basePath}/logout`,
    session: `${basePath}/session`,
    backchannelLogout: `${basePath}/backchannel-logout`,
    errorPage: options.errorPage ?? '/auth/error',
    upstream: options.upstream ?? '/api/upstream',
  };
}
