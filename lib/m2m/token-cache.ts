import { tokenLifetime } from '../http';
import type { TokenResponse } from './token-response';

/** A cached token and when it stops being handed out. */
export interface CachedToken {
  /** The token response as the server sent it. */
  response: TokenResponse;
  /** Epoch milliseconds at which the token expires (request time + lifetime). */
  expiresAt: number;
  /** Epoch milliseconds from which a renewal is made instead of handing this token out. */
  renewAt: number;
}

/** Lifetimes and clock of a {@link TokenCache}. */
export interface TokenCacheOptions {
  /** Clock in epoch milliseconds (tests inject a fake one). Default `Date.now`. */
  now?: () => number;
  /** Renew this many seconds before expiry (default 60)… */
  renewBeforeExpirySeconds?: number;
  /** …but at most this fraction of a short lifetime (default 0.25: a 120 s token renews after 90 s). */
  renewBeforeExpiryFraction?: number;
  /** Lifetime assumed when the server sent no usable `expires_in` (default 300 s; never "forever"). */
  defaultLifetimeSeconds?: number;
  /** Longest lifetime trusted, however long `expires_in` is (default 86400 s). */
  maxLifetimeSeconds?: number;
}

/**
 * The lifetime in seconds used for a token whose response said `expiresIn`: missing or not a
 * number → `defaultLifetime`; zero or negative → 0 (used by the callers that asked, never
 * cached); longer than `maxLifetime` → `maxLifetime`.
 */
export function effectiveLifetime(expiresIn: number | undefined, defaultLifetime: number, maxLifetime: number): number {
  return tokenLifetime(expiresIn, defaultLifetime, { max: maxLifetime, nonPositive: 'expired' });
}

/**
 * What {@link createTokenSource} needs of a cache: {@link TokenCache} in one process, or a shared
 * one (e.g. `createRedisTokenCache` of `/redis`) across processes.
 */
export interface TokenStore {
  /** The token for `key`: fresh from the cache, from a request in flight, or from `request` (see {@link TokenCache.get}). */
  get(key: string, request: () => Promise<TokenResponse>, forceRenew?: boolean): Promise<CachedToken>;
  /** Forget the token of `key`, but only if it is still `accessToken` (when given). */
  invalidate(key: string, accessToken?: string): void;
}

/**
 * The cache entry for a token response requested at `started` (epoch ms): its expiry and when to
 * renew it, by the lifetime rules of {@link TokenCacheOptions}. `cacheable` is false for a token
 * without a usable lifetime (handed to the callers that asked only).
 */
export function cacheEntry(response: TokenResponse, started: number, options: TokenCacheOptions = {}): { entry: CachedToken; cacheable: boolean } {
  const buffer = nonNegative(options.renewBeforeExpirySeconds ?? 60, 'renewBeforeExpirySeconds');
  const fraction = nonNegative(options.renewBeforeExpiryFraction ?? 0.25, 'renewBeforeExpiryFraction');
  const lifetime = effectiveLifetime(response.expires_in, options.defaultLifetimeSeconds ?? 300, options.maxLifetimeSeconds ?? 86_400);
  const ahead = Math.min(buffer, lifetime * fraction);
  return { entry: { response, expiresAt: started + lifetime * 1000, renewAt: started + (lifetime - ahead) * 1000 }, cacheable: lifetime > 0 };
}

/**
 * Token cache with single-flight: at most one request per key is in flight, and every caller
 * for that key waits for it. Tokens are handed out until `renewAt` (a buffer before expiry).
 * A failed request is not cached: all its waiters get the error, the next call tries again.
 * One cache may be shared by several token sources (keys include the token URL and client).
 *
 * @example
 * ```ts
 * import type { TokenResponse } from 'netid-rp/m2m';
 * declare function requestToken(): Promise<TokenResponse>; // one call to the token endpoint
 * const cache = new TokenCache({ renewBeforeExpirySeconds: 30 });
 * const { response, expiresAt } = await cache.get('key', () => requestToken());
 * ```
 */
export class TokenCache implements TokenStore {
  readonly #entries = new Map<string, CachedToken>();
  readonly #inflight = new Map<string, Promise<CachedToken>>();
  readonly #now: () => number;
  readonly #buffer: number;
  readonly #fraction: number;
  readonly #defaultLifetime: number;
  readonly #maxLifetime: number;

  constructor(options: TokenCacheOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#buffer = nonNegative(options.renewBeforeExpirySeconds ?? 60, 'renewBeforeExpirySeconds');
    this.#fraction = nonNegative(options.renewBeforeExpiryFraction ?? 0.25, 'renewBeforeExpiryFraction');
    this.#defaultLifetime = nonNegative(options.defaultLifetimeSeconds ?? 300, 'defaultLifetimeSeconds');
    this.#maxLifetime = nonNegative(options.maxLifetimeSeconds ?? 86_400, 'maxLifetimeSeconds');
    if (this.#fraction > 1) throw new RangeError('renewBeforeExpiryFraction must be between 0 and 1');
  }

  /**
   * The token for `key`: the cached one while it is fresh, else the result of the request in
   * flight, else a new request made with `request`. `forceRenew` skips the cached token (but
   * still joins a request already in flight).
   */
  get(key: string, request: () => Promise<TokenResponse>, forceRenew = false): Promise<CachedToken> {
    const cached = this.#entries.get(key);
    if (!forceRenew && cached && this.#now() < cached.renewAt) return Promise.resolve(cached);
    const pending = this.#inflight.get(key);
    if (pending) return pending;
    const started = this.#now();
    const flight = (async () => {
      try {
        const response = await request();
        const lifetime = effectiveLifetime(response.expires_in, this.#defaultLifetime, this.#maxLifetime);
        const buffer = Math.min(this.#buffer, lifetime * this.#fraction);
        const entry: CachedToken = { response, expiresAt: started + lifetime * 1000, renewAt: started + (lifetime - buffer) * 1000 };
        if (lifetime > 0) this.#entries.set(key, entry);
        else this.#entries.delete(key);
        return entry;
      } finally {
        this.#inflight.delete(key);
      }
    })();
    this.#inflight.set(key, flight);
    return flight;
  }

  /**
   * Forget the token of `key`, but only if it is still `accessToken` (when given): after a 401
   * many callers may invalidate the same token; a token already renewed by one of them stays.
   */
  invalidate(key: string, accessToken?: string): void {
    const cached = this.#entries.get(key);
    if (cached && (accessToken === undefined || cached.response.access_token === accessToken)) this.#entries.delete(key);
  }

  /** Forget every cached token (requests in flight still complete for their waiters). */
  clear(): void {
    this.#entries.clear();
  }
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number`);
  return value;
}
