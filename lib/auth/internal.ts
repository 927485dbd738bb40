/**
 * The internal index of lib/auth: what sibling folders of lib/ (adapters, the testing kit, the
 * BFF, the Permission Center routes) need from the core but partners do not. Never re-exported by
 * a package entry point (lint: `module-boundaries/public-index-not-internal`); the public surface is
 * ./index.ts.
 *
 * @internal
 * @module
 */
export { saveSession } from './session';
export { reusedSession } from './session-body-memo';
export { sessionCookieName } from './cookies';
export { DEFAULT_FLOW, flowScope, flowUsesOpenId } from './flows';
export { netIdExtraScopes, netIdWantsUserinfo } from './profiles';
export { extractPermissionToken, publicPermissionToken } from './permission-token';
export { userFromClaims } from './user-claims';
export { guardSession } from './request-context';
export { responseCookies, type SetCookieTarget } from './cookie-store';
export { createOidcDiscovery, type AuthorizeExtras, type OidcDiscovery } from './oidc';
export { resolveOptions } from './options';
export { externalAuthorizationUrl, redeemExternalAuthorization, type ExternalAuthorization } from './external-flow';
export { verifyIdTokenSignature } from './id-token-signature';
export { sealPermissionToken, unsealPermissionToken } from './permission-token-seal';
