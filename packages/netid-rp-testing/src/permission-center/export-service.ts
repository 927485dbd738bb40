/**
 * The DATA EXPORT service (`GET /netid-permissions/`, HTTP Basic): the audit log of changes per
 * partner since a date, with Sync-ID (audit media type), with TPID (plain media type), or for
 * several partners of one CMP.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MEDIA } from './wire';
import { accepts, jsonAnswer, textAnswer, type Answer } from './http';
import type { AuditEntry, PermissionStore } from './store';
import type { ExportCredentials } from './types';

/** What the export service needs. */
export interface ExportServiceContext {
  store: PermissionStore;
  credentials: Required<ExportCredentials>;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function authenticated(req: IncomingMessage, credentials: ExportCredentials): boolean {
  const match = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return sameText(decoded.slice(0, colon), credentials.username) && sameText(decoded.slice(colon + 1), credentials.password);
}

const allowed = (list: string[] | '*', id: string) => list === '*' || list.includes(id);

function problem(status: 400 | 403, message: string): Answer {
  return jsonAnswer(status, 'application/json', { status, message });
}

/** Records of one partner since `since`, with `sync_id` or `tpid`. */
function records(store: PermissionStore, tappId: string, since: number, identifier: 'sync_id' | 'tpid') {
  return store.audit
    .filter((e: AuditEntry) => e.clientId === tappId && Date.parse(e.changed_at) >= since)
    .map((e) => ({
      [identifier]: identifier === 'sync_id' ? store.ids.syncId(e.sub, e.clientId) : store.ids.tpid(e.sub),
      type: e.type,
      ...(e.status !== undefined ? { status: e.status } : { value: e.value }),
      changed_at: e.changed_at,
    }));
}

/** `GET /netid-permissions/?q.tapp_id.eq=…&q.date.ge=…` (or `q.cmp_id.eq` + `q.tapp_id.in`). */
export function exportService(req: IncomingMessage, url: URL, ctx: ExportServiceContext): Answer {
  if (url.pathname !== '/netid-permissions/' && url.pathname !== '/netid-permissions') return textAnswer(404, 'Not Found');
  if (req.method !== 'GET') return textAnswer(405, 'Method Not Allowed', { allow: 'GET' });
  if (!authenticated(req, ctx.credentials))
    return textAnswer(401, 'Unauthorized', { 'www-authenticate': 'Basic realm="netID permission export", charset="UTF-8"' });
  const q = url.searchParams;
  const since = Date.parse(q.get('q.date.ge') ?? '');
  if (Number.isNaN(since)) return problem(400, 'q.date.ge is missing or invalid');
  const cmpId = q.get('q.cmp_id.eq');

  if (cmpId !== null) {
    if (!accepts(req, MEDIA.exportCmpAudit)) return textAnswer(406, 'Not Acceptable');
    const tapps = (q.get('q.tapp_id.in') ?? '').split(',').filter(Boolean);
    if (!cmpId || tapps.length === 0) return problem(400, 'q.cmp_id.eq or q.tapp_id.in is missing or invalid');
    if (!allowed(ctx.credentials.cmpIds, cmpId) || tapps.some((t) => !allowed(ctx.credentials.tappIds, t)))
      return problem(403, 'Requesting API user hasn\'t the right role');
    return jsonAnswer(200, MEDIA.exportCmpAudit, {
      cmp_netid_permissions_export_audit: tapps.map((tapp_id) => ({
        tapp_id,
        tapp_netid_permissions_export_audit: records(ctx.store, tapp_id, since, 'sync_id'),
      })),
    });
  }

  const tappId = q.get('q.tapp_id.eq');
  if (!tappId) return problem(400, 'q.tapp_id.eq is missing or invalid');
  if (!allowed(ctx.credentials.tappIds, tappId)) return problem(403, 'Requesting API user hasn\'t the right role');
  if (accepts(req, MEDIA.exportAudit))
    return jsonAnswer(200, MEDIA.exportAudit, { tapp_netid_permissions_export_audit: records(ctx.store, tappId, since, 'sync_id') });
  if (accepts(req, MEDIA.exportPlain))
    return jsonAnswer(200, MEDIA.exportPlain, { tapp_netid_permissions_export: records(ctx.store, tappId, since, 'tpid') });
  return textAnswer(406, 'Not Acceptable');
}
