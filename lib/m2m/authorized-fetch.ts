import { timeoutFetch } from './timeout-fetch';

/** A token for one attempt, and how to drop it from the cache when the API refuses it. */
export interface AttemptToken {
  accessToken: string;
  invalidate(): void;
}

/** What {@link authorizedFetch} needs besides the request. */
export interface AuthorizedFetchOptions {
  /** The current token (cached or renewed). */
  token(): Promise<AttemptToken>;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Bodies that can be sent twice. A stream is consumed by the first attempt. */
function isReplayable(body: RequestInit['body']): boolean {
  return !(typeof ReadableStream !== 'undefined' && body instanceof ReadableStream);
}

function withBearer(init: RequestInit, accessToken: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${accessToken}`);
  return { ...init, headers };
}

/**
 * Send `init` to `url` with the bearer token. On 401: drop that token, get a new one and retry
 * exactly once; the retry's answer is returned as is, so a server that always says 401 costs
 * two requests and one renewal, never a loop. Requests with a stream body are not retried.
 */
export async function authorizedFetch(url: string | URL, init: RequestInit, options: AuthorizedFetchOptions): Promise<Response> {
  const send = timeoutFetch(options.timeoutMs, options.fetch ?? fetch);
  const first = await options.token();
  const response = await send(url, withBearer(init, first.accessToken));
  if (response.status !== 401 || !isReplayable(init.body)) return response;
  await response.body?.cancel().catch(() => undefined);
  first.invalidate();
  const second = await options.token();
  return send(url, withBearer(init, second.accessToken));
}
