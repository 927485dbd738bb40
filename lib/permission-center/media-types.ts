/**
 * Wire constants of the netID Permission Center token-based API v2 (netID docs 1.6,
 * `docs/cmp/server-based.md` and `docs/cmp/export.md`), copied verbatim.
 *
 * @module
 */

/** netID LIVE host of the READ service (privacy status). Default of `PERMISSION_CENTER_READ_URL`. */
export const LIVE_READ_URL = 'https://einwilligungsspeicher.netid.de';
/** netID LIVE host of the WRITE service. Default of `PERMISSION_CENTER_WRITE_URL`. */
export const LIVE_WRITE_URL = 'https://einwilligen.netid.de';
/** netID LIVE host of the partner-level DATA EXPORT service. Default of `PERMISSION_CENTER_EXPORT_URL`. */
export const LIVE_EXPORT_URL = 'https://einwilligungsuebersicht.netid.de';

/** Paths of the three services. The export path carries a trailing slash, as documented. */
export const PERMISSION_CENTER_PATHS = {
  read: '/netid-user-status',
  write: '/netid-permissions',
  export: '/netid-permissions/',
} as const;

const PREFIX = 'application/vnd.netid.permission-center.';

/** Media types (`Accept` / `Content-Type`) of the v2 token-based API and the export API. */
export const MEDIA_TYPES = {
  /** Read: `Accept` of `GET /netid-user-status`, and the `Content-Type` of its 200 answer. */
  userStatus: `${PREFIX}netid-user-status-v2+json`,
  /** Write: `Content-Type` of the `POST /netid-permissions` body. */
  permissions: `${PREFIX}netid-permissions-v2+json`,
  /** Write: `Accept` of `POST /netid-permissions`, and the `Content-Type` of its 201 answer. */
  subjectStatus: `${PREFIX}netid-subject-status-v2+json`,
  /** Export with `sync_id` per record. */
  exportAudit: `${PREFIX}netid-permission-export-audit.list-v1+json`,
  /** Export without Sync-ID (records carry `tpid`). */
  exportPlain: `${PREFIX}netid-permission-export.list-v1+json`,
  /** Multi-client (CMP) export. */
  exportCmpAudit: `${PREFIX}tapp-netid-permissions-export-audit.list-v1+json`,
} as const;

/** Subject identifiers that `q.identifier.in` can ask for. */
export type SubjectIdentifier = 'TPID' | 'SYNC_ID' | 'ETPID';

/** All identifiers, in the documented order (the default of every call). */
export const SUBJECT_IDENTIFIERS: readonly SubjectIdentifier[] = ['TPID', 'SYNC_ID', 'ETPID'];

/** Narrows a string to a {@link SubjectIdentifier}. */
export function isSubjectIdentifier(value: unknown): value is SubjectIdentifier {
  return typeof value === 'string' && (SUBJECT_IDENTIFIERS as readonly string[]).includes(value);
}

/** The media type of a `Content-Type` header without parameters, lower-cased (`''` when absent). */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
