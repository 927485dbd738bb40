/**
 * The request prelude both Permission Center routes (`/api/permissions` and the CMP bridge's
 * `/api/permissions/tcf`) share: the signed-in session with its `permission_management` token,
 * the renewal login path, the mapping of a failed call (ending the session on `account_gone`)
 * and the size-bounded body read.
 *
 * @module
 */
import { AuthError, requestCookies, type Flow, type NetIdAuth, type SessionData } from '../auth';
import { jsonError } from '../http';
import { PermissionCenterError } from './errors';
import { failureResponse, routeError, routeErrorCode } from './route-errors';

/** A session that holds a Permission Center token. */
export type SignedIn = { session: SessionData; token: NonNullable<SessionData['permissionToken']> };

/** What a route tells {@link createRouteSession}. */
export interface RouteSessionOptions {
  /** Where a renewal sign-in comes back to when the request has no `returnTo` query. */
  defaultReturnTo: string;
  /** Receives server-side events (codes and statuses only, never tokens). */
  log: (event: string, detail: Record<string, unknown>) => void;
}

/** The shared prelude of a Permission Center route. */
export interface RouteSession {
  /** Same-origin login path that renews the token of a session of `flow`. */
  reauthenticate(request: Request, flow: Flow): string;
  /** The signed-in session with its token, or the error response. */
  signedIn(request: Request): Promise<SignedIn | Response>;
  /** The error response for a failed Permission Center call (logged; `account_gone` ends the session). */
  failure(request: Request, error: unknown, session: SessionData): Response;
}

/** The flow that gets a fresh Permission Center token for a session of `flow`. */
function renewalFlow(flow: Flow): Flow {
  return flow === 'login' ? 'login-permission' : flow;
}

/** Builds the prelude of a Permission Center route on top of the auth core. */
export function createRouteSession(auth: NetIdAuth, { defaultReturnTo, log }: RouteSessionOptions): RouteSession {
  const reauthenticate = (request: Request, flow: Flow) =>
    auth.loginPath(renewalFlow(flow), new URL(request.url).searchParams.get('returnTo') ?? defaultReturnTo);

  async function signedIn(request: Request): Promise<SignedIn | Response> {
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

  return { reauthenticate, signedIn, failure };
}

/**
 * The request body as text, or `null` when it is larger than `maxBytes` (by its declared
 * `Content-Length` before reading, and by its actual size after).
 */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return null;
  const text = await request.text();
  return Buffer.byteLength(text) > maxBytes ? null : text;
}

/** The 413 answer of a body that {@link readBoundedBody} refused. */
export function bodyTooLarge(maxBytes: number): Response {
  return routeError('body_too_large', { message: `The body must be at most ${maxBytes} bytes.` });
}
