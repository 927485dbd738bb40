import { oidcProfile } from './oidc';
import type { ProviderProfile } from './profile';

/**
 * Screening Eagle ID as an interactive provider: the authorization code flow with
 * `client_secret_basic` (the only client authentication it documents), scopes such as
 * `openid email profile inspect`, and a token response whose ID token and refresh token are both
 * optional ("if supported"). So no `nonce` is required: an ID token that comes is verified
 * (signature, `iss`, `aud`, `exp`), one that does not leaves the session without a user identity;
 * a refresh token that comes is used to renew the access token, none means signing in again when
 * it expires.
 */
export const screeningEagleProfile: ProviderProfile = {
  id: 'screening-eagle',
  name: 'Screening Eagle ID',
  defaults: { scopes: ['openid', 'email', 'profile', 'offline_access'], clientAuth: 'client_secret_basic', idTokenAlg: 'RS256' },
  flows: false,
  refreshes: true,
  endsSessionAtProvider: true,
  scopes: (configured) => configured.filter(Boolean),
  check(options, issue) {
    if (options.clientAuth !== 'client_secret_basic') issue('clientAuth', 'must be client_secret_basic (the only method Screening Eagle ID documents)');
  },
  authorization(_flow, config) {
    const openid = config.scopes.includes('openid');
    return { scope: config.scopes.join(' '), idToken: 'optional', claims: undefined, userinfo: openid };
  },
  // Like any refreshing OpenID provider: the user from a verified ID token when one came, the tokens kept.
  session: oidcProfile.session,
};
