import { AuthError } from '../errors';
import { readSession, type SessionData } from '../session';
import type { HandlerContext } from './context';
import { json, jsonError } from './respond';

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

/** `GET /api/auth/session`: 200 with {@link PublicSession}, or 401 JSON when signed out. Never a raw token. */
export async function handleSession(request: Request, ctx: HandlerContext): Promise<Response> {
  const session = await readSession(request.headers.get('cookie'), ctx.config());
  if (!session) return jsonError(new AuthError('unauthenticated'));
  return json(publicSession(session));
}
