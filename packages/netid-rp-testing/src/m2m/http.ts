import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, LOOPBACK_HOST } from '../loopback-server';

/** Loopback host every M2M simulator listens on. */
export const SIM_HOST = LOOPBACK_HOST;

/** Largest request body a simulator reads (bytes). */
const MAX_BODY = 64 * 1024;

/** A node:http request handler that may be async; errors become a bare 500. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Start `handler` on `127.0.0.1:port` (0 = any free port); resolves with the server and its base URL (no trailing slash). */
export async function listen(handler: Handler, port = 0): Promise<{ server: Server; baseUrl: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        console.error(`[m2m-sim] ${req.method} ${req.url} failed: ${(error as Error).message}`);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
  const bound = await listenOnLoopback(server, port);
  let closing: Promise<void> | undefined;
  return {
    server,
    baseUrl: `http://${SIM_HOST}:${bound}`,
    close() {
      closing ??= closeServer(server);
      return closing;
    },
  };
}

/** Read the request body as text (at most 64 KiB; more is refused with `null`). */
export async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Read an `application/x-www-form-urlencoded` body; `null` when it has another content type or is too big. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const body = await readBody(req);
  if (type !== 'application/x-www-form-urlencoded' || body === null) return null;
  return new URLSearchParams(body);
}

/** Send `body` as JSON, never cacheable (shared with the other embedded servers). */
export { sendJson } from '../send-json';

/** The path of a request URL without its query (no URL parsing: odd request targets must not throw). */
export function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

/**
 * Decode one half of an HTTP Basic credential as RFC 6749 §2.3.1 asks: the client id and secret
 * were form-urlencoded before base64 (`+` is a space). `null` when the percent-encoding is broken.
 */
export function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * Parse `Authorization: Basic …` into the RFC 6749-decoded client id and secret (as sent, with
 * `decode: false`, like a server that never decodes); `null` when absent or malformed.
 */
export function parseBasicAuth(header: string | undefined, decode = true): { clientId: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const clientId = decode ? formDecode(decoded.slice(0, colon)) : decoded.slice(0, colon);
  const secret = decode ? formDecode(decoded.slice(colon + 1)) : decoded.slice(colon + 1);
  return clientId === null || secret === null ? null : { clientId, secret };
}
