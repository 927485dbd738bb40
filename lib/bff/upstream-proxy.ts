import { AuthError, requestCookies, type NetIdAuth } from '../auth';
import { isSameOriginRequest, jsonError, outboundFetch, transportFailure } from '../http';

/** Request headers passed on to the upstream API (never cookies or the caller's Authorization). */
const FORWARD_REQUEST = ['accept', 'accept-language', 'content-type', 'if-none-match', 'if-modified-since'];
/** Response headers passed back. */
const FORWARD_RESPONSE = ['content-type', 'cache-control', 'etag', 'last-modified', 'location', 'www-authenticate'];
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
  return outboundFetch(url, { method: request.method, headers, body, redirect: 'manual', timeoutMs });
}

/** The `<path>` of `{upstream}/<path>` in a request URL. */
function pathOf(request: Request, mount: string): string {
  const { pathname } = new URL(request.url);
  return pathname.startsWith(`${mount}/`) ? pathname.slice(mount.length + 1) : '';
}

/**
 * The BFF proxy behind `{routes.upstream}/<path>` (default `/api/upstream`): forwards to
 * `${upstreamUrl}/<path>` with the user's current access token, renewed first when due, and once
 * more (with one retry) if the API answers 401. Every method but GET and HEAD needs a same-origin
 * caller. 401 JSON when signed out or when renewal fails.
 *
 * @example
 * ```ts
 * import { createNetIdAuth } from 'netid-rp';
 * import { createUpstreamProxy } from 'netid-rp';
 * const proxy = createUpstreamProxy(createNetIdAuth());
 * export const GET = (request: Request) => proxy(request); // app/api/upstream/[...path]/route.ts
 * ```
 */
export function createUpstreamProxy(auth: NetIdAuth): UpstreamProxy {
  return async (request, givenPath) => {
    const config = auth.config();
    if (!config.upstreamUrl) return jsonError(new AuthError('upstream_not_configured'));
    const safe = request.method === 'GET' || request.method === 'HEAD';
    if (!safe && !isSameOriginRequest(request.headers, config.appUrl)) return jsonError(new AuthError('cross_site_request'));
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
        try {
          token = await auth.getAccessToken(cookies, { forceRefresh: true });
        } catch (err) {
          return fail(err);
        }
        response = await forward(url, request, body, token.accessToken, config.httpTimeoutMs);
      }
      const headers = new Headers({ 'cache-control': 'no-store' });
      for (const name of FORWARD_RESPONSE) {
        const v = response.headers.get(name);
        if (v) headers.set(name, v);
      }
      cookies.applyTo(headers);
      return new Response(request.method === 'HEAD' ? null : await response.arrayBuffer(), { status: response.status, headers });
    } catch (err) {
      const timeout = transportFailure(err) === 'timeout';
      auth.log('upstream_failed', { code: timeout ? 'upstream_timeout' : 'upstream_unreachable' });
      return jsonError(new AuthError(timeout ? 'upstream_timeout' : 'upstream_unreachable', { cause: err }), cookies.setCookieHeaders());
    }
  };
}
