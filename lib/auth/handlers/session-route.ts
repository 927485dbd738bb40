import { json, jsonText } from '../../http';
import { requestCookies, type CookieStore } from '../cookie-store';
import type { AuthConfig } from '../types';
import { AuthError } from '../errors';
import { publicPermissionToken, type PublicPermissionToken } from '../permission-token';
import { readSession, type SessionData } from '../session';
import { memoisedBody } from '../session-body-memo';

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

/** The 401 answer, built once: an AuthError (and its stack trace) per signed-out read would cost more than the read. */
let signedOut: { answer: SessionAnswer; text: string } | undefined;
function unauthenticated(): { answer: SessionAnswer; text: string } {
  if (!signedOut) {
    const { status, error, message } = new AuthError('unauthenticated').httpAnswer();
    const body = Object.freeze({ error, message });
    signedOut = { answer: Object.freeze({ status, body }), text: JSON.stringify(body) };
  }
  return signedOut;
}

/** The {@link SessionAnswer} for a session read (or none). */
function answerFor(session: SessionData | null): SessionAnswer {
  return session ? { status: 200, body: publicSession(session) } : unauthenticated().answer;
}

/** `GET /api/auth/session`: 200 with {@link PublicSession}, or 401 JSON when signed out. Never a raw token. */
export async function handleSession(request: Request, config: AuthConfig): Promise<Response> {
  // The hot path: one await (the read; synchronous for cookie sessions), no other promise in between.
  let session: SessionData | null;
  try {
    session = await readSession(requestCookies(request), config);
  } catch (err) {
    const answer = failureAnswer(err);
    return json(answer.body, answer.status);
  }
  return session ? jsonText(memoisedBody(session, publicSession), 200) : jsonText(unauthenticated().text, 401);
}
