import { z } from 'zod';

/** Where the app serves the auth routes, its error page and the BFF proxy. */
export interface RoutesOptions {
  /** Mount point of `login`, `callback`, `logout`, `session` and `backchannel-logout`; default `/api/auth`. */
  basePath?: string;
  /** The page sign-in errors land on (with `?code=`); default `/auth/error`. */
  errorPage?: string;
  /** Mount point of the upstream API proxy; default `/api/upstream`. */
  upstream?: string;
}

/** Resolved route paths (absolute paths on the app's origin, no trailing slash). */
export interface AuthRoutes {
  basePath: string;
  login: string;
  callback: string;
  logout: string;
  session: string;
  /** OpenID Connect Back-Channel Logout (server-side sessions). */
  backchannelLogout: string;
  errorPage: string;
  upstream: string;
}

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
