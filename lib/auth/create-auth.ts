import { getAccessToken, type AccessTokenResult, type GetAccessTokenOptions } from './access-token';
import type { AuthConfig } from './types';
import type { CookieStore } from './cookie-store';
import type { Flow } from './flows';
import { AuthError } from './errors';
import { handleBackchannelLogout } from './handlers/backchannel-logout';
import { handleCallback } from './handlers/callback';
import type { HandlerContext } from './handlers/context';
import { handleLogin } from './handlers/login';
import { handleLogout } from './handlers/logout';
import { handleSession, sessionAnswer, type SessionAnswer } from './handlers/session-route';
import { createOidcDiscovery } from './oidc';
import { optionsFromEnv } from './options-from-env';
import { resolveOptions, type AuthLogger, type NetIdAuthOptions } from './options';
import { createMemoryRefreshCoordinator, type RefreshCoordinator } from './refresh-coordinator';
import { safeReturnTo } from './return-to';
import { clearSession, readSession, sessionCookieValue, storeContextFor, type SessionData } from './session';

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
  /** `POST {basePath}/backchannel-logout` (OpenID Connect Back-Channel Logout 1.0; needs server-side sessions). */
  backchannelLogout(request: Request): Promise<Response>;
  /** The status and body of `GET {basePath}/session` for the session in `cookies` (for adapters that answer natively). */
  sessionAnswer(cookies: CookieStore): Promise<SessionAnswer>;
  /** The session (with tokens: server side only), or `null` when signed out. */
  getSession(cookies: CookieStore): Promise<SessionData | null>;
  /**
   * The user's current access token (profiles that refresh), renewed when due; a renewal writes
   * the rotated session to `cookies`. Rejects with an {@link AuthError}.
   */
  getAccessToken(cookies: CookieStore, options?: GetAccessTokenOptions): Promise<AccessTokenResult>;
  /** Ends the session in the browser (e.g. when the netID account is gone), and in a server-side store. */
  endSession(cookies: CookieStore): void;
  /**
   * "Sign out everywhere": ends every server-side session of the user `sub` and resolves with
   * how many. Rejects with `backchannel_logout_unsupported` for cookie sessions (they cannot be
   * ended on the server), `session_store_unavailable` when the store does not answer.
   */
  signOutEverywhere(sub: string): Promise<number>;
  /**
   * The one login URL builder of the package: the app-relative path of the login route that runs
   * `flow` (omitted: the configured default flow) and comes back to `returnTo`, which is checked
   * here as the login route checks it (a same-origin path, else `/`). Relative, so it works behind
   * any host name. The Next helpers (`requireSession`, `createAuthProxy`) and the error page build
   * their sign-in links with it.
   *
   * @example
   * ```ts
   * import { createNetIdAuth } from 'netid-rp';
   * const auth = createNetIdAuth();
   * auth.loginPath('permission', '/consent'); // '/api/auth/login?flow=permission&returnTo=%2Fconsent'
   * auth.loginPath(undefined, '/account'); // the default flow
   * ```
   */
  loginPath(flow?: Flow, returnTo?: string): string;
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
    const c = config();
    // With REDIS_URL every instance shares one coordinator (injected by netid-rp/redis; resolveOptions
    // refuses REDIS_URL without it); its results are sealed with the session password.
    const redis = given?.redis;
    return (coordinator ??=
      given?.refreshCoordinator ?? (c.redisUrl && redis ? redis.refreshCoordinator(c.redisUrl, c.sessionPasswords, c.httpTimeoutMs) : createMemoryRefreshCoordinator()));
  };
  const ctx: HandlerContext = { config, log, discovery: createOidcDiscovery() };
  return {
    login: (request) => handleLogin(request, ctx),
    callback: (request) => handleCallback(request, ctx),
    logout: (request) => handleLogout(request, ctx),
    session: (request) => handleSession(request, config()),
    backchannelLogout: (request) => handleBackchannelLogout(request, ctx),
    sessionAnswer: (cookies) => sessionAnswer(cookies, config()),
    getSession: (cookies) => readSession(cookies, config()),
    getAccessToken: (cookies, opts) => getAccessToken(cookies, config(), coordinate(), ctx.discovery, opts, log),
    endSession: (cookies) => {
      const c = config();
      const value = sessionCookieValue(cookies, c);
      clearSession(cookies, c);
      if (value && c.sessionStore.kind === 'server') {
        c.sessionStore.destroy(value, storeContextFor(c)).catch((err: unknown) => log('session_destroy_failed', { code: err instanceof AuthError ? err.code : 'unknown' }));
      }
    },
    signOutEverywhere: async (sub) => {
      const c = config();
      if (c.sessionStore.kind !== 'server' || !c.sessionStore.endSessions) throw new AuthError('backchannel_logout_unsupported');
      return c.sessionStore.endSessions({ sub }, storeContextFor(c));
    },
    loginPath: (flow, returnTo) => {
      const c = config();
      const params = new URLSearchParams();
      if (flow) params.set('flow', flow);
      params.set('returnTo', safeReturnTo(returnTo, c.appUrl));
      return `${c.routes.login}?${params}`;
    },
    config,
    log,
  };
}
