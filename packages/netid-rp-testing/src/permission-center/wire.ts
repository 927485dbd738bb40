/**
 * The simulator's own copy of the Permission Center wire constants, written from the netID docs
 * (token-based API v2: `docs/cmp/server-based.md`; data export: `docs/cmp/export.md`), not taken
 * from the client: an independent simulator is what tests the client, so a typo on one side fails
 * a test instead of agreeing with itself.
 *
 * @module
 */
import type { PermissionCenterStatusCode, SubjectIdentifier } from 'netid-rp/permission-center';

/** Paths of the three services; the export path carries a trailing slash, as documented. */
export const PATHS = {
  read: '/netid-user-status',
  write: '/netid-permissions',
  export: '/netid-permissions/',
} as const;

/** `Accept` / `Content-Type` media types, verbatim from the docs. */
export const MEDIA = {
  /** READ: `Accept` of `GET /netid-user-status` and `Content-Type` of its 200 answer. */
  userStatus: 'application/vnd.netid.permission-center.netid-user-status-v2+json',
  /** WRITE: `Content-Type` of the `POST /netid-permissions` body. */
  permissions: 'application/vnd.netid.permission-center.netid-permissions-v2+json',
  /** WRITE: `Accept` of `POST /netid-permissions` and `Content-Type` of its 201 answer. */
  subjectStatus: 'application/vnd.netid.permission-center.netid-subject-status-v2+json',
  /** Export with `sync_id` per record. */
  exportAudit: 'application/vnd.netid.permission-center.netid-permission-export-audit.list-v1+json',
  /** Export without Sync-ID (records carry `tpid`). */
  exportPlain: 'application/vnd.netid.permission-center.netid-permission-export.list-v1+json',
  /** Multi-client (CMP) export. */
  exportCmpAudit: 'application/vnd.netid.permission-center.tapp-netid-permissions-export-audit.list-v1+json',
} as const;

/** The HTTP status of each documented error `status_code` ("Response behavior" of READ and WRITE). */
export const ERROR_STATUS: Readonly<Record<PermissionCenterStatusCode, number>> = {
  NO_TOKEN: 400,
  TOKEN_ERROR: 400,
  NO_PERMISSIONS: 400,
  JSON_PARSE_ERROR: 400,
  NO_REQUEST_BODY: 400,
  PERMISSION_PARAMETERS_ERROR: 400,
  TAPP_NOT_ALLOWED: 403,
  TPID_EXISTENCE_ERROR: 410,
};

/** True for an identifier `q.identifier.in` may name: `TPID`, `SYNC_ID` or `ETPID`. */
export function isIdentifier(value: string): value is SubjectIdentifier {
  return value === 'TPID' || value === 'SYNC_ID' || value === 'ETPID';
}

/** The media type of an `Accept` part or `Content-Type` header, parameters dropped, lower-cased (`''` when absent). */
export function bareMediaType(header: string | null | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
