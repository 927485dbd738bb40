import type { PermissionCenterStatusCode } from './status-codes';

/**
 * Stable codes of {@link PermissionCenterError}: every documented error `status_code`
 * verbatim, plus the failures that happen on this side of the wire:
 * - `TOKEN_EXPIRED`: the token's expiry (with skew) has passed; no request was sent.
 * - `INVALID_REQUEST`: the call was refused locally (e.g. an empty write or a bad TC string).
 * - `UPSTREAM_ERROR`: a 5xx, an HTML page, a wrong content type, an unknown `status_code`
 *   or a body that does not match the documented shape.
 * - `TIMEOUT`: no answer within the configured timeout.
 * - `UNREACHABLE`: the connection failed (DNS, refused, reset).
 * - `EXPORT_BAD_REQUEST` / `EXPORT_UNAUTHORIZED` / `EXPORT_FORBIDDEN`: the data export API's
 *   400 (bad query), 401 (HTTP Basic failed) and 403 (TAPP/CMP not active or allowed).
 *
 * Listed, with the `/api/permissions` answer of each, in docs/errors.md.
 */
export type PermissionCenterErrorCode =
  | PermissionCenterStatusCode
  | 'TOKEN_EXPIRED'
  | 'INVALID_REQUEST'
  | 'UPSTREAM_ERROR'
  | 'TIMEOUT'
  | 'UNREACHABLE'
  | 'EXPORT_BAD_REQUEST'
  | 'EXPORT_UNAUTHORIZED'
  | 'EXPORT_FORBIDDEN';
