/**
 * Embedded Duende-IdentityServer-style OpenID provider for `npm run dev` and the tests: an
 * interactive provider with refresh tokens (rotation on, short-lived RS256 JWT access tokens for
 * the embedded upstream API), revocation and RP-initiated logout, on oidc-provider, with the
 * netID dev broker's sign-in page.
 *
 * @module
 */
export { startDuendeDevProvider } from './server';
export { UPSTREAM_API_AUDIENCE, UPSTREAM_API_SCOPE } from './types';
export type { DuendeDevClient, DuendeDevOptions, DuendeDevProvider, DuendeStats, RefreshFault } from './types';
