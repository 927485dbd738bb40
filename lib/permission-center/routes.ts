import { AuthError, type NetIdAuth } from '../auth';
import { isSameOriginRequest, json, jsonError } from '../http';
import { createPermissionCenterClient, type PermissionCenterClient } from './client';
import { isSubjectIdentifier, mediaTypeOf, SUBJECT_IDENTIFIERS, type SubjectIdentifier } from './media-types';
import { routeError } from './route-errors';
import { bodyTooLarge, createRouteSession, readBoundedBody } from './route-session';
import { parseWriteBody } from './write-body';

/** Options of {@link createPermissionRoutes}. */
export interface PermissionRoutesOptions {
  /** The Permission Center client; default: one configured from `process.env` on first use. */
  client?: PermissionCenterClient;
  /** Where a renewal sign-in comes back to when the request has no `returnTo` query; default `/consent`. */
  defaultReturnTo?: string;
  /** Largest accepted POST body in bytes; default 16384. */
  maxBodyBytes?: number;
  /** Receives server-side events (codes and statuses only, never tokens). Default: console.warn. */
  log?: (event: string, detail: Record<string, unknown>) => void;
}

/** Fetch API handlers of `/api/permissions`. */
export interface PermissionRoutes {
  /** `GET /api/permissions[?identifiers=TPID,SYNC_ID,ETPID][&returnTo=/path]`: the privacy status as read. */
  GET(request: Request): Promise<Response>;
  /** `POST /api/permissions` with JSON `{ idconsent?, iab_tc_string? }`: writes, then answers the status read back. */
  POST(request: Request): Promise<Response>;
}

/**
 * Creates the `/api/permissions` handlers on top of the auth core: the user's session supplies
 * the `permission_management` token, which never leaves the server. Framework-free
 * (`Request` in, `Response` out), so the Next.js route file and an Express adapter mount the same code.
 *
 * Errors are JSON `{ error, message }`; token problems add `reauthenticate` (a same-origin
 * login path that re-runs the flow and comes back to `returnTo`, default `/consent`).
 *
 * @example
 * ```ts
 * // app/api/permissions/route.ts
 * export const { GET, POST } = createPermissionRoutes(auth)
 * ```
 */
export function createPermissionRoutes(auth: NetIdAuth, options: PermissionRoutesOptions = {}): PermissionRoutes {
  let client = options.client;
  const pc = () => (client ??= createPermissionCenterClient());
  const defaultReturnTo = options.defaultReturnTo ?? '/consent';
  const maxBodyBytes = options.maxBodyBytes ?? 16_384;
  const log = options.log ?? ((event, detail) => console.warn(`[permission-center] ${event}`, JSON.stringify(detail)));

  const { signedIn, failure } = createRouteSession(auth, { defaultReturnTo, log });

  function identifiersOf(request: Request): SubjectIdentifier[] | null {
    const raw = new URL(request.url).searchParams.get('identifiers');
    if (raw === null) return [...SUBJECT_IDENTIFIERS];
    const list = raw.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    return list.every(isSubjectIdentifier) ? list : null;
  }

  return {
    async GET(request) {
      const signed = await signedIn(request);
      if (signed instanceof Response) return signed;
      const identifiers = identifiersOf(request);
      if (!identifiers)
        return routeError('invalid_request', { message: 'identifiers must be a comma-separated list of TPID, SYNC_ID, ETPID.' });
      try {
        return json(await pc().readStatus(signed.token, { identifiers }));
      } catch (error) {
        return failure(request, error, signed.session);
      }
    },

    async POST(request) {
      if (!isSameOriginRequest(request.headers, auth.config().appUrl)) return jsonError(new AuthError('cross_site_request'));
      // A JSON content type cannot be sent cross-site without a CORS preflight, which this route never grants.
      if (mediaTypeOf(request.headers.get('content-type')) !== 'application/json')
        return routeError('unsupported_media_type', { message: 'Send the body as application/json.' });
      const signed = await signedIn(request);
      if (signed instanceof Response) return signed;
      const text = await readBoundedBody(request, maxBodyBytes);
      if (text === null) return bodyTooLarge(maxBodyBytes);
      const body = parseWriteBody(text);
      if (!body.ok) return routeError(body.code, { message: body.message });
      try {
        await pc().writePermissions(signed.token, body.value);
        return json(await pc().readStatus(signed.token, { identifiers: [...SUBJECT_IDENTIFIERS] }));
      } catch (error) {
        return failure(request, error, signed.session);
      }
    },
  };
}
