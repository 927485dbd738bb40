import { AuthError } from '../errors';
import { readSession, type SessionData } from '../session';
import type { HandlerContext } from './context';
import { json } from '../../http';

/** The public, token-free view of a session served by `GET /api/auth/session`. */
export interface PublicSession {
  user: SessionData['user'];
  permissionToken: { expiresAt: string; expired: boolean } | null;
  flow: SessionData['flow'];
}

/** Strips every token from a session, keeping only what a browser may see. */
export function publicSession(session: SessionData, now = Date.now()): PublicSession {
  const token = session.permissionToken;
  return {
    user: session.user,
    permissionToken: token
      ? { expiresAt: new Date(token.expiresAt * 1000).toISOString(), expired: token.expiresAt * 1000 <= now }
      : null,
    flow: session.flow,
  };
}

/**
 * Status and JSON body of `GET /api/auth/session` for a session (or none), so adapters that
 * answer natively (Express's hot path) say exactly what the Fetch handler says.
 */
export function sessionAnswer(session: SessionData | null): { status: number; body: PublicSession | { error: string; message: string } } {
  if (!session) {
    const { status, error, message } = new AuthError('unauthenticated').httpAnswer();
    return { status, body: { error, message } };
  }
  return { status: 200, body: publicSession(session) };
}

/** `GET /api/auth/session`: 200 with {@link PublicSession}, or 401 JSON when signed out. Never a raw token. */
export async function handleSession(request: Request, ctx: HandlerContext): Promise<Response> {
  const { status, body } = sessionAnswer(await readSession(request.headers.get('cookie'), ctx.config()));
  return json(body, status);
}
