import type { IncomingMessage } from 'node:http';
import type { PermissionCenterStatusCode } from 'netid-rp/permission-center';
import { bareMediaType, ERROR_STATUS } from './wire';

/** An answer a service computes; the server applies faults, then writes it. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A JSON answer with a given media type. */
export function jsonAnswer(status: number, mediaType: string, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': mediaType, ...headers }, body: JSON.stringify(body) };
}

/**
 * A documented error: its HTTP status and `{"status_code": …}`, the key the official SDKs read.
 * The docs give no full error body or media type; `application/json` is assumed.
 */
export function statusCodeAnswer(code: PermissionCenterStatusCode): Answer {
  return jsonAnswer(ERROR_STATUS[code], 'application/json', { status_code: code });
}

/** A plain-text answer for situations the docs do not cover (404, 405, 406, 415, 413). */
export function textAnswer(status: number, text: string, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: text };
}

/** True when the request's `Accept` names `mediaType` exactly. */
export function accepts(req: IncomingMessage, mediaType: string): boolean {
  return (req.headers.accept ?? '').split(',').some((part) => bareMediaType(part) === mediaType);
}

/** True when the request's `Content-Type` is `mediaType` (parameters ignored). */
export function hasContentType(req: IncomingMessage, mediaType: string): boolean {
  return bareMediaType(req.headers['content-type']) === mediaType;
}

/** Reads the request body as UTF-8, or `null` when it exceeds `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
