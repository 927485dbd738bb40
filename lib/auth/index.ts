/**
 * netID relying party core: framework-free, Fetch API based.
 * @packageDocumentation
 */
export { createNetIdAuth, type NetIdAuth, type NetIdAuthOptions } from './create-auth';
export { parseConfig, getConfig, ConfigError, DEV_SESSION_PASSWORD, type AuthConfig, type ConfigIssue, type IdTokenAlg, type ClientAuthMethod } from './config';
export { AuthError, errorStatus, errorMessage, isAuthErrorCode, type AuthErrorCode } from './errors';
export { FLOWS, DEFAULT_FLOW, isFlow, flowScope, flowUsesOpenId, flowWantsPermission, type Flow } from './flows';
export { safeReturnTo } from './return-to';
export { extractPermissionToken, userFromClaims, DEFAULT_PERMISSION_TOKEN_TTL } from './tokens';
export { readSession, type SessionData, type SessionUser, type PermissionToken } from './session';
export { publicSession, type PublicSession } from './handlers/session-route';
export { createMemoryRefreshCoordinator, type RefreshCoordinator, type MemoryRefreshCoordinatorOptions } from './refresh-coordinator';
export type { AccessTokenResult, GetAccessTokenOptions } from './access-token';
export type { UserTokens } from './session';
