/**
 * The documented `status_code` values of the token-based API v2 (netID docs 1.6,
 * "Response behavior" tables of READ and WRITE).
 *
 * @module
 */

/** `status_code` of a successful read (both are HTTP 200). */
export type ReadStatusCode = 'PERMISSIONS_FOUND' | 'PERMISSIONS_NOT_FOUND';

/** Documented error `status_code` values of the read and write services. */
export type PermissionCenterStatusCode =
  | 'NO_TOKEN'
  | 'TOKEN_ERROR'
  | 'NO_PERMISSIONS'
  | 'JSON_PARSE_ERROR'
  | 'NO_REQUEST_BODY'
  | 'PERMISSION_PARAMETERS_ERROR'
  | 'TAPP_NOT_ALLOWED'
  | 'TPID_EXISTENCE_ERROR';

/** HTTP status the docs give for each error `status_code`. */
export const STATUS_CODE_HTTP: Readonly<Record<PermissionCenterStatusCode, number>> = {
  NO_TOKEN: 400,
  TOKEN_ERROR: 400,
  NO_PERMISSIONS: 400,
  JSON_PARSE_ERROR: 400,
  NO_REQUEST_BODY: 400,
  PERMISSION_PARAMETERS_ERROR: 400,
  TAPP_NOT_ALLOWED: 403,
  TPID_EXISTENCE_ERROR: 410,
};

/** Narrows an unknown value (e.g. a parsed error body field) to a documented error code. */
export function isPermissionCenterStatusCode(value: unknown): value is PermissionCenterStatusCode {
  return typeof value === 'string' && Object.hasOwn(STATUS_CODE_HTTP, value);
}
