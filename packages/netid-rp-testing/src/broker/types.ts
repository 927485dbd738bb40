/**
 * Public types of the embedded netID-style dev broker.
 *
 * @module
 */

/** `aud` of every Permission Center access token the dev broker mints (SSO and standalone). */
export const PERMISSION_CENTER_AUDIENCE = 'urn:netid:permission-center';

/** ID token signing algorithms a dev broker client can register (netID offers the same three). */
export type DevBrokerIdTokenAlg = 'RS256' | 'ES256' | 'none';

/** A relying party registered at the dev broker (what a partner sets up in the netID Developer Portal). */
export interface DevBrokerClient {
  /** The client id. */
  client_id: string;
  /** The client secret (confidential "Website" client). */
  client_secret: string;
  /** Exact redirect URIs the client may use. */
  redirect_uris: string[];
  /** How the client authenticates at `/token`; default `client_secret_basic`. The other method is refused. */
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post';
  /** ID token signing algorithm; default `RS256`. `none` yields an unsecured JWT (`header.payload.`). */
  id_token_signed_response_alg?: DevBrokerIdTokenAlg;
  /**
   * `false` makes the server behave like one that never form-decodes `client_secret_basic`
   * credentials: the id and secret must arrive byte for byte as registered (an RP that
   * percent-encodes `-`, `.` or `_` is refused with 403 `unauthorized_client`). Default `true`.
   */
  basic_credentials_decoded?: boolean;
}

/** Options of {@link startDevBroker}. */
export interface DevBrokerOptions {
  /** TCP port; default 0 (a random free port). The broker always binds 127.0.0.1. */
  port?: number;
  /** The registered clients. */
  clients: DevBrokerClient[];
  /** Lifetime of the Permission Center access token in seconds; default 500. */
  permissionTokenTtl?: number;
  /** Lifetime of an authorization code in seconds; default 30. Codes are single use. */
  codeTtl?: number;
  /** Lifetime of the userinfo access token in seconds; default 899. */
  accessTokenTtl?: number;
  /** Lifetime of the ID token in seconds; default 900. */
  idTokenTtl?: number;
  /** Suppress oidc-provider's console notices (e.g. "Unsupported runtime" on Node 20) where possible. */
  quiet?: boolean;
  /**
   * Test users beside the built-in `max` (full claim set) and `erika` (minimal); one with the id of
   * a built-in user replaces it. `devSubFor(id)` gives a netID-shaped `sub`.
   */
  users?: readonly DevUser[];
}

/**
 * Live counters of HTTP requests by endpoint. `authorize` counts only `GET|POST /authorize`
 * itself, not the broker-internal resume hop `/authorize/<uid>`.
 */
export interface BrokerStats {
  /** `GET /.well-known/openid-configuration` */
  discovery: number;
  /** `GET /.well-known/jwks.json` */
  jwks: number;
  /** `GET|POST /authorize` (one per sign-in) */
  authorize: number;
  /** `POST /token` (one per code redemption) */
  token: number;
  /** `GET|POST /userinfo` */
  userinfo: number;
}

/** Rewrites the JSON body of a successful (200) `/token` response; see {@link DevBroker.tamperTokenResponse}. */
export type TokenResponseTamper = (
  body: Record<string, unknown>,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** A test user of the dev broker. */
export interface DevUser {
  /** Short id used on the sign-in page and in tests, e.g. `max`. */
  id: string;
  /** Stable, opaque subject identifier (43 base64url characters, like netID's pairwise ids). */
  sub: string;
  /** Every claim the user has (`sub` excluded); released as scopes and the `claims` parameter ask. */
  claims: Record<string, unknown>;
}

/** A running dev broker; see {@link startDevBroker}. */
export interface DevBroker {
  /** `http://127.0.0.1:<port>/`, with the trailing slash, like netID's `https://broker.netid.de/`. */
  issuer: string;
  /** The bound port. */
  port: number;
  /** `<issuer>.well-known/jwks.json`. */
  jwksUri: string;
  /** Live counters of HTTP requests by endpoint. */
  stats: BrokerStats;
  /** Set every counter of {@link DevBroker.stats} back to 0. */
  resetStats(): void;
  /** Test hook: rewrite the JSON body of successful `/token` responses (`null` = off). */
  tamperTokenResponse: TokenResponseTamper | null;
  /** Test hook: delay (ms) before answering the given endpoint. */
  delays: Partial<Record<keyof BrokerStats, number>>;
  /**
   * Sign arbitrary ID-token-like claims with the broker's own key for `alg` (default RS256),
   * for hostile tests. `none` gives an unsecured JWT `header.payload.`.
   */
  signJwt(payload: Record<string, unknown>, alg?: DevBrokerIdTokenAlg): Promise<string>;
  /** Test users by id. */
  users: Record<string, DevUser>;
  /** Close the server and every open socket. */
  close(): Promise<void>;
}
