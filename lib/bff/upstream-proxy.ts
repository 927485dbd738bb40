import { AuthError, requestCookies, type NetIdAuth } from '../auth';
import { isSameOriginRequest, jsonError, outboundFetch, readBoundedBody, transportFailure } from '../http';
import { traceOperation } from '../telemetry';

/** Request headers passed on to the upstream API (never cookies or the caller's Authorization). */
const FORWARD_REQUEST = ['accept', 'accept-language', 'content-type', 'if-none-match', 'if-modified-since'];
/** Response headers passed back. Never `cache-control`: an answer made with the user's token is never cacheable. */
const FORWARD_RESPONSE = ['content-type', 'etag', 'last-modified', 'location', 'www-authenticate'];
/** Statuses a response must not carry a body with (the Fetch standard's null body statuses, minus 101). */
const NULL_BODY = new Set([204, 205, 304]);
/** Largest request body we forward and largest response body we pass back. */
const MAX_BODY = 1024 * 1024;

/** The proxy: a Fetch handler for every method under the upstream mount point. */
export type UpstreamProxy = (request: Request, path?: string) => Promise<Response>;

/** `${base}/${path}${search}`, refusing anything that could climb out of the base path. */
function upstreamUrl(base: string, path: string, search: string): URL | null {
  if (path.split('/').some((seg) => seg === '..' || seg === '.' || /%2e|%2f|%5c|\\/i.test(seg))) return null;
  const url = new URL(`${base}/${path}${search}`);
  return url.href.startsWith(`${base}/`) ? url : null;
}

async function forward(url: URL, request: Request, body: ArrayBuffer | undefined, token: string, timeoutMs: number): Promise<Response> {
  const headers = new Headers({ authorization: `Bearer ${token}` });
  for (const name of FORWARD_REQUEST) {
    const v = request.headers.get(name);
    if (v) headers.set(name, v);
  }
  return outboundFetch(url, { method: request.method, headers, body, redirect: 'manual', timeoutMs, traceContext: true });
}

/**
 * Proof that the call comes from our own pages, for every method (GET included, so a cross-site
 * link or image cannot make the upstream act with the user's token), as the design contract says:
 * the custom header `X-CSRF: 1` (as Duende BFF), which a cross-site form, image or navigation
 * cannot send and a cross-site fetch cannot send without a CORS preflight we never grant, or
 * `Sec-Fetch-Site: same-origin`, which only the browser sets (a page cannot forge it). Where the
 * browser says where the call comes from (`Sec-Fetch-Site`, `Origin`), it must be our own origin
 * even with the header.
 */
function callerRefusal(request: Request, appUrl: string): AuthError | undefined {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') return new AuthError('cross_site_request');
  if (!isSameOriginRequest(request.headers, appUrl)) return new AuthError('cross_site_request');
  if (request.headers.get('x-csrf') !== '1' && site !== 'same-origin') return new AuthError('csrf_header_missing');
  return undefined;
}

/** The body of `response`, or `null` when it is bigger than `max` bytes (the rest is not read). */
function readBounded(response: Response, max: number): Promise<Uint8Array | null> {
  const reader = response.body?.getReader();
  return readBoundedBody(
    {
      declaredLength: response.headers.get('content-length'),
      read: () => reader?.read() ?? Promise.resolve({ done: true }),
      drop: () => reader?.cancel().catch(() => {}),
    },
    max,
  );
}

/** The `<path>` of `{upstream}/<path>` in a request URL. */
function pathOf(request: Request, mount: string): string {
  const { pathname } = new URL(request.url);
  return pathname.startsWith(`${mount}/`) ? pathname.slice(mount.length + 1) : '';
}

