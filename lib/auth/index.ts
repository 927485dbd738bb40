/**
 * netID relying party core: framework-free, Fetch API based. Configure it in code with
 * {@link createNetIdAuth} (or from the environment with {@link optionsFromEnv}); provider
 * behaviour comes from a {@link ProviderProfile}; cookies go through a {@link CookieStore}.
 *
 * @packageDocumentation
 */
export { createNetIdAuth, type NetIdAuth } from './create-auth';
export { resolveOptions, DEV_SESSION_PASSWORD, type NetIdAuthOptions, type AuthLogger } from './options';
export { optionsFromEnv } from './options-from-env';
export { parseConfig, ConfigError, type AuthConfig, type ConfigIssue, type IdTokenAlg, type ClientAuthMethod } from './config';
export { resolveRoutes, type RoutesOptions, type AuthRoutes } from './routes';
export {
  PROFILES,
  isProfileName,
  netIdProfile,
  oidcProfile,
  screeningEagleProfile,
  netIdExtraScopes,
  netIdWantsUserinfo,
  type ProfileName,
  type ProviderProfile,
  type AuthorizationShape,
  type ProfileCheckInput,
  type SessionTokens,
} from './profiles';
export { requestCookies, responseCookies, type CookieStore, type CookieOptions, type RequestCookieStore, type SetCookieTarget } from './cookie-store';
export { COOKIES, sessionCookieName } from './cookies';
export { AuthError, errorStatus, errorMessage, isAuthErrorCode, type AuthErrorCode } from './errors';
export { FLOWS, DEFAULT_FLOW, isFlow, flowScope, flowUsesOpenId, flowWantsPermission, type Flow } from './flows';
export { safeReturnTo } from './return-to';
export { providerFormActionOrigins } from './form-action-origins';
export { extractPermissionToken, publicPermissionToken, type PublicPermissionToken, type TokenEndpointResult } from './permission-token';
export { userFromClaims } from './user-claims';
export { sealPermissionToken, unsealPermissionToken } from './permission-token-seal';
export { DEFAULT_PERMISSION_TOKEN_TTL, DEFAULT_ACCESS_TOKEN_TTL } from '../http';
export type { SessionData, SessionUser, PermissionToken, UserTokens } from './session';
export { cookieSessionStore } from './session';
export type { SessionStore, SessionStoreContext, SessionMatch } from './session-store';
export { verifyLogoutToken, BACKCHANNEL_LOGOUT_EVENT, LOGOUT_TOKEN_MAX_AGE, type LogoutTokenClaims } from './logout-token';
export { publicSession, type PublicSession, type SessionAnswer } from './handlers/session-route';
export { createMemoryRefreshCoordinator, type RefreshCoordinator, type MemoryRefreshCoordinatorOptions } from './refresh-coordinator';
export type { AccessTokenResult, GetAccessTokenOptions } from './access-token';
export { guardSession, type NetIdRequestContext } from './request-context';
export type { CodeExchangeResult, AuthorizeExtras } from './oidc';
export { externalAuthorizationUrl, redeemExternalAuthorization, type ExternalAuthorization } from './external-flow';
export { verifyIdTokenSignature } from './id-token-signature';
