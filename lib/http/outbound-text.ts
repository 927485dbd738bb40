/**
 * A bounded text exchange over undici's `request` API, for the library's own hot outbound calls
 * (the Permission Center on every `/api/permissions` read) whose answer is read whole.
 *
 * Why not {@link outboundFetch} (issue 15): WHATWG `fetch` builds a `Request`, a `Response`, an
 * `AbortSignal` chain and web streams around every exchange, and each of their promises runs
 * Next's AsyncLocalStorage hooks inside a route handler. Profiles of `next start` under load put
 * that at about a fifth of the route's CPU; undici's `request` (the same HTTP client under
 * `fetch`, without the WHATWG layer) does the same exchange for about a third of the cost.
 *
 * Same contract as a fetch with a deadline: the deadline covers the whole exchange, body included,
 * and an expired one rejects with a `DOMException` named `TimeoutError`; an aborted caller signal
 * rejects with its reason; failures on the wire reject with undici's errors (which
 * `transportFailure` reads). Redirects are not followed. The body is read up to `maxBytes` and the
 * connection is dropped beyond it: `tooLarge` says so, with no text.
 *
 * @module
 */
import type { Dispatcher } from 'undici';
import { readBoundedBody } from './bounded-body';
import { traceHttp, tracing } from '../telemetry';
import { startDeadline } from './deadline';

/** One request. */
export interface OutboundTextInit {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  /** Hard deadline in milliseconds for the whole exchange, body included. */
  timeoutMs: number;
  /** Caller's signal; aborting it rejects with its reason. */
  signal?: AbortSignal;
  /** Largest body read; a larger one is not read ({@link OutboundText.tooLarge}). */
  maxBytes: number;
  /** undici dispatcher (tests); default undici's global one, which `fetch` shares. */
  dispatcher?: Dispatcher;
  /** Send W3C trace context (`traceparent`) with the call. */
  traceContext?: boolean;
}

/** The answer. */
export interface OutboundText {
  status: number;
  /** A response header (first value when repeated), or null. */
  header(name: string): string | null;
  /** The body as UTF-8 text; empty when {@link tooLarge}. */
  text: string;
  /** True when the body (declared or read) exceeded `maxBytes`; it was not kept. */
  tooLarge: boolean;
}

/**
 * undici, loaded on the first exchange: a process that never calls out (a proxy that only reads
 * sessions) does not evaluate it, about 900 KB of source (docs/session-read.md).
 */
let undici: Promise<typeof import('undici')> | undefined;
const loadUndici = (): Promise<typeof import('undici')> => (undici ??= import('undici'));

/** Drops a body we will not read: the connection closes, and undici's abort error has a listener. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

function headerOf(headers: Record<string, string | string[] | undefined>): (name: string) => string | null {
  return (name) => {
    const value = headers[name.toLowerCase()];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
}

/**
 * Sends one request and reads its answer as text, bounded in time and size.
 *
 * @example
 * ```ts
 * const answer = await outboundText(new URL('https://pc.example/v2/status'), {
 *   method: 'GET', headers: { accept: 'application/json' }, timeoutMs: 5_000, maxBytes: 64 * 1024,
 * });
 * if (!answer.tooLarge && answer.status === 200) console.log(JSON.parse(answer.text));
 * ```
 */
export function outboundText(url: URL, init: OutboundTextInit): Promise<OutboundText> {
  if (!tracing()) return exchange(url, init);
  let headers = init.headers;
  const propagate = init.traceContext ? (name: string, value: string) => void (headers = { ...headers, [name]: value }) : undefined;
  return traceHttp(init.method, url, propagate, () => exchange(url, { ...init, headers }), (answer) => answer.status);
}

async function exchange(url: URL, init: OutboundTextInit): Promise<OutboundText> {
  if (init.signal?.aborted) throw init.signal.reason;
  const { request } = await loadUndici();
  const { signal, release } = startDeadline(init.timeoutMs, init.signal);
  try {
    const answer = await request(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal,
      dispatcher: init.dispatcher,
    });
    const header = headerOf(answer.headers);
    const chunks = (answer.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const body = await readBoundedBody(
      { declaredLength: header('content-length'), read: () => chunks.next(), drop: () => discard(answer.body) },
      init.maxBytes,
    );
    if (body === null) return { status: answer.statusCode, header, text: '', tooLarge: true };
    return { status: answer.statusCode, header, text: body.toString('utf8'), tooLarge: false };
  } catch (error) {
    // undici rejects an aborted request with its own error; the reason says what happened.
    if (signal.aborted) throw signal.reason;
    throw error;
  } finally {
    release();
  }
}
