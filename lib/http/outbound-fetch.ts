/**
 * The one `fetch` every outbound call of the library goes through (Permission Center, token
 * endpoint, userinfo, discovery, revocation, the BFF upstream proxy, M2M).
 *
 * Why it exists (issue 15): inside a Next.js route handler every timer and promise created while
 * handling a request carries that request's AsyncLocalStorage store (Next's work and request
 * stores: the request, the response writer, cookies, the incremental cache… ~40 KB). Heap
 * snapshots of `next start` under load showed those stores retained through Node 20's
 * `AbortSignal.timeout()`: the signal's `clearTimeoutRegistry` (a FinalizationRegistry) holds the
 * timer strongly until the signal is collected; the timer's `kResourceStore` holds the request
 * store, and the store (through the pending fetch's listeners) reaches the signal again, so many
 * entries could never be collected, and the rest only after several GC rounds — RSS grew by
 * ~40 KB per request and was not returned while idle. `AbortSignal.any()` adds its own
 * long-lived dependant-signal bookkeeping on top. Express has no request store, so it only
 * kept a few hundred bytes per request and stayed flat.
 *
 * What this does instead:
 * - the deadline is a plain `setTimeout` on an `AbortController`, cleared as soon as the answer is
 *   complete (its body read by `text()`, `json()`, `arrayBuffer()`, …, or by hand through
 *   `body.getReader()` to its end, or cancelled, or there is no body) or the call failed, and the
 *   listener on the caller's signal is removed then too. Nothing outlives the exchange.
 * - it calls the platform fetch, not Next's patched global `fetch` (found through
 *   `fetch._nextOriginalFetch`, which Next sets when it patches). These calls carry tokens and
 *   must never be cached, so Next's per-request fetch caching and tracing buys nothing here and
 *   costs time on every call.
 *
 * Behaviour is that of `fetch(input, { ...init, signal: AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) })`:
 * an expired deadline rejects the call (or the body read) with a `DOMException` named
 * `TimeoutError` (`transportFailure` reads it as `timeout`); an aborted caller signal rejects with its reason.
 *
 * @module
 */
import { traceHttp, tracing } from '../telemetry';
import { startDeadline } from './deadline';

/** `RequestInit` plus the deadline, and optionally the fetch to use (tests, M2M seams). */
export interface OutboundFetchInit extends RequestInit {
  /** Hard deadline in milliseconds for the whole exchange, body included. */
  timeoutMs: number;
  /** Fetch to call; default the platform fetch. A Next-patched fetch is unwrapped to its original. */
  fetch?: typeof fetch;
  /** Send W3C trace context (`traceparent`) with the call (the Permission Center, the upstream API; not the broker). */
  traceContext?: boolean;
}

/** What Next.js adds to the global fetch it patches (`next/dist/server/lib/patch-fetch.js`). */
interface NextPatchedFetch {
  __nextPatched?: true;
  _nextOriginalFetch?: typeof fetch;
}

/** `fetch` itself, or the original one behind Next's patch. */
export function unpatchedFetch(candidate: typeof fetch = globalThis.fetch): typeof fetch {
  const patched = candidate as typeof fetch & NextPatchedFetch;
  return patched.__nextPatched && typeof patched._nextOriginalFetch === 'function' ? patched._nextOriginalFetch : candidate;
}

const BODY_READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;

/**
 * Makes a body read by hand (`response.body.getReader()`, as a bounded reader does) release too:
 * when a read reports the end or fails, or the reader or the stream is cancelled.
 */
function releaseWhenStreamed(body: ReadableStream<Uint8Array>, release: () => void): void {
  const getReader = body.getReader.bind(body) as () => ReadableStreamDefaultReader<Uint8Array>;
  const cancelBody = body.cancel.bind(body);
  Object.defineProperty(body, 'getReader', {
    configurable: true,
    writable: true,
    value: function getReaderAndRelease(...args: unknown[]) {
      const reader = (getReader as (...a: unknown[]) => ReadableStreamDefaultReader<Uint8Array>)(...args);
      const read = reader.read.bind(reader);
      const cancel = reader.cancel.bind(reader);
      reader.read = () =>
        read().then(
          (result) => {
            if (result.done) release();
            return result;
          },
          (error: unknown) => {
            release();
            throw error;
          },
        );
      reader.cancel = (reason?: unknown) => {
        release();
        return cancel(reason);
      };
      return reader;
    },
  });
  Object.defineProperty(body, 'cancel', {
    configurable: true,
    writable: true,
    value: (reason?: unknown) => {
      release();
      return cancelBody(reason);
    },
  });
}

/** Calls `release` once the body has been read to its end (or failed), via any of the body readers or by hand. */
function releaseWhenRead(response: Response, release: () => void): Response {
  if (!response.body) {
    release();
    return response;
  }
  const target = response as unknown as Record<string, unknown>;
  for (const name of BODY_READERS) {
    const read = target[name];
    if (typeof read !== 'function') continue;
    Object.defineProperty(response, name, {
      configurable: true,
      writable: true,
      value: function readAndRelease(this: Response) {
        return (read as () => Promise<unknown>).call(this).finally(release);
      },
    });
  }
  releaseWhenStreamed(response.body, release);
  return response;
}

/**
 * `fetch` with a deadline that ends with the exchange. See the module comment for why.
 *
 * @example
 * ```ts
 * declare const url: URL, headers: Headers, signal: AbortSignal;
 * const res = await outboundFetch(url, { headers, redirect: 'manual', timeoutMs: 10_000, signal });
 * const body = await res.text(); // the deadline is cleared here
 * ```
 */
export function outboundFetch(input: string | URL | Request, init: OutboundFetchInit): Promise<Response> {
  // Without OpenTelemetry the call costs nothing more than before.
  if (!tracing()) return exchange(input, init);
  // A URL that does not parse fails the call as fetch would: a rejection, never a throw.
  if (!(input instanceof Request) && !URL.canParse(input)) return exchange(input, init);
  const url = new URL(input instanceof Request ? input.url : input);
  const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  let headers = init.headers;
  const propagate = init.traceContext && !(input instanceof Request)
    ? (name: string, value: string) => {
        headers = new Headers(headers);
        headers.set(name, value);
      }
    : undefined;
  return traceHttp(method, url, propagate, () => exchange(input, { ...init, headers }), (response) => response.status);
}

function exchange(input: string | URL | Request, init: OutboundFetchInit): Promise<Response> {
  const { timeoutMs, fetch: base, signal: callerSignal, traceContext: _traceContext, ...rest } = init;
  const { signal, release } = startDeadline(timeoutMs, callerSignal ?? undefined);
  let pending: Promise<Response>;
  try {
    pending = unpatchedFetch(base)(input, { ...rest, signal });
  } catch (error) {
    release();
    return Promise.reject(error);
  }
  return pending.then(
    (response) => releaseWhenRead(response, release),
    (error: unknown) => {
      release();
      throw error;
    },
  );
}
