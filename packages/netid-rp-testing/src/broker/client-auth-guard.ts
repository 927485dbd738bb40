import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../send-json';
import type { DevBrokerClient } from './types';

/** oidc-provider's own limit for urlencoded bodies. */
const MAX_BODY_BYTES = 56 * 1024;

async function readRawBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Drain the whole body even when too large: breaking out would destroy the socket we answer on.
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buf);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** The id and secret of a Basic header as sent (not form-decoded); undefined when absent or malformed. */
function basicRaw(authorization: string | undefined): { id: string; secret: string } | undefined {
  const [scheme, value] = (authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !value) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon <= 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function basicClientId(authorization: string | undefined): string | undefined {
  const raw = basicRaw(authorization);
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw.id.replaceAll('+', '%20'));
  } catch {
    return undefined; // malformed: oidc-provider answers invalid_request
  }
}

/**
 * Enforce each client's registered `token_endpoint_auth_method` at `POST /token` (and, for a client
 * registered with `basic_credentials_decoded: false`, credentials exactly as registered).
 * oidc-provider 9 accepts `client_secret_basic` and `client_secret_post` interchangeably for a
 * client registered with either; netID partners register one, and an RP sending the other must
 * fail here, as it would against a strict server.
 *
 * Reads the urlencoded body and leaves it on `req.body` (oidc-provider's documented fallback for
 * a pre-parsed body; it then prints a one-time notice, which the caller mutes). Answers
 * `401 invalid_client` itself on a mismatch and returns `true`; returns `false` to let the request
 * through unchanged (unknown clients, malformed credentials and the like are left to oidc-provider).
 */
export async function guardTokenClientAuth(
  clients: DevBrokerClient[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (req.method !== 'POST' || !/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
    return false;
  }
  const raw = await readRawBody(req);
  if (raw === undefined) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'failed to parse the request body' });
    return true;
  }
  (req as IncomingMessage & { body?: string }).body = raw;

  const form = new URLSearchParams(raw);
  const fromHeader = basicClientId(req.headers.authorization);
  const viaPost = form.has('client_secret');
  if (fromHeader !== undefined && viaPost) return false; // two mechanisms: oidc-provider rejects it
  const used = fromHeader !== undefined ? 'client_secret_basic' : viaPost ? 'client_secret_post' : undefined;
  const clientId = fromHeader ?? form.get('client_id') ?? undefined;
  const client = clients.find((c) => c.client_id === clientId);
  if (!used || !client) return false;
  const sent = basicRaw(req.headers.authorization);
  if (used === 'client_secret_basic' && client.basic_credentials_decoded === false && (sent?.id !== client.client_id || sent.secret !== client.client_secret)) {
    sendJson(res, 403, { error: 'unauthorized_client', error_description: 'unknown client' });
    return true;
  }
  if ((client.token_endpoint_auth_method ?? 'client_secret_basic') === used) return false;
  sendJson(
    res,
    401,
    { error: 'invalid_client', error_description: 'client authentication failed' },
    used === 'client_secret_basic' ? { 'WWW-Authenticate': 'Basic realm="netID dev broker"' } : {},
  );
  return true;
}
