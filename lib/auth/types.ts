/**
 * The types of the core, at the bottom of lib/auth: every other file of lib/auth may import
 * them, and this file imports nothing of lib/auth (only types of the lower folder lib/config).
 * Keeping them here is what keeps the layers of the core one-way: types, then config, session,
 * handlers, `createNetIdAuth`. The files that used to declare them re-export them.
 */
import type { ClientSecretAuthMethod, IdTokenAlg } from '../config';

export type { IdTokenAlg };

/** Id of a built-in profile (also the values of `AUTH_PROVIDER`). */
export type ProfileName = 'netid' | 'oidc' | 'screening-eagle';

/** The three netID flows; names mirror the official netID SDKs. */
export type Flow = 'login' | 'login-permission' | 'permission';

/** Receives server-side events: codes and safe summaries only, never tokens. */
export type AuthLogger = (event: string, detail: Record<string, unknown>) => void;

/**
 * Options of {@link createNetIdAuth}: everything in code, typed. {@link optionsFromEnv} maps the
 * documented environment variables onto the same shape.
 */
export interface NetIdAuthOptions {
  /** Provider profile: `netid` (default), `oidc`, `screening-eagle`, or your own {@link ProviderProfile}. */
  profile?: ProfileName | ProviderProfile;
  /** Issuer URL (netID: `https://broker.netid.de/`). `http://` only on loopback hosts. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Client authentication at the token endpoint; default from the profile (`client_secret_basic`). */
  clientAuth?: ClientSecretAuthMethod;
  /** Expected ID token `alg`; default `RS256`. `none` is an explicit opt-in. */
  idTokenAlg?: IdTokenAlg;
  /** Public base URL of the app; the redirect URI is `${appUrl}${routes.basePath}/callback`. */
  appUrl: string;
  session?: {
    /** At least 32 characters; a list rotates (the first seals, all unseal). Required in production. */
    password?: string | readonly string[];
    /** Absolute session lifetime in seconds; default 28800 (8 h). */
    ttlSeconds?: number;
    /**
     * Where sessions live: `cookie` (default: the sealed session is the cookie), `redis`
     * (server-side sessions in {@link NetIdAuthOptions.redisUrl}; the cookie holds a sealed id),
     * or your own {@link SessionStore} (e.g. `createRedisSessionStore` of `/redis`). `redis` needs
     * {@link NetIdAuthOptions.redis} (`withRedis` of `netid-rp/redis`); without it the options are refused.
     */
    store?: 'cookie' | 'redis' | SessionStore;
  };
  /**
   * Redis (`redis://` on loopback, else `rediss://`) for `session.store: 'redis'` and, whenever
   * set, the shared refresh coordinator (one refresh per refresh token across instances). A
   * comma-separated list of two or more node URLs connects to a Redis Cluster (each URL checked
   * alike, all with one scheme). Needs {@link NetIdAuthOptions.redis}.
   */
  redisUrl?: string;
  /**
   * The Redis building blocks for `session.store: 'redis'` and `redisUrl`, injected so the core
   * never imports a Redis client: `withRedis(options)` of `netid-rp/redis` sets it.
   */
  redis?: RedisWiring;
  /** netID flows: the one `/login` starts without `?flow=`; default `login-permission`. */
  flows?: { default?: Flow };
  /** netID: extra scopes of the OpenID flows (default `profile`, `email`). Other profiles: the whole scope list. */
  scopes?: readonly string[];
  /** The OIDC `claims` request parameter, as an object or JSON text. */
  claims?: string | Record<string, unknown>;
  /** The API behind the BFF proxy (`/api/upstream/*`). */
  upstreamUrl?: string;
  /** Timeout of every call to the provider in milliseconds; default 10000. */
  httpTimeoutMs?: number;
  /** Route paths; default `/api/auth/*`, `/auth/error`, `/api/upstream`. */
  routes?: RoutesOptions;
  /** Production rules (no dev session password, `__Host-` cookies off loopback); default `NODE_ENV === 'production'`. */
  production?: boolean;
  /** Where server-side events go; default `console.warn`. */
  log?: AuthLogger;
  /** Coordinates refreshes of one refresh token (default: in-process single-flight). */
  refreshCoordinator?: RefreshCoordinator;
}

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

