import { getAccessToken, type AccessTokenResult, type GetAccessTokenOptions } from './access-token';
import type { AuthConfig } from './config';
import type { CookieStore } from './cookie-store';
import type { Flow } from './flows';
import { handleCallback } from './handlers/callback';
import type { HandlerContext } from './handlers/context';
import { handleLogin } from './handlers/login';
import { handleLogout } from './handlers/logout';
import { handleSession, sessionAnswer, type SessionAnswer } from './handlers/session-route';
import { optionsFromEnv } from './options-from-env';
import { resolveOptions, type AuthLogger, type NetIdAuthOptions } from './options';
import { createMemoryRefreshCoordinator, type RefreshCoordinator } from './refresh-coordinator';
import { safeReturnTo } from './return-to';
import { clearSession, readSession, sealSession, type SessionData } from './session';

/**
 * The framework-free relying party: Fetch API `Request` in, `Response` out for the routes, and
 * a {@link CookieStore} for everything a server reads or writes on the user's behalf.
 */
export interface NetIdAuth {
  /** `GET {basePath}/login` */
  login(request: Request): Promise<Response>;
  /** `GET {basePath}/callback` */
  callback(request: Request): Promise<Response>;
  /** `POST {basePath}/logout` */
  logout(request: Request): Promise<Response>;
  /** `GET {basePath}/session` */
  session(request: Request): Promise<Response>;
  /** The status and body of `GET {basePath}/session` for the session in `cookies` (for adapters that answer natively). */
  sessionAnswer(cookies: CookieStore): Promise<SessionAnswer>;
  /** The session (with tokens: server side only), or `null` when signed out. */
  getSession(cookies: CookieStore): Promise<SessionData | null>;
  /**
   * The user's current access token (profiles that refresh), renewed when due; a renewal writes
   * the rotated session to `cookies`. Rejects with an {@link AuthError}.
   */
  getAccessToken(cookies: CookieStore, options?: GetAccessTokenOptions): Promise<AccessTokenResult>;
  /** Ends the session in the browser (e.g. when the netID account is gone). */
  endSession(cookies: CookieStore): void;
  /** Seals a session into a cookie value (the testing kit's `mintSessionCookie` uses it). */
  sealSession(session: SessionData): Promise<string>;
  /** Same-origin path that re-runs `flow` and comes back to `returnTo` (netID has no refresh token). */
  loginPath(flow: Flow, returnTo?: string): string;
  /** The resolved configuration (validated on first use). */
  config(): AuthConfig;
  /** The logger the options gave (codes and safe summaries only). */
  log: AuthLogger;
}

const defaultLog: AuthLogger = (event, detail) => console.warn(`[netid] ${event}`, JSON.stringify(detail));

/**
 * Creates the relying party. Options are validated on first use (so `next build` needs no
 * secrets), and every problem is listed at once. Without options it reads the environment
 * ({@link optionsFromEnv}); a function is called once, on first use.
 *
 * @example
 * ```ts
 * import { createNetIdAuth } from 'netid-rp';
 * declare const current: string, previous: string;
 * const auth = createNetIdAuth({
 *   issuer: 'https://broker.netid.de/', clientId: 'your-client-id', clientSecret: 'your-secret',
 *   appUrl: 'https://shop.example', session: { password: [current, previous] },
 *   flows: { default: 'login-permission' }, scopes: ['profile', 'email'],
 * });
 * export const GET = (request: Request) => auth.login(request); // app/api/auth/login/route.ts
 * ```
 */
export function createNetIdAuth(options?: NetIdAuthOptions | (() => NetIdAuthOptions)): NetIdAuth {
  const source = options ?? (() => optionsFromEnv(process.env));
  let resolved: AuthConfig | undefined;
  let given: NetIdAuthOptions | undefined = typeof source === 'function' ? undefined : source;
  const config = () => {
    given ??= (source as () => NetIdAuthOptions)();
    resolved ??= resolveOptions(given);
    return resolved;
  };
  const log: AuthLogger = (event, detail) => (given?.log ?? defaultLog)(event, detail);
  let coordinator: RefreshCoordinator | undefined;
  const coordinate = () => {
    config();
    return (coordinator ??= given?.refreshCoordinator ?? createMemoryRefreshCoordinator());
  };
  const ctx: HandlerContext = { config, log };
  return {
    login: (request) => handleLogin(request, ctx),
    callback: (request) => handleCallback(request, ctx),
    logout: (request) => handleLogout(request, ctx),
    session: (request) => handleSession(request, config()),
    sessionAnswer: (cookies) => sessionAnswer(cookies, config()),
    getSession: (cookies) => readSession(cookies, config()),
    getAccessToken: (cookies, opts) => getAccessToken(cookies, config(), coordinate(), opts, log),
    endSession: (cookies) => clearSession(cookies, config()),
    sealSession: (session) => sealSession(session, config()),
    loginPath: (flow, returnTo) => {
      const c = config();
      const params = new URLSearchParams({ flow, returnTo: safeReturnTo(returnTo, c.appUrl) });
      return `${c.routes.login}?${params}`;
    },
    config,
    log,
  };
}
