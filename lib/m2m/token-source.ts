import { authorizedFetch } from './authorized-fetch';
import { createClientAuth, discoverTokenServer, type ApplyClientAuth, type TokenServer } from './oauth-seam';
import { resolveProfile, type M2MProfile, type ResolvedProfile } from './profile';
import { TokenCache, type CachedToken, type TokenCacheOptions, type TokenStore } from './token-cache';
import { traceM2MToken } from '../telemetry';
import { requestToken } from './token-request';
import type { TokenResponse } from './token-response';

/** Options of {@link createTokenSource}. Cache options apply when no shared `cache` is given. */
export interface TokenSourceOptions extends TokenCacheOptions {
  /**
   * A cache shared with other sources (default: one per source, built from the options here):
   * a {@link TokenCache}, or a cache shared across processes such as `createRedisTokenCache` of `/redis`.
   */
  cache?: TokenStore;
  /** fetch used for token requests and `source.fetch` (default the global fetch; tests inject one). */
  fetch?: typeof fetch;
  /** Deadline of each `source.fetch` call in milliseconds, body included (default 30000). */
  apiTimeoutMs?: number;
}

/** Per-call choices of {@link TokenSource.getToken}; scope and resource override the profile's. */
export interface GetTokenOptions {
  scope?: string;
  resource?: string | string[];
  /** Skip the cached token and request a new one (joins a request already in flight). */
  forceRenew?: boolean;
}

/** An access token ready to use. */
export interface M2MToken {
  accessToken: string;
  /** As the server sent it (`Bearer`, any case), or `Bearer` when it sent none. */
  tokenType: string;
  /** Epoch milliseconds when the token expires (by `expires_in`, or the default lifetime). */
  expiresAt: number;
  /** Granted scope, when the server said. */
  scope: string | undefined;
  /** The full token response (`id_token`, `refresh_token` included when sent). */
  response: TokenResponse;
}

/** What {@link createTokenSource} returns. */
export interface TokenSource {
  /** A valid access token: cached, renewed ahead of expiry, one request for many concurrent callers. */
  getToken(options?: GetTokenOptions): Promise<M2MToken>;
  /**
   * `fetch` with `Authorization: Bearer <token>`. On a 401 the token is renewed once and the
   * request retried once (only when the body can be sent again); the second answer is returned
   * whatever it is. Token failures reject with `M2MError`.
   */
  fetch(url: string | URL, init?: RequestInit, options?: GetTokenOptions): Promise<Response>;
  /** Forget cached tokens of this source's profile (all scopes). */
  clear(): void;
}

function toToken(entry: CachedToken): M2MToken {
  const { response } = entry;
  return { accessToken: response.access_token, tokenType: response.token_type, expiresAt: entry.expiresAt, scope: response.scope, response };
}

/**
 * Create a client_credentials token source for one profile (Duende via discovery, Screening
 * Eagle or iSHARE via a token URL; `client_secret_basic`, `client_secret_post` or
 * `private_key_jwt`). The profile is validated now (a `ConfigError`, `config_invalid`, listing every
 * problem); nothing is fetched until the first `getToken()`.
 *
 * @example
 * ```ts
 * import { profileFromEnv } from 'netid-rp/m2m';
 * const source = createTokenSource(profileFromEnv('duende'));
 * const { accessToken } = await source.getToken();
 * const res = await source.fetch('https://api.example.com/identity');
 * ```
 */
export function createTokenSource(profile: M2MProfile, options: TokenSourceOptions = {}): TokenSource {
  const resolved: ResolvedProfile = resolveProfile(profile);
  const cache = options.cache ?? new TokenCache(options);
  let server: Promise<{ server: TokenServer; applyAuth: ApplyClientAuth }> | undefined;

  // Discovery and key import happen once; a failure is not kept, the next call tries again.
  function prepare(): Promise<{ server: TokenServer; applyAuth: ApplyClientAuth }> {
    server ??= (async () => {
      const { endpoint } = resolved;
      const s: TokenServer =
        endpoint.kind === 'issuer' ? await discoverTokenServer(endpoint.url, resolved.timeoutMs) : { issuer: endpoint.url, tokenEndpoint: endpoint.url };
      return { server: s, applyAuth: await createClientAuth(resolved, s) };
    })();
    server.catch(() => (server = undefined));
    return server;
  }

  function keyOf(scope: string | undefined, resource: string[]): string {
    const r = resolved;
    return JSON.stringify([r.endpoint.url, r.clientId, scope ?? '', [...resource].sort(), r.params, r.audience ?? '']);
  }

  function scopeAndResource(opts: GetTokenOptions): { scope: string | undefined; resource: string[] } {
    const resource = opts.resource === undefined ? resolved.resource : typeof opts.resource === 'string' ? [opts.resource] : opts.resource;
    return { scope: opts.scope ?? resolved.scope, resource };
  }

  async function getEntry(opts: GetTokenOptions = {}): Promise<{ key: string; entry: CachedToken }> {
    const { scope, resource } = scopeAndResource(opts);
    const key = keyOf(scope, resource);
    const entry = await traceM2MToken((requesting) =>
      cache.get(
        key,
        () =>
          requesting(async () => {
            const { server: s, applyAuth } = await prepare();
            return requestToken({ tokenEndpoint: s.tokenEndpoint, applyAuth, scope, resource, params: resolved.params, timeoutMs: resolved.timeoutMs, fetch: options.fetch });
          }),
        opts.forceRenew ?? false,
      ),
    );
    return { key, entry };
  }

  const keys = new Set<string>();
  return {
    async getToken(opts) {
      const { key, entry } = await getEntry(opts);
      keys.add(key);
      return toToken(entry);
    },
    fetch(url, init, opts = {}) {
      return authorizedFetch(url, init ?? {}, {
        timeoutMs: options.apiTimeoutMs ?? 30_000,
        fetch: options.fetch,
        token: async () => {
          const { key, entry } = await getEntry({ ...opts, forceRenew: false });
          keys.add(key);
          return { accessToken: entry.response.access_token, invalidate: () => cache.invalidate(key, entry.response.access_token) };
        },
      });
    },
    clear() {
      for (const key of keys) cache.invalidate(key);
    },
  };
}
