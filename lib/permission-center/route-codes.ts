/**
 * The `error` codes of `/api/permissions`, their HTTP statuses and route wording, and which
 * route code answers each {@link PermissionCenterErrorCode}: the one mapping that both
 * `PermissionCenterError.httpAnswer()` and the route's own refusals use (see docs/errors.md).
 *
 * @module
 */
import type { InternalErrorCode } from '../errors';
import type { PermissionCenterErrorCode } from './error-codes';

/** Stable `error` codes of `/api/permissions` beyond the auth core's `unauthenticated` and `cross_site_request`. */
export type PermissionRouteErrorCode =
  | 'permission_token_missing'
  | 'permission_token_expired'
  | 'account_gone'
  | 'tapp_not_allowed'
  | 'invalid_permissions'
  | 'invalid_request'
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_tc_string'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'permission_center_rejected'
  | 'permission_center_error'
  | 'permission_center_unreachable'
  | 'permission_center_timeout';

/** HTTP status of each route error code. */
export const ROUTE_ERROR_STATUS: Readonly<Record<PermissionRouteErrorCode, number>> = {
  permission_token_missing: 403,
  permission_token_expired: 401,
  account_gone: 410,
  tapp_not_allowed: 403,
  invalid_permissions: 400,
  invalid_request: 400,
  invalid_json: 400,
  invalid_body: 400,
  invalid_tc_string: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  permission_center_rejected: 502,
  permission_center_error: 502,
  permission_center_unreachable: 502,
  permission_center_timeout: 504,
};

/** The route code that answers each Permission Center error. */
export const UPSTREAM_TO_ROUTE: Readonly<Record<PermissionCenterErrorCode, PermissionRouteErrorCode | InternalErrorCode>> = {
  NO_TOKEN: 'permission_token_expired',
  TOKEN_ERROR: 'permission_token_expired',
  TOKEN_EXPIRED: 'permission_token_expired',
  TPID_EXISTENCE_ERROR: 'account_gone',
  TAPP_NOT_ALLOWED: 'tapp_not_allowed',
  PERMISSION_PARAMETERS_ERROR: 'invalid_permissions',
  // Our own body is checked before it is sent: these mean a bug or a meddling proxy.
  NO_PERMISSIONS: 'permission_center_rejected',
  JSON_PARSE_ERROR: 'permission_center_rejected',
  NO_REQUEST_BODY: 'permission_center_rejected',
  INVALID_REQUEST: 'invalid_request',
  UPSTREAM_ERROR: 'permission_center_error',
  UNREACHABLE: 'permission_center_unreachable',
  TIMEOUT: 'permission_center_timeout',
  // The export API is not behind these routes: the shared `internal_error` (lib/errors), not a route code.
  EXPORT_BAD_REQUEST: 'internal_error',
  EXPORT_UNAUTHORIZED: 'internal_error',
  EXPORT_FORBIDDEN: 'internal_error',
};

/**
 * The route's own wording for codes whose message does not come from the
 * `PermissionCenterError` (for the others the error's safe message is used).
 */
export const ROUTE_MESSAGES: Readonly<Partial<Record<PermissionRouteErrorCode, string>>> = {
  permission_token_missing: 'This session holds no Permission Center token. Sign in with the Permission Center scope.',
  permission_token_expired: 'The Permission Center token has expired. Sign in again to renew it.',
  account_gone: 'The netID account does not exist anymore. You have been signed out.',
};
