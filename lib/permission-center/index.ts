/**
 * Client, routes and wire types of the netID Permission Center (token-based API v2,
 * reached with the `permission_management` token), plus the partner-level data export.
 *
 * @packageDocumentation
 */
export { createPermissionCenterClient, readStatus, writePermissions, type CallOptions, type PermissionCenterClient } from './client';
export { parsePermissionCenterConfig, getPermissionCenterConfig, type PermissionCenterConfig } from './config';
export { PermissionCenterError, isTokenProblem, type PermissionCenterErrorCode } from './errors';
export { LIVE_READ_URL, LIVE_WRITE_URL, LIVE_EXPORT_URL, type SubjectIdentifier } from './media-types';
export type {
  IdConsentStatus,
  NetIdPrivacySettings,
  NetIdUserStatus,
  PermissionsWrite,
  SubjectIdentifiers,
  WritePermissionsResult,
} from './schemas';
export type { PermissionCenterStatusCode, ReadStatusCode } from './status-codes';
export { checkTcString, isValidTcString, type TcStringCheck } from './tc-string';
export { isTokenExpired, tokenExpiry, type PermissionCenterToken } from './token';
export { createPermissionRoutes, type PermissionRoutes, type PermissionRoutesOptions } from './routes';
export type { PermissionRouteErrorCode } from './route-errors';
export {
  createExportClient,
  exportPermissions,
  type ExportClient,
  type ExportQuery,
  type ExportRecord,
} from './export-client';
export { parseExportConfig, type ExportConfig } from './export-config';
export {
  createTcfSyncRoutes,
  type TcfSyncAnswer,
  type TcfSyncResult,
  type TcfSyncRoutes,
  type TcfSyncRoutesOptions,
  type StoredTcString,
} from './tcf-sync-routes';
