import { customFetch } from '@auth/core';
import type { OAuthConfig } from '@auth/core/providers';
import type { User } from '@auth/core/types';
import { AuthError, type ClientAuthMethod, type Flow, type IdTokenAlg } from '../../auth';
import { createOidcDiscovery, resolveOptions, userFromClaims, verifyIdTokenSignature } from '../../auth/internal';
import { outboundFetch } from '../../http';
import { netIdProviderBase, netIdProviderSettings, netIdUser, permissionOnlyUser } from '../auth-js-shared';

/** Options of the Auth.js v5 {@link NetIdProvider}. */
export interface NetIdProviderOptions {
  /** Client id from the netID Developer Portal. */
  clientId: string;
  /** Client secret from the netID Developer Portal. */
  clientSecret: string;
  /** Broker issuer, with netID's trailing slash: `https://broker.netid.de/`. `http://` only for loopback hosts. */
  issuer: string;
  /** `login`, `login-permission` (default) or `permission`. One provider serves one flow; register several with distinct `id`s. */
  flow?: Flow;
  /** Auth.js provider id; default `netid`. The redirect URI is `${AUTH_URL}/api/auth/callback/<id>`. */
  id?: string;
  /** Label on Auth.js's built-in sign-in page; default `netID`. */
  name?: string;
  /** Extra OpenID scopes for `login` / `login-permission`; default `['profile', 'email']`. */
  scopes?: readonly string[];
  /** OIDC `claims` request parameter, e.g. `{ userinfo: { email: { essential: true } } }`. Ignored in the `permission` flow. */
  claims?: Record<string, unknown>;
  /** Client authentication at `/token`; default `client_secret_basic`. */
  clientAuth?: ClientAuthMethod;
  /** Expected ID token `alg`; default `RS256`. `none` is an explicit opt-in. */
  idTokenAlg?: IdTokenAlg;
  /** Timeout of every call to the broker in milliseconds; default 10000. */
  httpTimeoutMs?: number;
  /** Fixed extra authorize parameters (`prompt`, `max_age`, `login_hint`). */
  authorizationParams?: Record<string, string>;
}

/** What the provider hands to Auth.js's `profile` step: userinfo or ID token claims, or `{}` in the `permission` flow. */
export type NetIdProfile = Record<string, unknown> & { sub?: string };

/** The Auth.js v5 provider config returned by {@link NetIdProvider}; `netIdFlow` tells `withNetIdCallbacks` where the token lives. */
export type NetIdProviderConfig = OAuthConfig<NetIdProfile> & { id: string; netIdFlow: Flow };

/**
 * The netID broker as an Auth.js v5 (`@auth/core` 0.41, `next-auth@5.0.0-beta`) provider.
 *
 * - `login` / `login-permission`: `type: 'oidc'`, checks `pkce`, `state`, `nonce`; Auth.js
 *   (oauth4webapi) checks the ID token's claims (`iss`, `aud`, `azp`, `exp`, `iat`, `nonce`) and the
 *   discovered issuer; it does not check the signature of an ID token from the token endpoint, so
 *   `profile()` verifies it against the broker's JWKS with the pinned `idTokenAlg` before Auth.js
 *   goes on (a forged token ends the sign-in with `error=Configuration`, nothing is stored).
 *   Userinfo is read as in the core (profile scopes or `claims.userinfo`), its `sub` checked.
 * - `permission`: `type: 'oauth'`, checks `pkce`, `state`; no identity: the user id is a fresh
 *   `netid-permission-only:<uuid>` per sign-in.
 * - Every call to the broker has a deadline (`httpTimeoutMs`); `account()` keeps no token for a
 *   database adapter (they live in the encrypted JWT only, see `withNetIdCallbacks`).
 *
 * @throws AuthError `config_invalid` listing every problem with the options (never their values).
 */
export function NetIdProvider(options: NetIdProviderOptions): NetIdProviderConfig {
  const settings = netIdProviderSettings(options);
  const { openid, issuer, readUserinfo, idTokenAlg } = settings;
  const timeoutMs = options.httpTimeoutMs ?? 10_000;
  // The core's configuration, for the ID token signature check (discovery and JWKS cached per process).
  const core = openid
    ? resolveOptions({ issuer, clientId: options.clientId, clientSecret: options.clientSecret, idTokenAlg, httpTimeoutMs: timeoutMs, appUrl: 'http://127.0.0.1', production: false })
    : undefined;
  const discovery = createOidcDiscovery();
  const fetchWithDeadline: typeof fetch = (url, init) => outboundFetch(url, { ...init, timeoutMs });

  const common = {
    ...netIdProviderBase(options, settings),
    // With a database adapter, Auth.js stores what this returns: no token (they stay in the encrypted JWT).
    account: (tokens: { token_type?: string; expires_at?: number }) => ({ token_type: tokens.token_type, expires_at: tokens.expires_at }),
    [customFetch]: fetchWithDeadline,
  };

  if (!openid) {
    return {
      ...common,
      type: 'oauth',
      checks: ['pkce', 'state'],
      // No userinfo call: the standalone token is for the Permission Center, and netID returns no identity.
      userinfo: { request: () => ({}) },
      profile: (): User => permissionOnlyUser(),
    } as NetIdProviderConfig;
  }

  return {
    ...common,
    type: 'oidc',
    checks: ['pkce', 'state', 'nonce'],
    // false: Auth.js then reads userinfo and checks its `sub` against the ID token's.
    idToken: !readUserinfo,
    async profile(profile: NetIdProfile, tokens): Promise<User> {
      if (typeof tokens.id_token !== 'string') throw new AuthError('id_token_missing');
      const verified = idTokenAlg === 'none' ? undefined : await verifyIdTokenSignature(discovery, tokens.id_token, core!);
      const idClaims = (verified ?? profile) as Record<string, unknown>;
      // userFromClaims drops protocol claims and `permission_management`: the user never carries the token.
      const user = userFromClaims(idClaims, readUserinfo ? profile : undefined);
      if (typeof idClaims.sub !== 'string') throw new AuthError('id_token_invalid');
      return netIdUser(idClaims.sub, user);
    },
  } as NetIdProviderConfig;
}
