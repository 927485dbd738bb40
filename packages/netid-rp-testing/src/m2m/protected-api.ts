import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http';

/** Path of each simulator's protected API. */
export const PROTECTED_API_PATH = '/api/me';

/** What a simulator knows about a token it accepts. */
export interface TokenInfo {
  clientId: string;
  scope: string;
}

/** Request counters of a simulator: token endpoint calls and protected API calls (every answer counted). */
export interface SimulatorStats {
  token: number;
  api: number;
}

/** How the protected API treats tokens: check them (default) or refuse every request with 401. */
export type ApiMode = 'check' | 'always_401';

/**
 * Answer a protected API request: `Authorization: Bearer <token>` checked with `lookup`;
 * 200 `{ client_id, scope, token_suffix }` (the last 6 characters, so tests can tell which token
 * arrived without the API echoing it), else 401 with `WWW-Authenticate: Bearer error="invalid_token"`.
 */
export async function serveProtectedApi(
  req: IncomingMessage,
  res: ServerResponse,
  mode: ApiMode,
  lookup: (token: string) => Promise<TokenInfo | undefined> | TokenInfo | undefined,
): Promise<void> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  const info = mode === 'check' && match ? await lookup(match[1]!) : undefined;
  if (!info) {
    sendJson(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    return;
  }
  sendJson(res, 200, { client_id: info.clientId, scope: info.scope, token_suffix: match![1]!.slice(-6) });
}