/**
 * Makes sure one refresh token is redeemed once, however many requests of the same session
 * arrive together. The in-process default keeps the in-flight promise per key and, for a short
 * grace period, its result: requests that still carry the old cookie (sent before the rotated one
 * reached the browser) get the same new tokens instead of replaying a rotated-away refresh token.
 *
 * Implement this interface with a shared store (e.g. Redis `SET NX` + a result key) to coordinate
 * several processes.
 */
export interface RefreshCoordinator {
  /** Runs `refresh` once per `key` at a time; concurrent and recent callers share its result. */
  run<T extends object>(key: string, refresh: () => Promise<T>): Promise<T>;
}

/** The Permission Center (`permission_management`) access token as kept in the session. */
export interface PermissionToken {
  accessToken: string;
  tokenType: string;
  /** Absolute expiry, seconds since the epoch. */
  expiresAt: number;
}

/** The user's own tokens from a provider that refreshes (profiles `oidc`, `screening-eagle`), for upstream APIs. */
export interface UserTokens {
  accessToken: string;
  /** When the access token was obtained, seconds since the epoch. */
  issuedAt: number;
  /** Absolute expiry of the access token, seconds since the epoch. */
  expiresAt: number;
  refreshToken?: string;
  /** Kept for `id_token_hint` at logout (a large session is chunked, never cut). */
  idToken?: string;
}

/** The signed-in user: `sub` plus the claims the broker released. */
export interface SessionUser {
  sub: string;
  [claim: string]: unknown;
}

/** What the encrypted session cookie holds. Server-side only: it contains tokens. */
export interface SessionData {
  v: 1;
  flow: Flow;
  issuer: string;
  /** `null` in the `permission` flow, which has no ID token and so no identity. */
  user: SessionUser | null;
  permissionToken: PermissionToken | null;
  /** Access/refresh tokens of a generic OIDC provider; `null` for netID (which has no refresh tokens). */
  tokens: UserTokens | null;
  /** Seconds since the epoch. */
  createdAt: number;
  /** Absolute session expiry, seconds since the epoch. */
  expiresAt: number;
}

/**
 * What the core hands a {@link SessionStore}: the configuration and the session password's seal
 * (iron-session, the same one the cookie uses), so a store never needs a key of its own.
 */
export interface SessionStoreContext {
  config: AuthConfig;
  /** Seals JSON-able data with the first session password for `ttlSeconds`. */
  seal(data: Record<string, unknown>, ttlSeconds: number): Promise<string>;
  /** Unseals with any session password; `undefined` for anything tampered, expired or foreign. */
  unseal(value: string): Promise<Record<string, unknown> | undefined>;
  /** Validates unsealed data as a live session of this configuration; `null` when it is not one. */
  parse(data: unknown): SessionData | null;
}

/** Which sessions a back-channel logout (or "sign out everywhere") ends. */
export interface SessionMatch {
  /** The provider's session id (`sid` of the ID token / logout token). */
  sid?: string;
  /** The user (`sub`); with `sid`, only that session of the user. */
  sub?: string;
}

/**
 * Where sessions live. The default keeps the whole sealed session in the cookie (no shared state);
 * a server-side store (e.g. `createRedisSessionStore` of `/redis`) keeps it on the server and puts
 * only a sealed random id in the cookie, so a session can be ended before its cookie expires.
 *
 * Methods of a server-side store reject with the `AuthError` `session_store_unavailable` when
 * the store does not answer in time; they never hang.
 */
