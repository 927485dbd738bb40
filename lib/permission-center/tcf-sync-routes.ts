import { AuthError, type NetIdAuth } from '../auth';
import { errorResponse, isSameOriginRequest, json, jsonError, RETRY_AFTER_SECONDS } from '../http';
import { createPermissionCenterClient, type PermissionCenterClient } from './client';
import { mediaTypeOf } from './media-types';
import { routeError } from './route-errors';
import { bodyTooLarge, createRouteSession, readBoundedBody } from './route-session';
import type { IdConsentStatus, PermissionsWrite } from './schemas';
import { decideTcWrite, storedTcString, type StoredTcString } from './tcf-sync-decision';
import { parseTcfSyncBody } from './tcf-sync-body';

export type { StoredTcString } from './tcf-sync-decision';

/** Options of {@link createTcfSyncRoutes}. */
export interface TcfSyncRoutesOptions {
  /** The Permission Center client; default: one configured from `process.env` on first use. */
  client?: PermissionCenterClient;
  /** Where a renewal sign-in comes back to when the request has no `returnTo` query; default `/`. */
  defaultReturnTo?: string;
  /** Largest accepted POST body in bytes; default 16384. */
  maxBodyBytes?: number;
  /** Receives server-side events (codes and statuses only, never tokens or TC strings). Default: console.warn. */
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/**
 * `result` of a `/api/permissions/tcf` answer:
 * - `written`: the incoming TC string was newer (or nothing was stored) and is stored now;
 * - `unchanged`: the Permission Center holds the same TC string;
 * - `stored_is_newer`: the stored TC string is newer; it was not overwritten, and the CMP should take `stored`;
 * - `stored`: (no TC string sent) a TC string is stored, see `stored`;
 * - `nothing_stored`: (no TC string sent) nothing is stored yet (`PERMISSIONS_NOT_FOUND` included).
 */
export type TcfSyncResult = 'written' | 'unchanged' | 'stored_is_newer' | 'stored' | 'nothing_stored';

/** The 200 JSON body of `GET` and `POST /api/permissions/tcf`. */
export interface TcfSyncAnswer {
  result: TcfSyncResult;
  /** The TC string stored at the Permission Center after this call, or `null`. */
  stored: StoredTcString | null;
  /** The stored ID consent after this call, or `null` when never set. */
  idconsent: IdConsentStatus | null;
}

/** Fetch API handlers of `/api/permissions/tcf`. */
export interface TcfSyncRoutes {
  /** Reads the stored TC string and ID consent. */
  GET(request: Request): Promise<Response>;
  /** JSON `{ tc_string?, decided_ms_ago?, idconsent? }`: writes the TC string if it is newer than the stored one. */
  POST(request: Request): Promise<Response>;
}

/** Answers that mean "try again later" say when, as every 503 of ours does. */
const RETRYABLE = new Set([502, 503, 504]);

function withRetryAfter(response: Response): Response {
  if (RETRYABLE.has(response.status) && !response.headers.has('retry-after')) response.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
  return response;
}

/**
 * The same-origin proof of the BFF (`/api/upstream`), for both methods: `X-CSRF: 1` or
 * `Sec-Fetch-Site: same-origin`, and where the browser names the caller, our own origin.
 */
function callerRefusal(request: Request, appUrl: string): Response | undefined {
  const site = request.headers.get('sec-fetch-site');
  if ((site !== null && site !== 'same-origin') || !isSameOriginRequest(request.headers, appUrl)) return jsonError(new AuthError('cross_site_request'));
  if (request.headers.get('x-csrf') !== '1' && site !== 'same-origin')
    return errorResponse(new AuthError('csrf_header_missing'), { message: 'Calls to this route must come from this app: send the X-CSRF: 1 header.' });
  return undefined;
}

/**
 * Creates the handlers of `/api/permissions/tcf`, the route of the browser bridge `netid-rp/cmp`:
 * it keeps the user's IAB TCF TC string at the Permission Center, write-if-newer, with the
 * session's `permission_management` token (which never leaves the server).
 *
 * - Both methods need `X-CSRF: 1` (or `Sec-Fetch-Site: same-origin`) from our own origin: 403 otherwise.
 * - "Sign in first": 401 `unauthenticated` or `permission_token_expired`, 403 `permission_token_missing`
 *   (with `reauthenticate`). "Failed, retry": 502/503/504 with `Retry-After`. 410 `account_gone` ends the session.
 * - A TC string is decoded with `@iabtcf/core` before anything is sent (400 `invalid_tc_string`); the
 *   stored one is overwritten only by a newer one (their own `lastUpdated`; see docs/cmp.md for ties).
 * - `PERMISSIONS_NOT_FOUND` is `{ result: 'nothing_stored' }`, not an error.
 *
 * @example
 * ```ts
 * // app/api/permissions/tcf/route.ts
 * export const { GET, POST } = createTcfSyncRoutes(auth)
 * ```
 */
export function createTcfSyncRoutes(auth: NetIdAuth, options: TcfSyncRoutesOptions = {}): TcfSyncRoutes {
  let client = options.client;
  const pc = () => (client ??= createPermissionCenterClient());
  const defaultReturnTo = options.defaultReturnTo ?? '/';
  const maxBodyBytes = options.maxBodyBytes ?? 16_384;
  const log = options.log ?? ((event, detail) => console.warn(`[permission-center tcf] ${event}`, JSON.stringify(detail)));

  const { signedIn, failure } = createRouteSession(auth, { defaultReturnTo, log });

  async function handle(request: Request, method: 'GET' | 'POST'): Promise<Response> {
    const refusal = callerRefusal(request, auth.config().appUrl);
    if (refusal) return refusal;
    if (method === 'POST' && mediaTypeOf(request.headers.get('content-type')) !== 'application/json')
      return routeError('unsupported_media_type', { message: 'Send the body as application/json.' });
    const signed = await signedIn(request);
    if (signed instanceof Response) return signed;
    let body: ReturnType<typeof parseTcfSyncBody> = { ok: true, value: {} };
    if (method === 'POST') {
      const text = await readBoundedBody(request, maxBodyBytes);
      if (text === null) return bodyTooLarge(maxBodyBytes);
      body = parseTcfSyncBody(text);
      if (!body.ok) return routeError(body.code, { message: body.message });
    }
    const { tc, idconsent } = body.value;
    try {
      const status = await pc().readStatus(signed.token, { identifiers: [] });
      let stored = storedTcString(status.netid_privacy_settings);
      const storedIdConsent = status.netid_privacy_settings.idconsent?.status ?? null;
      const decision = tc ? decideTcWrite(stored, tc) : null;
      const write: PermissionsWrite = {};
      if (tc && decision?.write) write.iab_tc_string = tc.tcString;
      // ID consent travels with the choice it belongs to: not alongside a TC string that lost to a newer one.
      const choiceStands = !decision || decision.write || decision.result === 'unchanged';
      if (idconsent && idconsent !== storedIdConsent && choiceStands) write.idconsent = idconsent;
      if (Object.keys(write).length > 0) await pc().writePermissions(signed.token, write, { identifiers: [] });
      if (tc && write.iab_tc_string) stored = { tc_string: tc.tcString, last_updated: tc.lastUpdated.toISOString(), changed_at: new Date().toISOString() };
      const result = decision ? (decision.write ? 'written' : decision.result) : stored ? 'stored' : 'nothing_stored';
      const answer: TcfSyncAnswer = { result, stored, idconsent: write.idconsent ?? storedIdConsent };
      return json(answer);
    } catch (error) {
      return withRetryAfter(failure(request, error, signed.session));
    }
  }

  return {
    GET: async (request) => withRetryAfter(await handle(request, 'GET')),
    POST: async (request) => withRetryAfter(await handle(request, 'POST')),
  };
}
