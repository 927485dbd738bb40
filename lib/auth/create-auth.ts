import { getAccessToken, type AccessTokenResult, type GetAccessTokenOptions } from './access-token';
import { getConfig, type AuthConfig } from './config';
import { handleCallback } from './handlers/callback';
import type { HandlerContext } from './handlers/context';
import { handleLogin } from './handlers/login';
import { handleLogout } from './handlers/logout';
import { handleSession } from './handlers/session-route';
import { handleUpstream } from '../bff';
import { createMemoryRefreshCoordinator, type RefreshCoordinator } from './refresh-coordinator';
import type { Flow } from './flows';
import { safeReturnTo } from './return-to';
import { clearSessionCookie, readSession, type SessionData } from './session';

/** Options of {@link createNetIdAuth}. */
export interface NetIdAuthOptions {
  /** A fixed configuration, or a function returning one; default: parsed lazily from `process.env`. */
  config?: AuthConfig | (() => AuthConfig);
  /** Path of the page that shows sign-in errors (default `/auth/error`). */
  errorPath?: string;
  /** Receives server-side events (codes and safe summaries only, never tokens). Default: console.warn. */
  log?: (event: string, detail: Record<string, unknown>) => void;
  /** Coordinates refreshes of one refresh token (default: in-process single-flight). */
  refreshCoordinator?: RefreshCoordinator;
}

/** The framework-free netID relying party: Fetch API `Request` in, `Response` out. */
export interface NetIdAuth {
  /** `GET /api/auth/login` */
  login(request: Request): Promise<Response>;
  /** `GET /api/auth/callback` */
  callback(request: Request): Promise<Response>;
  /** `POST /api/auth/logout` */
  logout(request: Request): Promise<Response>;
  /** `GET /api/auth/session` */
  session(request: Request): Promise<Response>;
  /** `/api/upstream/<path>`: forwards to `UPSTREAM_API_URL` with the user's access token. */
  upstream(request: Request, path: string): Promise<Response>;
  /**
   * The user's current access token (generic OIDC provider), renewed when due. Apply
   * `setCookies` to the response: a refresh rotates the session cookie.
   */
  getAccessToken(cookieHeader: string | null, options: GetAccessTokenOptions): Promise<AccessTokenResult>;
  /** Reads the session (with tokens: server-side only) from a Cookie header; `null` when signed out. */
  getSession(cookieHeader: string | null): Promise<SessionData | null>;
  /** A Set-Cookie header value that ends the session (e.g. when the netID account is gone). */
  endSessionCookie(cookieHeader: string | null): string;
  /** Same-origin path that re-runs `flow` and comes back to `returnTo` (netID has no refresh token). */
  loginPath(flow: Flow, returnTo?: string): string;
  /** The resolved configuration. */
  config(): AuthConfig;
}

/**
 * Creates the netID relying party. Configuration is resolved on first use, so building
 * an app needs no secrets.
 *
 * @example
 * ```ts
 * const auth = createNetIdAuth()
 * export const GET = (req: Request) => auth.login(req) // app/api/auth/login/route.ts
 * ```
 */
export function createNetIdAuth(options: NetIdAuthOptions = {}): NetIdAuth {
  const source = options.config;
  const config =
    typeof source === 'function' ? source : source ? () => source : getConfig;
  const ctx: HandlerContext = {
    config,
    errorPath: options.errorPath ?? '/auth/error',
    log: options.log ?? ((event, detail) => console.warn(`[netid] ${event}`, JSON.stringify(detail))),
  };
  const coordinator = options.refreshCoordinator ?? createMemoryRefreshCoordinator();
  return {
    login: (request) => handleLogin(request, ctx),
    callback: (request) => handleCallback(request, ctx),
    logout: (request) => handleLogout(request, ctx),
    session: (request) => handleSession(request, ctx),
    upstream: (request, path) => handleUpstream(request, path, ctx, coordinator),
    getAccessToken: (cookieHeader, opts) => getAccessToken(cookieHeader, config(), coordinator, opts),
    getSession: (cookieHeader) => readSession(cookieHeader, config()),
    endSessionCookie: (cookieHeader) => clearSessionCookie(cookieHeader, config()),
    loginPath: (flow, returnTo) => {
      const params = new URLSearchParams({ flow, returnTo: safeReturnTo(returnTo, config().appUrl) });
      return `/api/auth/login?${params}`;
    },
    config,
  };
}
