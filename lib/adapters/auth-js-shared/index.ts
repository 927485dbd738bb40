/**
 * What the two Auth.js integrations share: `netid-rp/next-auth` (next-auth v4) and `netid-rp/authjs`
 * (Auth.js v5) differ in how they talk to their framework, not in the netID rules. The provider
 * option checks, the provider settings per flow, the user a profile becomes, and the jwt/session
 * callback steps that capture, re-assert and guard the Permission Center token live here once.
 * Internal: not a package entry; the adapters re-export the public pieces under their own names.
 *
 * @module
 */
export { PERMISSION_ONLY_ID_PREFIX, netIdProviderSettings, netIdProviderBase, netIdUser, permissionOnlyUser, type NetIdProviderSharedOptions, type NetIdProviderSettings, type NetIdUser } from './provider';
export { captureNetId, netIdPermissionToken, nowSeconds, runJwtCallback, runSessionCallback, withNetId, type NetIdAccountTokens, type NetIdSessionInfo, type NetIdTokenData } from './callbacks';
export { cookieHeader, type HeadersLike } from './request';
