import { createNetIdAuth, type NetIdAuth, type NetIdAuthOptions } from '../auth';
import { ConfigError } from '../errors';
import { json } from '../http';
import { sitePassword } from './site-password';

/** Options of {@link createMultiSiteAuth}. */
export interface MultiSiteOptions {
  /**
   * The allow-list: each site's options by the host it is served at (`shop-a.example`, or
   * `host:port`), its `appUrl` on that host. Each site has its own client, app URL, cookies,
   * Permission Center and (when given) session store.
   */
  sites: Readonly<Record<string, NetIdAuthOptions>>;
}

/** Relying parties for several sites of one deployment, chosen per request by host. */
export interface MultiSiteAuth {
  /** The hosts of the allow-list. */
  readonly hosts: readonly string[];
  /** The relying party of `host` (`name` or `name:port`), or `undefined` when it is not in the allow-list. */
  forHost(host: string): NetIdAuth | undefined;
  /** The relying party of the request's host, or `undefined` when it is not in the allow-list. */
  forRequest(request: Request): NetIdAuth | undefined;
  /**
   * A Fetch handler that runs `route` of the request's site; a host outside the allow-list is
   * answered 421 `unknown_site` (JSON), before anything else happens.
   */
  handler(route: 'login' | 'callback' | 'logout' | 'session' | 'backchannelLogout'): (request: Request) => Promise<Response>;
}

const normalizeHost = (host: string) => host.trim().toLowerCase();

function siteOptions(host: string, options: NetIdAuthOptions): NetIdAuthOptions {
  const session = { ...options.session };
  // Server-side sessions in Redis: this site's own keys (the refresh coordinator's are digests of refresh tokens already).
  // Without `redis` (withRedis of netid-rp/redis) the store stays 'redis' and the options are refused, naming the import.
  if (session.store === 'redis' && typeof options.redisUrl === 'string' && options.redis) session.store = options.redis.sessionStore(options.redisUrl, `netid:site:${host}:`);
  const password = session.password;
  if (password !== undefined) {
    const list = typeof password === 'string' ? [password] : password;
    // Blank passwords stay blank, so the production rule (a password is required) still applies.
    const derived = list.map((p) => (p.trim() === '' ? p : sitePassword(p, host)));
    session.password = typeof password === 'string' ? derived[0]! : derived;
  }
  return { ...options, session };
}

/**
 * Several sites from one deployment: the configuration is chosen per request by the request's
 * host, from the allow-list you give (never from an unchecked `Host` or `X-Forwarded-Host`: an
 * unknown host gets 421). Each site is a relying party of its own (its own client, app URL,
 * redirect URI, cookies, Permission Center scope); its session password is derived from the given
 * one and the host, so one `SESSION_PASSWORD` serves all sites and a session cookie of one site is
 * never accepted by another. With `session.store: 'redis'` each site's keys live under a prefix of
 * its own (`netid:site:<host>:`), so "sign out everywhere" and back-channel logout end that site's
 * sessions only.
 * Throws a {@link ConfigError} when a site's `appUrl` is not on its host.
 *
 * @example
 * ```ts
 * import { createMultiSiteAuth } from 'netid-rp';
 * declare const password: string;
 * const shared = { issuer: 'https://broker.netid.de/', session: { password } };
 * const sites = createMultiSiteAuth({
 *   sites: {
 *     'shop-a.example': { ...shared, clientId: 'a', clientSecret: 'secret-a', appUrl: 'https://shop-a.example' },
 *     'shop-b.example': { ...shared, clientId: 'b', clientSecret: 'secret-b', appUrl: 'https://shop-b.example' },
 *   },
 * });
 * export const GET = sites.handler('login'); // app/api/auth/login/route.ts
 * ```
 */
export function createMultiSiteAuth(options: MultiSiteOptions): MultiSiteAuth {
  const bySite = new Map<string, NetIdAuth>();
  const issues: { variable: string; message: string }[] = [];
  for (const [given, site] of Object.entries(options.sites)) {
    const host = normalizeHost(given);
    const appHost = URL.canParse(site.appUrl) ? new URL(site.appUrl).host : undefined;
    if (appHost !== host) issues.push({ variable: `sites.${given}.appUrl`, message: 'must be a URL on the host it is listed under' });
    bySite.set(host, createNetIdAuth(siteOptions(host, site)));
  }
  if (bySite.size === 0) issues.push({ variable: 'sites', message: 'lists no site' });
  if (issues.length > 0) throw new ConfigError(issues);
  const forHost = (host: string) => bySite.get(normalizeHost(host));
  const forRequest = (request: Request) => forHost(new URL(request.url).host);
  return {
    hosts: [...bySite.keys()],
    forHost,
    forRequest,
    handler: (route) => (request) => {
      const auth = forRequest(request);
      if (!auth) return Promise.resolve(json({ error: 'unknown_site', message: 'This site is not served here.' }, 421));
      return auth[route](request);
    },
  };
}
