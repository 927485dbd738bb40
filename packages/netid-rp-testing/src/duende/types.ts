/**
 * Public types of the embedded Duende-style dev provider.
 *
 * @module
 */
import type { DevUser } from '../broker/types';

/**
 * `aud` of every access token the Duende-style dev provider issues, and the resource indicator it
 * defaults to (oidc-provider requires an absolute URI; a URN is one). The embedded upstream API
 * (`./upstream-api`) accepts exactly this audience.
 */
export const UPSTREAM_API_AUDIENCE = 'urn:dev:upstream-api';

/**
 * Duende IdentityServer's endpoint paths, relative to the issuer. `userinfo` is served by
 * `userinfo.ts`, not oidc-provider; the M2M simulator serves `token`, `introspection` and `jwks` (whose userinfo refuses access tokens issued for an API).
 */
export const DUENDE_ROUTES = {
  authorization: '/connect/authorize',
  token: '/connect/token',
  userinfo: '/connect/userinfo',
  revocation: '/connect/revocation',
  introspection: '/connect/introspect',
  end_session: '/connect/endsession',
  jwks: '/.well-known/openid-configuration/jwks',
} as const;

/** Title of the provider's HTML pages (internal; not re-exported). */
export const DUENDE_TITLE = 'Duende-style dev provider';

/** The API scope of the upstream API (Duende's demo calls it `api`). */
export const UPSTREAM_API_SCOPE = 'api';

/** A relying party registered at the Duende-style provider (an "interactive.confidential" client). */
export interface DuendeDevClient {
  /** The client id. */
  client_id: string;
  /** The shared client secret. */
  client_secret: string;
  /** Exact redirect URIs the client may use. */
  redirect_uris: string[];
  /** Exact URIs `end_session_endpoint` may redirect back to (`post_logout_redirect_uri`). */
  post_logout_redirect_uris?: string[];
  /**
   * Where the provider POSTs a back-channel `logout_token` when the user's provider session ends
   * (OpenID Connect Back-Channel Logout 1.0; `sid` required, as Duende sends it).
   */
  backchannel_logout_uri?: string;
  /**
   * How the client authenticates at the token and revocation endpoints; default
   * `client_secret_basic`. The other method is refused with `invalid_client` (stricter than
   * Duende, which accepts both for a shared secret, so a misconfigured RP fails in dev already).
   */
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post';
  /** ID token signing algorithm; default `RS256`. Access tokens are always RS256. */
  id_token_signed_response_alg?: 'RS256' | 'ES256';
  /**
   * `false` makes the server behave like one that never form-decodes `client_secret_basic`
   * credentials: the id and secret must arrive byte for byte as registered (an RP that
   * percent-encodes `-`, `.` or `_` is refused with 403 `unauthorized_client`). Default `true`.
   */
  basic_credentials_decoded?: boolean;
  /**
   * Whether the client gets refresh tokens; default `true`. `false` registers it without the
   * `refresh_token` grant, like a provider that issues refresh tokens only "if supported" (Duende's
   * `AllowOfflineAccess = false` would refuse the scope instead): a requested `offline_access` is silently dropped, the
   * token response has no `refresh_token`, and a refresh grant is refused (`invalid_request`,
   * "requested grant type is not allowed for this client").
   */
  issue_refresh_token?: boolean;
  /**
   * Whether the token response of a sign-in with `openid` carries the ID token; default `true`.
   * `false` strips it from the authorization code response (a provider whose ID token is
   * optional, "if applicable"); refresh responses never carry one then either. Without `openid`
   * in the scope no ID token is issued anyway (plain OAuth 2.0, which the provider accepts).
   */
  issue_id_token?: boolean;
}

/** A way the Duende-style provider can misanswer a refresh (see {@link DuendeDevProvider.refreshFault}). */
export type RefreshFault = 'empty-400' | 'html-400' | 'invalid_client' | 'unavailable' | 'other-sub' | 'other-iss';

