/**
 * next-auth v4 integration: a netID provider plus the callbacks that keep the Permission Center
 * token in the encrypted next-auth JWT, server side only. Wiring only: the scope per flow, where
 * the token lives and which claims describe the user all come from the core (`lib/auth`); the
 * protocol work (PKCE, state, nonce, code redemption, ID token verification) is next-auth's
 * (openid-client 5).
 *
 * @example
 * ```ts
 * // app/api/auth/[...nextauth]/route.ts (or pages/api/auth/[...nextauth].ts)
 * import NextAuth from 'next-auth';
 * import { NetIdProvider, withNetIdCallbacks } from 'netid-rp/next-auth';
 *
 * const authOptions = withNetIdCallbacks({ // a route file may only export handlers and route config
 *   providers: [NetIdProvider({ clientId, clientSecret, issuer: 'https://broker.netid.de/' })],
 * });
 * const handler = NextAuth(authOptions);
 * export { handler as GET, handler as POST };
 *
 * // any route handler (server side only)
 * const token = await getNetIdPermissionToken(request); // { accessToken, tokenType, expiresAt } | null
 * ```
 *
 * @module
 */
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { User } from 'next-auth';
import { AuthError, type ClientAuthMethod, type Flow, type IdTokenAlg } from '../../auth';
import { userFromClaims } from '../../auth/internal';
import { netIdProviderBase, netIdProviderSettings, netIdUser, permissionOnlyUser } from '../auth-js-shared';

export { withNetIdCallbacks, getNetIdPermissionToken, type NetIdRequestLike, type GetNetIdPermissionTokenOptions } from './callbacks';
// Defined once for both Auth.js integrations (Auth.js v5 exports the same).
export { PERMISSION_ONLY_ID_PREFIX, type NetIdTokenData, type NetIdSessionInfo } from '../auth-js-shared';

/** Options of {@link NetIdProvider}. */
export interface NetIdProviderOptions {
  /** Client id from the netID Developer Portal. */
  clientId: string;
  /** Client secret from the netID Developer Portal. */
  clientSecret: string;
  /** Broker issuer, with netID's trailing slash: `https://broker.netid.de/`. `http://` only for loopback hosts. */
  issuer: string;
  /**
   * `login` (identity only), `login-permission` (SSO, default: identity + Permission Center token
   * from the ID token claim) or `permission` (token response `access_token`, no identity).
   * One provider serves one flow; register several with distinct `id`s to offer more.
   */
  flow?: Flow;
  /** next-auth provider id; default `netid`. The redirect URI is `${NEXTAUTH_URL}/api/auth/callback/<id>`. */
  id?: string;
  /** Label on next-auth's built-in sign-in page; default `netID`. */
  name?: string;
  /** Extra OpenID scopes for `login` / `login-permission`; default `['profile', 'email']` (netID also knows `address`). */
  scopes?: readonly string[];
  /** OIDC `claims` request parameter, e.g. `{ userinfo: { email: { essential: true } } }`. Ignored in the `permission` flow. */
  claims?: Record<string, unknown>;
  /** Client authentication at `/token`; default `client_secret_basic`. */
  clientAuth?: ClientAuthMethod;
  /** Expected ID token `alg`; default `RS256`. `none` is an explicit opt-in for clients registered without signing. */
  idTokenAlg?: IdTokenAlg;
  /** Fixed extra authorize parameters (`prompt`, `max_age`, `login_hint`); per sign-in use `signIn('netid', {}, { prompt: 'login' })`. */
  authorizationParams?: Record<string, string>;
}

/** What the provider hands to next-auth's `profile` step: the user's claims (`sub` + profile claims), or `{}` in the `permission` flow. */
export type NetIdProfile = Record<string, unknown> & { sub?: string };

/** The next-auth v4 provider config returned by {@link NetIdProvider}; `netIdFlow` tells {@link withNetIdCallbacks} where the token lives. */
export type NetIdProviderConfig = OAuthConfig<NetIdProfile> & { id: string; netIdFlow: Flow };

/**
 * The netID broker as a next-auth v4 OAuth provider.
 *
 * - Discovery from `${issuer}.well-known/openid-configuration`; code flow with
 *   `checks: ['pkce', 'state', 'nonce']` (`['pkce', 'state']` in the `permission` flow, which has no ID token).
 * - `login` / `login-permission`: `idToken: true`, so openid-client 5 verifies the ID token
 *   (signature against the broker's JWKS with the pinned `idTokenAlg`, `iss`, `aud`, `azp`, `exp`,
 *   `iat`, `nonce`); userinfo is read as in the core and checked to belong to the same `sub`.
 * - `permission`: plain OAuth; the broker returns no identity, so the user id is a fresh
 *   `netid-permission-only:<uuid>` per sign-in (fine for JWT sessions; with a database adapter
 *   it would create one user row per sign-in).
 * - Before any session exists the discovered issuer must equal `issuer` (a missing trailing slash
 *   is added; otherwise exact), also in the `permission` flow, which has no ID token (mix-up defence).
 *
 * Use it together with {@link withNetIdCallbacks}, which captures the Permission Center token.
 *
 * @throws ConfigError `config_invalid` listing every problem with the options (never their values).
 */
export function NetIdProvider(options: NetIdProviderOptions): NetIdProviderConfig {
  const settings = netIdProviderSettings(options);
  const { openid, issuer, readUserinfo } = settings;

  return {
    ...netIdProviderBase(options, settings),
    type: 'oauth',
    wellKnown: `${issuer}.well-known/openid-configuration`,
    checks: openid ? ['pkce', 'state', 'nonce'] : ['pkce', 'state'],
    idToken: openid,
    userinfo: {
      // Replaces next-auth's default (ID token claims only, or a userinfo call that the
      // `permission` flow's token cannot make): build the profile the way the core does.
      async request({ tokens, client }) {
        if (client.issuer.metadata.issuer !== issuer) {
          throw new AuthError('broker_invalid_response', { message: 'The discovered issuer does not match the configured netID issuer.' });
        }
        if (!openid) return {};
        // next-auth types `tokens` as plain parameters; at run time it is openid-client's TokenSet,
        // whose claims openid-client 5 verified in `client.callback()` moments ago.
        const tokenSet = tokens as unknown as Exclude<Parameters<typeof client.userinfo>[0], string>;
        const idTokenClaims: Record<string, unknown> = tokenSet.claims();
        // Given the TokenSet, openid-client also checks that userinfo `sub` equals the ID token's.
        const info = readUserinfo ? await client.userinfo(tokenSet) : undefined;
        // userFromClaims drops protocol claims and `permission_management`: the profile next-auth
        // passes around (signIn/jwt callbacks, events) never carries the Permission Center token.
        return userFromClaims(idTokenClaims, info);
      },
    },
    profile(profile): User {
      if (!openid) return permissionOnlyUser();
      if (typeof profile.sub !== 'string') throw new AuthError('id_token_invalid', { message: 'The netID profile has no sub.' });
      return netIdUser(profile.sub, profile);
    },
  };
}
