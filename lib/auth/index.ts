/**
 * netID relying party core: framework-free, Fetch API based. Configure it in code with
 * {@link createNetIdAuth} (or from the environment with {@link optionsFromEnv}); provider
 * behaviour comes from a {@link ProviderProfile}; cookies go through a {@link CookieStore}.
 *
 * @packageDocumentation
 */
export { createNetIdAuth, type NetIdAuth } from './create-auth';
export type { NetIdAuthOptions, AuthLogger } from './options';
export { optionsFromEnv } from './options-from-env';
export { parseConfig, ConfigError, type AuthConfig, type ConfigIssue, type IdTokenAlg, type ClientAuthMethod } from './config';
export type { RoutesOptions, AuthRoutes } from './routes';
export {
  netIdProfile,
  oidcProfile,
  screeningEagleProfile,
  type ProfileName,
  type ProviderProfile,
  type AuthorizationShape,
  type ProfileCheckInput,
  type SessionTokens,
} from './profiles';
export { requestCookies, type CookieStore, type CookieOptions, type RequestCookieStore } from './cookie-store';
export { COOKIES } from './cookies';
export { AuthError, errorMessage, isAuthErrorCode, type AuthErrorCode } from './errors';
export { FLOWS, isFlow, type Flow } from './flows';
export { safeReturnTo } from './return-to';
export { providerFormActionOrigins } from './form-action-origins';
export type { PublicPermissionToken } from './permission-token';
export type { SessionData, SessionUser, PermissionToken, UserTokens } from './session';
export type { SessionStore, SessionStoreContext, SessionMatch } from './session-store';
export type { RedisWiring } from './types';
export { publicSession, type PublicSession, type SessionAnswer } from './handlers/session-route';
export type { RefreshCoordinator } from './refresh-coordinator';
export type { AccessTokenResult, GetAccessTokenOptions } from './access-token';
export type { NetIdRequestContext } from './request-context';
export type { CodeExchangeResult } from './oidc';