export interface SessionStore {
  /** `cookie`: the cookie is the session; `server`: the cookie names a session kept on the server. */
  readonly kind: 'cookie' | 'server';
  /** The session a cookie value stands for, or `null` (signed out). */
  load(cookieValue: string, ctx: SessionStoreContext): Promise<SessionData | null>;
  /**
   * Stores `session` and returns the cookie value for it. `cookieValue` is the current cookie
   * when the session is updated (a token refresh); a server-side store then keeps its id, and
   * rejects with `session_expired` when the session was ended meanwhile.
   */
  save(session: SessionData, ctx: SessionStoreContext, cookieValue?: string): Promise<string>;
  /** Ends the session behind a cookie value (logout). */
  destroy(cookieValue: string, ctx: SessionStoreContext): Promise<void>;
  /** Server-side stores: ends every session that matches; returns how many. */
  endSessions?(match: SessionMatch, ctx: SessionStoreContext): Promise<number>;
  /** Server-side stores: `true` the first time `id` is seen within `ttlSeconds`, `false` for a replay. */
  claimOnce?(id: string, ttlSeconds: number, ctx: SessionStoreContext): Promise<boolean>;
}

/** What the code exchange yields, as plain data. */
export interface CodeExchangeResult {
  tokens: {
    access_token?: string;
    token_type?: string;
    expires_in?: number;
    scope?: string;
    refresh_token?: string;
    id_token?: string;
  };
  /** Verified ID token claims (undefined in the `permission` flow). */
  idTokenClaims: Record<string, unknown> | undefined;
  /** Userinfo claims, when the flow asked for profile scopes or userinfo claims. */
  userinfo: Record<string, unknown> | undefined;
}

/** What a profile's sign-in request asks for, per flow. */
export interface AuthorizationShape {
  /** The `scope` parameter. */
  scope: string;
  /**
   * `required`: an OpenID sign-in (a `nonce` is sent; a missing ID token is an error);
   * `optional`: an ID token is verified when one comes, no `nonce` (PKCE binds the code);
   * `none`: plain OAuth (netID's standalone `permission` flow), any ID token is ignored.
   */
  idToken: 'required' | 'optional' | 'none';
  /** The OIDC `claims` request parameter (JSON text), if any. */
  claims?: string;
  /** Whether userinfo is read after the code exchange (profile claims the ID token does not carry). */
  userinfo: boolean;
}

/** The part of a session a profile fills from a finished sign-in. */
export type SessionTokens = Pick<SessionData, 'user' | 'permissionToken' | 'tokens'>;

/** The options a profile checks beyond the common schema (already validated and defaulted). */
export interface ProfileCheckInput {
  scopes: readonly string[];
  clientAuth: ClientSecretAuthMethod;
  idTokenAlg: IdTokenAlg;
  claims: string | undefined;
}

/**
 * A provider profile: data plus a few functions, like next-auth's provider files. It says which
 * flows and scopes a sign-in asks for, how a token response becomes a session, whether the
 * session refreshes, and how logout ends it at the provider. The handlers contain no provider
 * branches; add a provider by writing one of these.
 *
 * @example
 * ```ts
 * import { createNetIdAuth, oidcProfile, type ProviderProfile } from 'netid-rp';
 * // A provider that behaves like the generic one but asks for an API scope too:
 * const acme: ProviderProfile = { ...oidcProfile, id: 'acme', name: 'ACME ID', defaults: { ...oidcProfile.defaults, scopes: ['openid', 'api'] } };
 * const auth = createNetIdAuth({ profile: acme, issuer: 'https://id.acme.example', clientId: 'web', clientSecret: 's', appUrl: 'https://shop.example' });
 * ```
 */