/** Options of {@link startDuendeDevProvider}. */
export interface DuendeDevOptions {
  /** TCP port; default 0 (a random free port). The provider always binds 127.0.0.1. */
  port?: number;
  /** The registered clients (each gets the `authorization_code` grant, and `refresh_token` unless `issue_refresh_token: false`). */
  clients: DuendeDevClient[];
  /** Access token lifetime in seconds; default 30 (short, so the refresh is visible in dev). */
  accessTokenTtl?: number;
  /**
   * Absolute lifetime of a refresh token family in seconds, counted from sign-in (Duende's
   * `AbsoluteRefreshTokenLifetime`; rotation does not extend it); default 3600.
   */
  refreshTokenTtl?: number;
  /** ID token lifetime in seconds; default 300 (Duende's default). */
  idTokenTtl?: number;
  /** Authorization code lifetime in seconds; default 300 (Duende's default). Codes are single use. */
  codeTtl?: number;
  /**
   * Put the scope claims (`profile`, `email`) into the ID token as well as the userinfo response;
   * default `true` (Duende's client setting `AlwaysIncludeUserClaimsInIdToken`, whose Duende
   * default is `false`: set `false` to test an RP that must call userinfo).
   */
  alwaysIncludeUserClaimsInIdToken?: boolean;
  /** Suppress oidc-provider's console notices (e.g. "Unsupported runtime" on Node 20) where possible. */
  quiet?: boolean;
}

/** Live counters of HTTP requests by endpoint (every request, failed ones included). */
export interface DuendeStats {
  /** `GET /.well-known/openid-configuration` */
  discovery: number;
  /** `GET /.well-known/openid-configuration/jwks` */
  jwks: number;
  /** `GET|POST /connect/authorize` (not the internal resume hop `/connect/authorize/<uid>`) */
  authorize: number;
  /** `POST /connect/token`, any grant type (so code redemptions plus refreshes) */
  token: number;
  /** The subset of {@link DuendeStats.token} with `grant_type=refresh_token` */
  refresh: number;
  /** `POST /connect/revocation` */
  revocation: number;
  /** `GET|POST /connect/endsession` (not its `/confirm` step) */
  endSession: number;
  /** `GET|POST /connect/userinfo` */
  userinfo: number;
}

/** A running Duende-style dev provider; see {@link startDuendeDevProvider}. */
export interface DuendeDevProvider {
  /** `http://127.0.0.1:<port>`, without a trailing slash (as Duende issuers are). */
  issuer: string;
  /** The bound port. */
  port: number;
  /** `<issuer>/.well-known/openid-configuration/jwks` (Duende's path). */
  jwksUri: string;
  /** Live counters of HTTP requests by endpoint. */
  stats: DuendeStats;
  /** Set every counter of {@link DuendeDevProvider.stats} back to 0. */
  resetStats(): void;
  /**
   * Test hook: revoke the grants (and so every refresh token) of the test user `userId` (e.g.
   * `max`), or of every user when omitted. The next refresh answers `invalid_grant`; access
   * tokens already issued stay valid until they expire (they are self-contained JWTs).
   */
  revokeAllGrants(userId?: string): Promise<void>;
  /** Test hook: delay (ms) before answering the given endpoint. */
  delays: Partial<Record<'token', number>>;
  /**
   * Test hook: how the next refresh requests are answered (`null`: normally). `empty-400`: 400
   * with an empty body (no `error`); `html-400`: 400 with an HTML page; `invalid_client`: 401 JSON;
   * `unavailable`: 503 with an empty body; `other-sub`: a normal answer whose ID token (properly
   * signed) names another subject; `other-iss`: one whose ID token names another issuer.
   */
  refreshFault: RefreshFault | null;
  /** Test users by id (`max`, `erika`), shared shape with the netID dev broker. */
  users: Record<string, DevUser>;
  /**
   * Test hook: a JWT signed with the provider's own RS256 key (e.g. logout tokens the provider
   * would never send: expired, with a `nonce`, for another audience).
   */
  signJwt(payload: Record<string, unknown>, typ?: string): Promise<string>;
  /** Close the server and every open socket (idempotent). */
  close(): Promise<void>;
}
