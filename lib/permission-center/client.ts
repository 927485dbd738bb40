import { getPermissionCenterConfig, type PermissionCenterConfig } from './config';
import { PermissionCenterError } from './errors';
import { MEDIA_TYPES, PERMISSION_CENTER_PATHS, SUBJECT_IDENTIFIERS, type SubjectIdentifier } from './media-types';
import {
  userStatusSchema,
  writeResultSchema,
  type NetIdUserStatus,
  type PermissionsWrite,
  type WritePermissionsResult,
} from './schemas';
import { checkTcString } from './tc-string';
import { usableToken, type PermissionCenterToken } from './token';
import { sendToPermissionCenter } from './transport';

/** Options of a single call. */
export interface CallOptions {
  /** Identifiers to ask for with `q.identifier.in`; default all of TPID, SYNC_ID, ETPID. */
  identifiers?: readonly SubjectIdentifier[];
  /** Aborts the call (the configured timeout applies as well). */
  signal?: AbortSignal;
  /** Overrides the configured timeout for this call, in milliseconds. */
  timeoutMs?: number;
}

/** A Permission Center client bound to one configuration. */
export interface PermissionCenterClient {
  /** `GET {read}/netid-user-status`: the user's privacy status for this partner. */
  readStatus(token: PermissionCenterToken, options?: CallOptions): Promise<NetIdUserStatus>;
  /** `POST {write}/netid-permissions`: sets ID consent and/or the TC string. Never retried. */
  writePermissions(token: PermissionCenterToken, body: PermissionsWrite, options?: CallOptions): Promise<WritePermissionsResult>;
}

function identifierQuery(url: URL, identifiers: readonly SubjectIdentifier[] = SUBJECT_IDENTIFIERS): URL {
  const unique = [...new Set(identifiers)];
  for (const id of unique) {
    if (!(SUBJECT_IDENTIFIERS as readonly string[]).includes(id))
      throw new PermissionCenterError('INVALID_REQUEST', { message: `Unknown identifier ${JSON.stringify(id)}.` });
  }
  // Commas stay literal, as in the documented examples (`q.identifier.in=TPID,SYNC_ID,ETPID`).
  if (unique.length > 0) url.search = `q.identifier.in=${unique.join(',')}`;
  return url;
}

/** Refuses an empty write or a malformed TC string before anything is sent. */
function checkWrite(body: PermissionsWrite): string {
  const out: PermissionsWrite = {};
  if (body.idconsent !== undefined) {
    if (body.idconsent !== 'VALID' && body.idconsent !== 'INVALID')
      throw new PermissionCenterError('INVALID_REQUEST', { message: 'idconsent must be VALID or INVALID.' });
    out.idconsent = body.idconsent;
  }
  if (body.iab_tc_string !== undefined) {
    const check = checkTcString(body.iab_tc_string);
    if (!check.ok) throw new PermissionCenterError('INVALID_REQUEST', { message: `iab_tc_string ${check.reason}.` });
    out.iab_tc_string = body.iab_tc_string;
  }
  if (Object.keys(out).length === 0)
    throw new PermissionCenterError('INVALID_REQUEST', { message: 'Set idconsent, iab_tc_string or both.' });
  return JSON.stringify(out);
}

/**
 * Creates a client for the netID Permission Center token-based API v2.
 *
 * @param config - a fixed configuration, or a function returning one; default: from
 *   `process.env`, parsed on first use ({@link getPermissionCenterConfig}).
 *
 * @example
 * ```ts
 * const pc = createPermissionCenterClient()
 * const status = await pc.readStatus(session.permissionToken!, { identifiers: ['TPID', 'SYNC_ID'] })
 * if (status.status_code === 'PERMISSIONS_FOUND') console.info(status.netid_privacy_settings.idconsent?.status)
 * ```
 */
export function createPermissionCenterClient(
  config: PermissionCenterConfig | (() => PermissionCenterConfig) = getPermissionCenterConfig,
): PermissionCenterClient {
  const resolve = typeof config === 'function' ? config : () => config;
  return {
    async readStatus(token, options = {}) {
      const c = resolve();
      const raw = usableToken(token, c.expirySkewSeconds);
      return sendToPermissionCenter({
        url: identifierQuery(new URL(`${c.readUrl}${PERMISSION_CENTER_PATHS.read}`), options.identifiers),
        method: 'GET',
        headers: { accept: MEDIA_TYPES.userStatus, authorization: `Bearer ${raw}` },
        timeoutMs: options.timeoutMs ?? c.timeoutMs,
        signal: options.signal,
        successStatus: 200,
        successMediaType: MEDIA_TYPES.userStatus,
        schema: userStatusSchema,
      });
    },
    async writePermissions(token, body, options = {}) {
      const c = resolve();
      const payload = checkWrite(body);
      const raw = usableToken(token, c.expirySkewSeconds);
      return sendToPermissionCenter({
        url: identifierQuery(new URL(`${c.writeUrl}${PERMISSION_CENTER_PATHS.write}`), options.identifiers),
        method: 'POST',
        headers: {
          accept: MEDIA_TYPES.subjectStatus,
          'content-type': MEDIA_TYPES.permissions,
          authorization: `Bearer ${raw}`,
        },
        body: payload,
        timeoutMs: options.timeoutMs ?? c.timeoutMs,
        signal: options.signal,
        successStatus: 201,
        successMediaType: MEDIA_TYPES.subjectStatus,
        schema: writeResultSchema,
      });
    },
  };
}

let defaultClient: PermissionCenterClient | undefined;

function client(): PermissionCenterClient {
  defaultClient ??= createPermissionCenterClient();
  return defaultClient;
}

/**
 * Reads the user's privacy status with the process-wide configuration.
 * `PERMISSIONS_NOT_FOUND` is a result, not an error; every documented error `status_code`
 * throws a {@link PermissionCenterError} with that `code`.
 *
 * @example
 * ```ts
 * const status = await readStatus(session.permissionToken!, { identifiers: ['TPID', 'SYNC_ID', 'ETPID'] })
 * ```
 */
export function readStatus(token: PermissionCenterToken, options?: CallOptions): Promise<NetIdUserStatus> {
  return client().readStatus(token, options);
}

/**
 * Writes ID consent and/or a TC string with the process-wide configuration. The body is
 * checked first (at least one property; a TC string must decode as TCF v2); never retried.
 *
 * @example
 * ```ts
 * const { subject_identifiers } = await writePermissions(session.permissionToken!, { idconsent: 'VALID' })
 * ```
 */
export function writePermissions(
  token: PermissionCenterToken,
  body: PermissionsWrite,
  options?: CallOptions,
): Promise<WritePermissionsResult> {
  return client().writePermissions(token, body, options);
}
