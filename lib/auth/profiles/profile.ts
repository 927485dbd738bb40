import type { ClientSecretAuthMethod, IdTokenAlg } from '../../config';
import type { AuthConfig } from '../config';
import type { Flow } from '../flows';
import type { CodeExchangeResult } from '../oidc';
import type { SessionData } from '../session';

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
