import { outboundFetch } from '../http';

/**
 * `fetch` with a hard deadline of `timeoutMs` milliseconds, combined with the caller's own signal.
 * An expired deadline rejects with a `TimeoutError` (a DOMException), which callers map to `timeout`.
 */
export function timeoutFetch(timeoutMs: number, base: typeof fetch = fetch): (url: string | URL, init?: RequestInit) => Promise<Response> {
  return (url, init = {}) => {
    return outboundFetch(url, { ...init, timeoutMs, fetch: base });
  };
}
