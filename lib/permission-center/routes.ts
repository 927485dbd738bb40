import { AuthError, requestCookies, type Flow, type NetIdAuth, type SessionData } from '../auth';
import { isSameOriginRequest, json, jsonError } from '../http';
import { createPermissionCenterClient, type PermissionCenterClient } from './client';
import { PermissionCenterError } from './errors';
import { isSubjectIdentifier, mediaTypeOf, SUBJECT_IDENTIFIERS, type SubjectIdentifier } from './media-types';
import { failureResponse, routeError, routeErrorCode } from './route-errors';
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

type Signed = { session: SessionData; token: NonNullable<SessionData['permissionToken']> };

/** The flow that gets a fresh Permission Center token for a session of `flow`. */
function renewalFlow(flow: Flow): Flow {
  return flow === 'login' ? 'login-permission' : flow;
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

  const reauthenticate = (request: Request, flow: Flow) =>
    auth.loginPath(renewalFlow(flow), new URL(request.url).searchParams.get('returnTo') ?? defaultReturnTo);

  /** The signed-in session with its token, or the error response. */
  async function signedIn(request: Request): Promise<Signed | Response> {
    let session: SessionData | null;
    try {
      session = await auth.getSession(requestCookies(request));
    } catch (err) {
      // A server-side session store that did not answer: its code (503), not a bare 500.
      if (err instanceof AuthError) return jsonError(err);
      throw err;
    }
    if (!session) return jsonError(new AuthError('unauthenticated'));
    if (!session.permissionToken)
      return routeError('permission_token_missing', { reauthenticate: reauthenticate(request, session.flow) });
    return { session, token: session.permissionToken };
  }

  function failure(request: Request, error: unknown, session: SessionData): Response {
    const code = routeErrorCode(error);
    log('request_failed', {
      code,
      upstream: error instanceof PermissionCenterError ? error.code : undefined,
      status: error instanceof PermissionCenterError ? error.status : undefined,
    });
    if (code === 'permission_token_expired') return failureResponse(error, { reauthenticate: reauthenticate(request, session.flow) });
    if (code === 'account_gone') {
      const cookies = requestCookies(request);
      auth.endSession(cookies);
      return failureResponse(error, { setCookies: cookies.setCookieHeaders() });
    }
    return failureResponse(error);
  }

  function identifiersOf(request: Request): SubjectIdentifier[] | null {
    const raw = new URL(request.url).searchParams.get('identifiers');
    if (raw === null) return [...SUBJECT_IDENTIFIERS];
    const list = raw.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    return list.every(isSubjectIdentifier) ? list : null;
  }

  async function readBody(request: Request): Promise<string | null> {
    if (Number(request.headers.get('content-length') ?? 0) > maxBodyBytes) return null;
    const text = await request.text();
    return Buffer.byteLength(text) > maxBodyBytes ? null : text;
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
      const text = await readBody(request);
      if (text === null) return routeError('body_too_large', { message: `The body must be at most ${maxBodyBytes} bytes.` });
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