export interface ProviderProfile {
  /** Short id (`netid`, `oidc`, `screening-eagle`); also the `AUTH_PROVIDER` value of built-in profiles. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Values the options fall back to. */
  readonly defaults: {
    readonly scopes: readonly string[];
    readonly clientAuth: ClientSecretAuthMethod;
    readonly idTokenAlg: IdTokenAlg;
  };
  /** Whether the sign-in picks a netID flow from `?flow=` (else every sign-in is `login`). */
  readonly flows: boolean;
  /** Whether the session keeps the provider's access/refresh tokens and renews them when due. */
  readonly refreshes: boolean;
  /** Whether logout revokes the refresh token and redirects to the provider's `end_session_endpoint` (where it has them). */
  readonly endsSessionAtProvider: boolean;
  /** Normalises the configured scopes (netID drops `openid` and `permission_management`, which its flows add). */
  scopes(configured: readonly string[]): string[];
  /** Profile rules on top of the common option schema; report each problem with `issue(option, message)`. */
  check?(options: ProfileCheckInput, issue: (option: 'scopes' | 'clientAuth' | 'idTokenAlg' | 'claims', message: string) => void): void;
  /** The sign-in request of `flow`. */
  authorization(flow: Flow, config: AuthConfig): AuthorizationShape;
  /** The session contents from a finished sign-in (`now` in epoch seconds). Throws an `AuthError` for a malformed response. */
  session(result: CodeExchangeResult, flow: Flow, now: number): SessionTokens;
}


/** The validated, resolved configuration of a relying party (what `NetIdAuth.config()` and `parseConfig` return). */
export interface AuthConfig {
  /** The provider profile: scopes per flow, token response → session, refresh, logout at the provider. */
  profile: ProviderProfile;
  issuer: string;
  clientId: string;
  clientSecret: string;
  clientAuth: ClientSecretAuthMethod;
  idTokenAlg: IdTokenAlg;
  /** Public base URL of the app, without trailing slash. */
  appUrl: string;
  /** `${appUrl}${routes.callback}` */
  redirectUri: string;
  /** Where the auth routes, the error page and the upstream proxy are served. */
  routes: AuthRoutes;
  /** First entry seals, all entries unseal. */
  sessionPasswords: string[];
  /** The scopes as the profile normalised them (netID: the extras of its OpenID flows). */
  scopes: string[];
  /** Optional OIDC `claims` request parameter (JSON text). */
  claims: string | undefined;
  /** The netID flow `/login` starts without `?flow=`. */
  defaultFlow: Flow;
  /** Base URL that the upstream proxy forwards to, without trailing slash. */
  upstreamUrl: string | undefined;
  /** Timeout in milliseconds for every call to the provider. */
  httpTimeoutMs: number;
  /** Absolute lifetime of a session in seconds. */
  sessionTtl: number;
  /** Where sessions live (the cookie by default). */
  sessionStore: SessionStore;
  /** Redis for server-side sessions and the shared refresh coordinator, when configured (a comma-separated list: Redis Cluster nodes). */
  redisUrl: string | undefined;
  /** The injected Redis building blocks (`withRedis` of `netid-rp/redis`), when Redis is configured through them. */
  redis: RedisWiring | undefined;
  production: boolean;
}

/**
 * What `session.store: 'redis'` (`SESSION_STORE=redis`) and `redisUrl` (`REDIS_URL`) are built
 * from. The core never imports a Redis client (so no bundler resolves `ioredis` for an app with
 * cookie sessions): `withRedis` of `netid-rp/redis` injects it into the options.
 */
export interface RedisWiring {
  /**
   * The server-side session store on the Redis at `url` (one URL, or a comma-separated list of Cluster
   * nodes), its keys under `keyPrefix` (default `netid:`; one per site when one deployment serves several).
   */
  sessionStore(url: string, keyPrefix?: string): SessionStore;
  /** The shared refresh coordinator on the Redis at `url`, its results sealed with `secret`. */
  refreshCoordinator(url: string, secret: readonly string[], refreshTimeoutMs: number): RefreshCoordinator;
  /** Resolves when the Redis at `url` answers a PING (the readiness probe); rejects otherwise. */
  ping(url: string): Promise<void>;
}
