/**
 * The one place that talks HTTP to the Permission Center: a timeout on every call, a bounded
 * body, and a mapping of every answer to a typed result or a {@link PermissionCenterError}.
 * No retries (a write is not idempotent in the audit log), no `Origin` header (the token-based
 * API refuses browser-origin calls).
 *
 * @module
 */
import type { z } from 'zod';
import { outboundText, transportFailure } from '../http';
import { tracePermissionCenter } from '../telemetry';
import { PermissionCenterError, type PermissionCenterErrorCode } from './errors';
import { mediaTypeOf } from './media-types';
import { errorBodySchema } from './schemas';
import { isPermissionCenterStatusCode } from './status-codes';

/** Largest answer body accepted; anything bigger is an upstream error. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** One request, and what a successful answer must look like. */
export interface PermissionCenterRequest<T> {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Caller's signal; aborting it rethrows the caller's reason, not a timeout. */
  signal?: AbortSignal;
  /** The only HTTP status that counts as success. */
  successStatus: number;
  /** The only media type a success may carry. */
  successMediaType: string;
  /** Validates and shapes the success body. */
  schema: z.ZodType<T, unknown>;
  /** Error codes by HTTP status for APIs without a `status_code` body (the export API). */
  statusCodes?: Partial<Record<number, PermissionCenterErrorCode>>;
  /** Largest accepted answer; default {@link MAX_RESPONSE_BYTES}. */
  maxBytes?: number;
  /** What the call is, for telemetry; default `read` for GET, `write` for POST. */
  operation?: 'read' | 'write' | 'export';
}

interface RawAnswer {
  status: number;
  mediaType: string;
  text: string;
}

async function exchange(req: PermissionCenterRequest<unknown>): Promise<RawAnswer> {
  try {
    const answer = await outboundText(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      timeoutMs: req.timeoutMs,
      maxBytes: req.maxBytes ?? MAX_RESPONSE_BYTES,
      traceContext: true,
    });
    if (answer.tooLarge)
      throw new PermissionCenterError('UPSTREAM_ERROR', { status: answer.status, message: 'The Permission Center answer is too large.' });
    return { status: answer.status, mediaType: mediaTypeOf(answer.header('content-type')), text: answer.text };
  } catch (error) {
    if (error instanceof PermissionCenterError) throw error;
    if (req.signal?.aborted) throw req.signal.reason;
    // Our deadline, or undici's own, is a timeout; anything else on the wire (refused, DNS, reset, dropped) is UNREACHABLE.
    throw new PermissionCenterError(transportFailure(error) === 'timeout' ? 'TIMEOUT' : 'UNREACHABLE', { cause: error });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True for `application/json` and any `…+json` media type. */
function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/**
 * Sends the request and returns the validated success body. Documented error codes
 * (`status_code` in a JSON body of a non-5xx answer) throw as themselves; everything else
 * that is not the expected success (5xx, HTML, wrong media type, unknown code, a body that
 * fails the schema) throws `UPSTREAM_ERROR` with the HTTP status.
 */
export function sendToPermissionCenter<T>(req: PermissionCenterRequest<T>): Promise<T> {
  return tracePermissionCenter(req.operation ?? (req.method === 'GET' ? 'read' : 'write'), req.successStatus, () => send(req));
}

async function send<T>(req: PermissionCenterRequest<T>): Promise<T> {
  const answer = await exchange(req);
  const json = isJsonMediaType(answer.mediaType) ? parseJson(answer.text) : undefined;
  if (answer.status < 500 && json !== undefined) {
    const err = errorBodySchema.safeParse(json);
    if (err.success && isPermissionCenterStatusCode(err.data.status_code))
      throw new PermissionCenterError(err.data.status_code, { status: answer.status });
  }
  const byStatus = req.statusCodes?.[answer.status];
  if (byStatus) throw new PermissionCenterError(byStatus, { status: answer.status });
  if (answer.status !== req.successStatus)
    throw new PermissionCenterError('UPSTREAM_ERROR', {
      status: answer.status,
      message: `The Permission Center answered HTTP ${answer.status}.`,
    });
  if (answer.mediaType !== req.successMediaType || json === undefined)
    throw new PermissionCenterError('UPSTREAM_ERROR', {
      status: answer.status,
      message: 'The Permission Center answered with an unexpected content type.',
    });
  const parsed = req.schema.safeParse(json);
  if (!parsed.success)
    throw new PermissionCenterError('UPSTREAM_ERROR', {
      status: answer.status,
      cause: parsed.error,
      message: 'The Permission Center answer does not match the documented shape.',
    });
  return parsed.data;
}
