/**
 * Machine-to-machine access tokens (OAuth 2.0 client_credentials) for servers shaped like
 * Duende IdentityServer, Screening Eagle ID and iSHARE: client authentication
 * (`client_secret_basic`, `client_secret_post`, `private_key_jwt` incl. the iSHARE profile),
 * a cache that renews ahead of expiry with one request per key in flight, and a token-aware fetch.
 *
 * @example
 * ```ts
 * import { createTokenSource, profileFromEnv } from 'netid-rp/m2m';
 * const source = createTokenSource(profileFromEnv('ishare'));
 * const res = await source.fetch('https://api.example.com/parties');
 * ```
 *
 * @module
 */
export { createTokenSource } from './token-source';
export type { GetTokenOptions, M2MToken, TokenSource, TokenSourceOptions } from './token-source';
export { profileFromEnv, listEnvProfiles, envPrefix } from './env-profile';
export { resolveProfile } from './profile';
export type { AssertionProfile, M2MAuthMethod, M2MProfile, ProfileFieldNames, ResolvedProfile, TokenEndpointSource } from './profile';
export { M2MError } from './errors';
export type { M2MConfigIssue, M2MErrorCode, M2MErrorDetails } from './errors';
export { TokenCache, effectiveLifetime, cacheEntry } from './token-cache';
export type { CachedToken, TokenCacheOptions, TokenStore } from './token-cache';
export type { TokenResponse } from './token-response';
export { ISHARE_ASSERTION_TTL } from './assertion-profile';
export { MIN_RSA_BITS, type KeyMaterial } from './key-material';
