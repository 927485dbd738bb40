import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { listen, pathOf, readForm, sendJson } from './http';
import { verifyIshareRequest } from './ishare-verify';
import { PROTECTED_API_PATH, serveProtectedApi, type ApiMode, type SimulatorStats, type TokenInfo } from './protected-api';
import { createTestCa, type ClientCredentials } from './test-pki';

/** Token endpoint path of the iSHARE simulator (the iSHARE spec's `connect/token`). */
export const ISHARE_TOKEN_PATH = '/connect/token';

/** Options of {@link startIshareSimulator}. */
export interface IshareSimulatorOptions {
  /** The server's own EORI, the required assertion `aud` (default `EU.EORI.NL000000000`). */
  serverEori?: string;
  /** Parties for which a client key and certificate chain are issued at start (default one: `EU.EORI.NL000000001`). */
  clients?: string[];
  /** `expires_in` of issued tokens (default 3600, as iSHARE says). */
  expiresIn?: number;
  port?: number;
}

/** A running iSHARE-style token endpoint with its protected API. */
export interface IshareSimulator {
  /** Base URL, no trailing slash. */
  url: string;
  tokenUrl: string;
  apiUrl: string;
  serverEori: string;
  /** PEM of the test CA generated at start (clients chain to it). */
  caPem: string;
  /** Key and chain of each configured client party, by EORI. */
  clients: Record<string, ClientCredentials>;
  /** Issue credentials for another party under the same CA (e.g. a 1024-bit key for tests). */
  issueClient(eori: string, modulusLength?: number): Promise<ClientCredentials>;
  stats: SimulatorStats;
  resetStats(): void;
  /** How the protected API treats tokens. */
  apiMode: ApiMode;
  /** Delay of each token response in ms (timeout tests). */
  tokenDelayMs: number;
  /** Forget every issued token (the API then answers 401 to them). */
  revokeAll(): void;
  close(): Promise<void>;
}

/**
 * Start an iSHARE-style M2M token endpoint (`POST /connect/token`) on 127.0.0.1 that really
 * verifies the signed client assertion (see `verifyIshareRequest`) against a test CA generated
 * here, answers 400 `invalid_request`/`invalid_client` otherwise, and issues opaque tokens
 * (`expires_in` 3600, scope default `iSHARE`) accepted by `GET /api/me`.
 *
 * @example
 * ```ts
 * const sim = await startIshareSimulator();
 * const party = sim.clients['EU.EORI.NL000000001']; // privateKeyPem, certChainPem
 * ```
 */
export async function startIshareSimulator(options: IshareSimulatorOptions = {}): Promise<IshareSimulator> {
  const serverEori = options.serverEori ?? 'EU.EORI.NL000000000';
  const ca = await createTestCa();
  const clients: Record<string, ClientCredentials> = {};
  for (const eori of options.clients ?? ['EU.EORI.NL000000001']) clients[eori] = await ca.issue({ eori });
  const tokens = new Map<string, TokenInfo & { exp: number }>();
  const seenJti = new Map<string, number>();
  const now = () => Math.floor(Date.now() / 1000);

  const { baseUrl, close } = await listen(async (req, res) => {
    const path = pathOf(req);
    if (path === PROTECTED_API_PATH) {
      sim.stats.api += 1;
      await serveProtectedApi(req, res, sim.apiMode, (token) => {
        const info = tokens.get(token);
        return info && info.exp > now() ? info : undefined;
      });
      return;
    }
    if (path !== ISHARE_TOKEN_PATH || req.method !== 'POST') return sendJson(res, 404, { error: 'not_found' });
    sim.stats.token += 1;
    if (sim.tokenDelayMs) await sleep(sim.tokenDelayMs);
    const form = await readForm(req);
    if (!form) return sendJson(res, 400, { error: 'invalid_request', error_description: 'form body expected' });
    const result = await verifyIshareRequest(form, { serverEori, trustedCa: ca.cert, seenJti, now: now() });
    if ('error' in result) return sendJson(res, 400, { error: result.error, error_description: result.description });
    const accessToken = randomBytes(32).toString('base64url');
    const expiresIn = options.expiresIn ?? 3600;
    const scope = form.get('scope') || 'iSHARE';
    tokens.set(accessToken, { clientId: result.clientId, scope, exp: now() + expiresIn });
    sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, scope });
  }, options.port);

  const sim: IshareSimulator = {
    url: baseUrl,
    tokenUrl: `${baseUrl}${ISHARE_TOKEN_PATH}`,
    apiUrl: `${baseUrl}${PROTECTED_API_PATH}`,
    serverEori,
    caPem: ca.certPem,
    clients,
    issueClient: (eori, modulusLength) => ca.issue({ eori, modulusLength }),
    stats: { token: 0, api: 0 },
    resetStats() {
      sim.stats.token = 0;
      sim.stats.api = 0;
    },
    apiMode: 'check',
    tokenDelayMs: 0,
    revokeAll: () => tokens.clear(),
    close,
  };
  return sim;
}