/**
 * The BFF proxy behind `{routes.upstream}/<path>` (default `/api/upstream`): forwards to
 * `${upstreamUrl}/<path>` with the user's current access token, renewed first when due, and once
 * more (with one retry) if the API answers 401. Every method, GET included, needs `X-CSRF: 1` from
 * our own origin (403 `csrf_header_missing` / `cross_site_request`, before anything reaches the
 * upstream). The answer is never cacheable (`no-store`, whatever the upstream says) and at most
 * 1 MiB (else 502 `upstream_response_too_large`). 401 JSON when signed out or when renewal fails.
 *
 * @example
 * ```ts
 * import { createNetIdAuth } from 'netid-rp';
 * import { createUpstreamProxy } from 'netid-rp';
 * const proxy = createUpstreamProxy(createNetIdAuth());
 * export const GET = (request: Request) => proxy(request); // app/api/upstream/[...path]/route.ts
 * // in the browser: fetch('/api/upstream/profile', { headers: { 'x-csrf': '1' } })
 * ```
 */
export function createUpstreamProxy(auth: NetIdAuth): UpstreamProxy {
  const proxy = proxyOf(auth);
  return (request, givenPath) =>
    traceOperation('netid.bff.upstream', async (scope) => {
      const response = await proxy(request, givenPath);
      scope.set({ 'http.response.status_code': response.status });
      if (response.status >= 500) scope.fail(String(response.status));
      return response;
    });
}

function proxyOf(auth: NetIdAuth): UpstreamProxy {
  return async (request, givenPath) => {
    const config = auth.config();
    if (!config.upstreamUrl) return jsonError(new AuthError('upstream_not_configured'));
    const safe = request.method === 'GET' || request.method === 'HEAD';
    const refusal = callerRefusal(request, config.appUrl);
    if (refusal) return jsonError(refusal);
    const url = upstreamUrl(config.upstreamUrl, givenPath ?? pathOf(request, config.routes.upstream), new URL(request.url).search);
    if (!url) return jsonError(new AuthError('invalid_upstream_path'));
    const body = safe ? undefined : await request.arrayBuffer();
    if (body && body.byteLength > MAX_BODY) return jsonError(new AuthError('invalid_upstream_path', { message: 'Request body too large.' }));

    const cookies = requestCookies(request);
    const fail = (err: unknown) => jsonError(err instanceof AuthError ? err : new AuthError('broker_invalid_response', { cause: err }), cookies.setCookieHeaders());
    let token;
    try {
      token = await auth.getAccessToken(cookies);
    } catch (err) {
      return fail(err);
    }
    try {
      let response = await forward(url, request, body, token.accessToken, config.httpTimeoutMs);
      if (response.status === 401 && token.session.tokens?.refreshToken) {
        // The token may have been revoked early: renew once and retry once, never more.
        // The first answer is dropped unread, which also ends its deadline now.
        await response.body?.cancel().catch(() => {});
        try {
          token = await auth.getAccessToken(cookies, { forceRefresh: true });
        } catch (err) {
          return fail(err);
        }
        response = await forward(url, request, body, token.accessToken, config.httpTimeoutMs);
      }
      const bodyless = request.method === 'HEAD' || NULL_BODY.has(response.status);
      if (bodyless) await response.body?.cancel().catch(() => {});
      const answer = bodyless ? null : await readBounded(response, MAX_BODY);
      if (answer === null && !bodyless) {
        auth.log('upstream_failed', { code: 'upstream_response_too_large' });
        return jsonError(new AuthError('upstream_response_too_large'), cookies.setCookieHeaders());
      }
      const headers = new Headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      for (const name of FORWARD_RESPONSE) {
        const v = response.headers.get(name);
        if (v) headers.set(name, v);
      }
      cookies.applyTo(headers);
      return new Response(answer as BodyInit | null, { status: response.status, headers });
    } catch (err) {
      const timeout = transportFailure(err) === 'timeout';
      auth.log('upstream_failed', { code: timeout ? 'upstream_timeout' : 'upstream_unreachable' });
      return jsonError(new AuthError(timeout ? 'upstream_timeout' : 'upstream_unreachable', { cause: err }), cookies.setCookieHeaders());
    }
  };
}
