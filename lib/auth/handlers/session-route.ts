import { json } from '../../http';
import { requestCookies, type CookieStore } from '../cookie-store';
import type { AuthConfig } from '../config';
import { AuthError } from '../errors';
import { publicPermissionToken, type PublicPermissionToken } from '../permission-token';
import { readSession, type SessionData } from '../session';

/** The public, token-free view of a session served by `GET /api/auth/session`. */
export interface PublicSession {
  user: SessionData['user'];
  permissionToken: PublicPermissionToken | null;
  flow: SessionData['flow'];
}

/** Strips every token from a session, keeping only what a browser may see. */
export function publicSession(session: SessionData, now = Date.now()): PublicSession {
  return { user: session.user, permissionToken: publicPermissionToken(session.permissionToken, now), flow: session.flow };
}

/** Status and JSON body of `GET /api/auth/session`. */
export interface SessionAnswer {
  status: number;
  body: PublicSession | { error: string; message: string };
}

/**
 * The answer of `GET /api/auth/session` for the session in `cookies`: 200 with
 * {@link PublicSession}, or 401 `unauthenticated`. Adapters that answer without a Fetch
 * `Response` (Express's hot path) send exactly this.
 */
export async function sessionAnswer(cookies: CookieStore, config: AuthConfig): Promise<SessionAnswer> {
  try {
    return answerFor(await readSession(cookies, config));
  } catch (err) {
    return failureAnswer(err);
  }
}

/** A server-side store that did not answer (`session_store_unavailable`, 503); anything else is thrown on. */
function failureAnswer(err: unknown): SessionAnswer {
  if (!(err instanceof AuthError)) throw err;
  const { status, error, message } = err.httpAnswer();
  return { status, body: { error, message } };
}

/** The {@link SessionAnswer} for a session read (or none). */
function answerFor(session: SessionData | null): SessionAnswer {
  if (!session) {
    const { status, error, message } = new AuthError('unauthenticated').httpAnswer();
    return { status, body: { error, message } };
  }
  return { status: 200, body: publicSession(session) };
}

/** `GET /api/auth/session`: 200 with {@link PublicSession}, or 401 JSON when signed out. Never a raw token. */
export async function handleSession(request: Request, config: AuthConfig): Promise<Response> {
  // The hot path: one await (the unseal, or its cached result), no other promise in between.
  let answer: SessionAnswer;
  try {
    answer = answerFor(await readSession(requestCookies(request), config));
  } catch (err) {
    answer = failureAnswer(err);
  }
  return json(answer.body, answer.status);
}
