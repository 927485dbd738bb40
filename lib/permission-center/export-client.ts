/**
 * Client of the partner-level DATA EXPORT API (netID docs 1.6, `docs/cmp/export.md`):
 * `GET {export}/netid-permissions/?q.tapp_id.eq=…&q.date.ge=…` with HTTP Basic, or the
 * multi-client (CMP) variant with `q.cmp_id.eq` and `q.tapp_id.in`.
 *
 * @module
 */
import { z } from 'zod';
import { PermissionCenterError } from './errors';
import type { ExportConfig } from './export-config';
import { MEDIA_TYPES, PERMISSION_CENTER_PATHS } from './media-types';
import { sendToPermissionCenter } from './transport';

/** One exported change, tagged with the partner (`tapp_id`) it belongs to. */
export interface ExportRecord {
  tapp_id: string;
  /** With the audit media types. */
  sync_id?: string;
  /** Without Sync-ID (`netid-permission-export.list-v1+json`). */
  tpid?: string;
  /** `IDCONSENT`, `IAB_TC_STRING`, or a legacy type such as `DATASHARE`. */
  type: string;
  /** For consent types: `VALID` | `INVALID`. */
  status?: string;
  /** For `IAB_TC_STRING`: the TC string. */
  value?: string;
  changed_at: string;
}

/** What to export. `since` is sent as `q.date.ge` exactly as given (the docs do not fix a format). */
export type ExportQuery =
  | { since: string; tappId: string; withSyncId?: boolean }
  | { since: string; cmpId: string; tappIds: string[] };

/** An export client bound to one configuration. */
export interface ExportClient {
  /** Runs one export and returns every record. */
  exportPermissions(query: ExportQuery, options?: { signal?: AbortSignal }): Promise<ExportRecord[]>;
}

const record = z.looseObject({
  sync_id: z.string().optional(),
  tpid: z.string().optional(),
  type: z.string().min(1),
  status: z.string().optional(),
  value: z.string().optional(),
  changed_at: z.string().min(1),
});
const records = z.array(record);

const tappSchema = z.union([
  z.object({ tapp_netid_permissions_export_audit: records }).transform((b) => b.tapp_netid_permissions_export_audit),
  // [INFER] the docs show only the audit wrapper; the plain list is assumed to be named alike.
  z.object({ tapp_netid_permissions_export: records }).transform((b) => b.tapp_netid_permissions_export),
]);

const cmpSchema = z
  .object({
    cmp_netid_permissions_export_audit: z.array(z.object({ tapp_id: z.string().min(1), tapp_netid_permissions_export_audit: records })),
  })
  .transform((b) => b.cmp_netid_permissions_export_audit);

function tag(tappId: string, list: z.infer<typeof records>): ExportRecord[] {
  return list.map((r) => {
    const out: ExportRecord = { tapp_id: tappId, type: r.type, changed_at: r.changed_at };
    for (const key of ['sync_id', 'tpid', 'status', 'value'] as const) if (r[key] !== undefined) out[key] = r[key];
    return out;
  });
}

function basic(username: string, password: string): string {
  if (username.includes(':')) throw new PermissionCenterError('INVALID_REQUEST', { message: 'The export username must not contain ":".' });
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function checkSince(since: string): string {
  const value = since.trim();
  if (!value || Number.isNaN(Date.parse(value)))
    throw new PermissionCenterError('INVALID_REQUEST', { message: 'since must be a date, e.g. 2024-09-20 or 2024-09-20T00:00:00Z.' });
  return value;
}

const EXPORT_STATUS = { 400: 'EXPORT_BAD_REQUEST', 401: 'EXPORT_UNAUTHORIZED', 403: 'EXPORT_FORBIDDEN' } as const;
const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

/**
 * Creates an export client.
 *
 * @example
 * ```ts
 * import { parseExportConfig } from 'netid-rp/permission-center'
 * const client = createExportClient(parseExportConfig(process.env))
 * for (const r of await client.exportPermissions({ tappId: 'my-client-id', since: '2024-09-20' })) console.info(r)
 * ```
 */
export function createExportClient(config: ExportConfig): ExportClient {
  return {
    async exportPermissions(query, options = {}) {
      const since = checkSince(query.since);
      const url = new URL(`${config.exportUrl}${PERMISSION_CENTER_PATHS.export}`);
      const cmp = 'cmpId' in query;
      if (cmp) {
        if (!query.cmpId || query.tappIds.length === 0 || query.tappIds.some((t) => !t || t.includes(',')))
          throw new PermissionCenterError('INVALID_REQUEST', { message: 'A CMP export needs cmpId and at least one tapp id.' });
        url.search = `q.cmp_id.eq=${encodeURIComponent(query.cmpId)}&q.tapp_id.in=${query.tappIds.map(encodeURIComponent).join(',')}&q.date.ge=${encodeURIComponent(since)}`;
      } else {
        if (!query.tappId) throw new PermissionCenterError('INVALID_REQUEST', { message: 'tappId is required.' });
        url.search = `q.tapp_id.eq=${encodeURIComponent(query.tappId)}&q.date.ge=${encodeURIComponent(since)}`;
      }
      const accept = cmp ? MEDIA_TYPES.exportCmpAudit : query.withSyncId === false ? MEDIA_TYPES.exportPlain : MEDIA_TYPES.exportAudit;
      const common = {
        url,
        method: 'GET' as const,
        headers: { accept, authorization: basic(config.username, config.password) },
        timeoutMs: config.timeoutMs,
        signal: options.signal,
        successStatus: 200,
        successMediaType: accept,
        statusCodes: EXPORT_STATUS,
        maxBytes: MAX_EXPORT_BYTES,
        operation: 'export' as const,
      };
      if (cmp) {
        const tapps = await sendToPermissionCenter({ ...common, schema: cmpSchema });
        return tapps.flatMap((t) => tag(t.tapp_id, t.tapp_netid_permissions_export_audit));
      }
      return tag(query.tappId, await sendToPermissionCenter({ ...common, schema: tappSchema }));
    },
  };
}

/**
 * Runs one export with a given configuration (see {@link createExportClient}).
 *
 * @example
 * ```ts
 * import { parseExportConfig } from 'netid-rp/permission-center'
 * const rows = await exportPermissions(parseExportConfig(process.env), { tappId: 'my-client-id', since: '2024-09-20' })
 * ```
 */
export function exportPermissions(config: ExportConfig, query: ExportQuery): Promise<ExportRecord[]> {
  return createExportClient(config).exportPermissions(query);
}
