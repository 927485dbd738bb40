import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { sendJson } from '../send-json';
import { closeServer, listenOnLoopback as listen, LOOPBACK_HOST } from '../loopback-server';

const REALM = 'upstream-api';

/** Options of {@link startUpstreamApi}. */
export interface UpstreamApiOptions {
  /** Expected `iss` of access tokens (exactly, e.g. `http://127.0.0.1:<port>` for the Duende-style provider). */
  issuer: string;
  /** Where the issuer publishes its keys (fetched on first use and on an unknown `kid`). */
  jwksUri: string;
  /** Expected `aud`, e.g. `UPSTREAM_API_AUDIENCE`. */
  audience: string;
  /** TCP port; default 0 (a random free port). Always binds 127.0.0.1. */
  port?: number;
}

/** One request the API received, accepted (200) or refused (401). */
export interface UpstreamApiRequest {
  /** Request path without the query, e.g. `/items/1`. */
  path: string;
  /** The query string with its `?`, or `''`. */
  query: string;
  /** HTTP method. */
  method: string;
  /** 200 when the token was accepted, 401 otherwise. */
  status: number;
  /** The token's `sub` (accepted requests only). */
  sub?: string;
  /** The token's `jti` (accepted requests only, when the token has one). */
  tokenJti?: string;
  /** Why the token was refused (refused requests only): `missing_token`, `expired` or `invalid`. */
  reason?: 'missing_token' | 'expired' | 'invalid';
}

/** A running upstream API; see {@link startUpstreamApi}. */
export interface UpstreamApi {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every request received, in order (a test may clear it with `requests.length = 0`). */
  requests: UpstreamApiRequest[];
  /** Close the server and every open socket (idempotent). */
  close(): Promise<void>;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}


/**
 * Start a small protected API on `127.0.0.1` (node:http) that stands for the "remote API" of the
 * BFF pattern: any method on any path answers `200 { path, method, sub, scope, exp, jti }`
 * (with `Cache-Control: public, max-age=300`, which the BFF must not pass on) when
 * `Authorization: Bearer <JWT>` verifies (signature against `jwksUri`, `iss`, `aud`, `exp`, RS256
 * or ES256, `typ: at+jwt` as RFC 9068 requires), and `401 { error, message }` with a
 * `WWW-Authenticate: Bearer` challenge (RFC 6750) when the token is missing, forged or expired.
 * Every request is logged in {@link UpstreamApi.requests}, so tests can tell which token arrived.
 *
 * @example
 * ```ts
 * import { startDuendeDevProvider, UPSTREAM_API_AUDIENCE, type DuendeDevClient } from 'netid-rp-testing';
 * declare const clients: DuendeDevClient[];
 * declare const accessToken: string; // issued by `idp` for UPSTREAM_API_AUDIENCE
 * const idp = await startDuendeDevProvider({ clients, quiet: true });
 * const api = await startUpstreamApi({ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: UPSTREAM_API_AUDIENCE });
 * await fetch(`${api.url}/items`, { headers: { authorization: `Bearer ${accessToken}` } });
 * api.requests.at(-1); // { path: '/items', method: 'GET', status: 200, sub, tokenJti, query: '' }
 * ```
 */
export async function startUpstreamApi(options: UpstreamApiOptions): Promise<UpstreamApi> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri), { timeoutDuration: 5000 });
  const requests: UpstreamApiRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    req.resume(); // bodies are not used; drain them so keep-alive keeps working
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const query = q === -1 ? '' : target.slice(q);
    const method = req.method ?? 'GET';
    const token = bearerToken(req);
    if (!token) {
      requests.push({ path, query, method, status: 401, reason: 'missing_token' });
      sendJson(res, 401, { error: 'unauthorized', message: 'a bearer access token is required' }, { 'www-authenticate': `Bearer realm="${REALM}"` });
      return;
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256', 'ES256'],
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      requests.push({ path, query, method, status: 401, reason: expired ? 'expired' : 'invalid' });
      const description = expired ? 'the access token expired' : 'the access token is invalid';
      sendJson(
        res,
        401,
        { error: 'invalid_token', message: description },
        { 'www-authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"` },
      );
      return;
    }
    const sub = String(payload.sub);
    const tokenJti = typeof payload.jti === 'string' ? payload.jti : undefined;
    requests.push({ path, query, method, status: 200, sub, ...(tokenJti ? { tokenJti } : {}) });
    // An API that thinks its answers are shareable: the BFF must never pass that on (it answers no-store).
    sendJson(res, 200, { path, method, sub, scope: payload.scope ?? null, exp: payload.exp, jti: tokenJti ?? null }, { 'cache-control': 'public, max-age=300' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`[upstream-api] ${req.method} failed: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', message: 'internal error' });
      else res.end();
    });
  });
  const port = await listen(server, options.port ?? 0);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    requests,
    close() {
      closing ??= closeServer(server);
      return closing;
    },
  };
}
