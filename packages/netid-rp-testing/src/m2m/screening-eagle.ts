import { SignJWT, jwtVerify } from 'jose';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { listen, parseBasicAuth, pathOf, readForm, sendJson } from './http';
import { PROTECTED_API_PATH, serveProtectedApi, type ApiMode, type SimulatorStats } from './protected-api';

/** Token endpoint path of Screening Eagle ID. */
export const SCREENING_EAGLE_TOKEN_PATH = '/api/id/v1/auth/token';

/** A registered client: id, secret and the scopes it may ask for. */
export interface ScreeningEagleClient {
  clientId: string;
  secret: string;
  scopes: string[];
}

/** Statuses the simulator can be forced to answer with (each with its documented error body). */
export type ScreeningEagleErrorStatus = 400 | 401 | 403 | 404 | 500;

/** Options of {@link startScreeningEagleSimulator}. */
export interface ScreeningEagleOptions {
  /** Default one client `integration-dev` / `dev-secret` with `openid email profile inspect`. */
  clients?: ScreeningEagleClient[];
  /** `expires_in` of issued tokens (default 604800, as in Screening Eagle's example). */
  expiresIn?: number;
  port?: number;
}

/** A running Screening Eagle-style token endpoint with its protected API. */
export interface ScreeningEagleSimulator {
  url: string;
  tokenUrl: string;
  apiUrl: string;
  clients: ScreeningEagleClient[];
  stats: SimulatorStats;
  resetStats(): void;
  /** Answer every token request with this status and its error body (null: behave normally). */
  forceStatus: ScreeningEagleErrorStatus | null;
  /** Answer token requests with an HTML page (status 502) instead. */
  forceHtml: boolean;
  /** Delay of each token response in ms. */
  tokenDelayMs: number;
  /**
   * `false`: behave like a server that never form-decodes Basic credentials (they must arrive
   * byte for byte as registered; 401 otherwise). Default `true`.
   */
  decodesBasicCredentials: boolean;
  /** `expires_in` of the next tokens. */
  expiresIn: number;
  apiMode: ApiMode;
  /** Invalidate every token issued so far (the API then answers 401 to them). */
  revokeAll(): void;
  close(): Promise<void>;
}

/** Error bodies per status, in Screening Eagle's shape `{ error, errorDescription }`. */
const ERROR_BODIES: Record<ScreeningEagleErrorStatus, { error: string; errorDescription: string }> = {
  400: { error: 'BadRequest', errorDescription: 'invalid request: grant_type must be client_credentials' },
  401: { error: 'Unauthorized', errorDescription: 'invalid client credentials' },
  403: { error: 'Forbidden', errorDescription: 'permission denied' },
  404: { error: 'NotFound', errorDescription: 'client not found' },
  500: { error: 'InternalServerError', errorDescription: 'internal server error' },
};

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Start a Screening Eagle ID-style token endpoint (`POST /api/id/v1/auth/token`) on 127.0.0.1:
 * `client_secret_basic` only (RFC 6749 form-decoding of id and secret), space-separated scope,
 * HS256 JWT access tokens with an `id_token` beside them, and errors as
 * `{"error","errorDescription"}` with 400 (bad grant or form), 401 (bad or missing credentials),
 * 403 (scope not allowed), 404 (unknown path), 500 (forced). `forceStatus` forces each.
 */
export async function startScreeningEagleSimulator(options: ScreeningEagleOptions = {}): Promise<ScreeningEagleSimulator> {
  const clients = options.clients ?? [{ clientId: 'integration-dev', secret: 'dev-secret', scopes: ['openid', 'email', 'profile', 'inspect'] }];
  let key = new Uint8Array(randomBytes(32));
  const issuer = 'Screening Eagle ID';

  const fail = (res: Parameters<typeof sendJson>[0], status: ScreeningEagleErrorStatus) => sendJson(res, status, ERROR_BODIES[status]);

  const { baseUrl, close } = await listen(async (req, res) => {
    const path = pathOf(req);
    if (path === PROTECTED_API_PATH) {
      sim.stats.api += 1;
      await serveProtectedApi(req, res, sim.apiMode, async (token) => {
        try {
          const { payload } = await jwtVerify(token, key, { issuer, algorithms: ['HS256'] });
          return { clientId: String(payload.aud), scope: String(payload.scp ?? '') };
        } catch {
          return undefined;
        }
      });
      return;
    }
    if (path !== SCREENING_EAGLE_TOKEN_PATH || req.method !== 'POST') return fail(res, 404);
    sim.stats.token += 1;
    if (sim.tokenDelayMs) await sleep(sim.tokenDelayMs);
    if (sim.forceHtml) {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    if (sim.forceStatus) return fail(res, sim.forceStatus);
    const credentials = parseBasicAuth(req.headers.authorization, sim.decodesBasicCredentials);
    const client = credentials && clients.find((c) => c.clientId === credentials.clientId);
    if (!credentials || !client || !sameSecret(client.secret, credentials.secret)) return fail(res, 401);
    const form = await readForm(req);
    if (!form || form.get('grant_type') !== 'client_credentials') return fail(res, 400);
    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (requested.some((s) => !client.scopes.includes(s))) return fail(res, 403);
    const scope = (requested.length ? requested : client.scopes).join(' ');
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer(issuer).setAudience(client.clientId).setIssuedAt(now).setExpirationTime(now + sim.expiresIn).sign(key);
    sendJson(res, 200, {
      scope,
      token_type: 'Bearer',
      access_token: await sign({ jti: randomUUID(), sub: client.clientId, scp: scope }),
      expires_in: sim.expiresIn,
      id_token: await sign({ sub: client.clientId, name: 'Integration client' }),
    });
  }, options.port);

  const sim: ScreeningEagleSimulator = {
    url: baseUrl,
    tokenUrl: `${baseUrl}${SCREENING_EAGLE_TOKEN_PATH}`,
    apiUrl: `${baseUrl}${PROTECTED_API_PATH}`,
    clients,
    stats: { token: 0, api: 0 },
    resetStats() {
      sim.stats.token = 0;
      sim.stats.api = 0;
    },
    forceStatus: null,
    forceHtml: false,
    tokenDelayMs: 0,
    decodesBasicCredentials: true,
    expiresIn: options.expiresIn ?? 604_800,
    apiMode: 'check',
    revokeAll() {
      key = new Uint8Array(randomBytes(32));
    },
    close,
  };
  return sim;
}
