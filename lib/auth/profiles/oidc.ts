import { userFromClaims } from '../user-claims';
import { userTokens } from '../user-tokens';
import type { ProviderProfile } from './profile';

/**
 * A generic OpenID provider with refresh tokens (Duende IdentityServer shapes): one sign-in with
 * the configured scopes (which must include `openid`), the access, refresh and ID tokens kept in
 * the session and renewed ahead of expiry, logout that revokes the refresh token and redirects to
 * the provider's `end_session_endpoint`.
 */
export const oidcProfile: ProviderProfile = {
  id: 'oidc',
  // Stands in messages such as "The identity provider could not be reached."
  name: 'the identity provider',
  defaults: { scopes: ['openid', 'profile', 'email', 'offline_access'], clientAuth: 'client_secret_basic', idTokenAlg: 'RS256' },
  flows: false,
  refreshes: true,
  endsSessionAtProvider: true,
  scopes: (configured) => configured.filter(Boolean),
  check(options, issue) {
    if (!options.scopes.includes('openid')) issue('scopes', 'must include openid');
  },
  authorization(_flow, config) {
    return { scope: config.scopes.join(' '), idToken: 'required', claims: config.claims, userinfo: true };
  },
  session(result, _flow, now) {
    return {
      user: result.idTokenClaims ? userFromClaims(result.idTokenClaims, result.userinfo) : null,
      permissionToken: null,
      tokens: userTokens(result.tokens, null, now),
    };
  },
};
