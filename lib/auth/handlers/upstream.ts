import { outboundFetch } from '../../http';
import { getAccessToken } from '../access-token';
import { AuthError } from '../errors';
import type { RefreshCoordinator } from '../refresh-coordinator';
import { isSameOriginRequest } from '../same-origin';
import type { HandlerContext } from './context';
import { jsonError } from './respond';

/** Request headers passed on to the upstream API (never cookies or the caller's Authorization). */
const FORWARD_REQUEST = ['accept', 'accept-language', 'content-type', 'if-none-match', 'if-modified-since'];
/** Response headers passed back. */
const FORWARD_RESPONSE = ['content-type', 'cache-control', 'etag', 'last-modified', 'location', 'www-authenticate'];
const MAX_BODY = 1024 * 1024;

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

/**
 * `/api/upstream/<path>` (any method; non-GET only from our own origin): forwards to
 * `${UPSTREAM_API_URL}/<path>` with the user's current access token, renewed first when due,
 * and once more (with one retry) if the API answers 401. 401 JSON when signed out or when
 * renewal fails.
 */
export async function handleUpstream(request: Request, path: string, ctx: HandlerContext, coordinator: RefreshCoordinator): Promise<Response> {
  const config = ctx.config();
  if (!config.upstreamUrl) return jsonError(new AuthError('upstream_not_configured'));
  const safe = request.method === 'GET' || request.method === 'HEAD';
  if (!safe && !isSameOriginRequest(request.headers, config.appUrl)) return jsonError(new AuthError('cross_site_request'));
  const url = upstreamUrl(config.upstreamUrl, path, new URL(request.url).search);
  if (!url) return jsonError(new AuthError('invalid_upstream_path'));
  const body = safe ? undefined : await request.arrayBuffer();
  if (body && body.byteLength > MAX_BODY) return jsonError(new AuthError('invalid_upstream_path', { message: 'Request body too large.' }));

  const cookieHeader = request.headers.get('cookie');
  let token = await getAccessToken(cookieHeader, config, coordinator, { canWriteCookies: true });
  if (!token.ok) return jsonError(token.error, token.setCookies);
  const setCookies = [...token.setCookies];
  try {
    let response = await forward(url, request, body, token.accessToken, config.httpTimeoutMs);
    if (response.status === 401 && token.session.tokens?.refreshToken) {
      // The token may have been revoked early: renew once and retry once, never more.
      const renewedCookie = setCookies.at(-1)?.split(';')[0] ?? cookieHeader;
      token = await getAccessToken(renewedCookie, config, coordinator, { canWriteCookies: true, forceRefresh: true });
      if (!token.ok) return jsonError(token.error, token.setCookies);
      setCookies.push(...token.setCookies);
      response = await forward(url, request, body, token.accessToken, config.httpTimeoutMs);
    }
    const headers = new Headers({ 'cache-control': 'no-store' });
    for (const name of FORWARD_RESPONSE) {
      const v = response.headers.get(name);
      if (v) headers.set(name, v);
    }
    for (const c of setCookies) headers.append('set-cookie', c);
    return new Response(request.method === 'HEAD' ? null : await response.arrayBuffer(), { status: response.status, headers });
  } catch (err) {
    const timeout = err instanceof Error && err.name === 'TimeoutError';
    ctx.log('upstream_failed', { code: timeout ? 'upstream_timeout' : 'upstream_unreachable' });
    return jsonError(new AuthError(timeout ? 'upstream_timeout' : 'upstream_unreachable', { cause: err }), setCookies);
  }
}
