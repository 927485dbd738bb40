import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import type { ClientMetadata, Configuration } from 'oidc-provider';
import { withOidcProviderNoticesMuted } from '../broker/quiet';
import { DUENDE_ROUTES } from '../duende/types';
import { listen, pathOf } from './http';
import { PROTECTED_API_PATH, serveProtectedApi, type ApiMode, type SimulatorStats } from './protected-api';

export { DUENDE_ROUTES };

/** The API resource (audience) of every access token, as Duende names API resources. */
export const DUENDE_API_AUDIENCE = 'api1';
/** The RFC 8707 resource indicator that stands for that API (oidc-provider wants a URI). */
export const DUENDE_API_RESOURCE = 'urn:duende:api1';

/** A client_credentials client of the Duende-style simulator. */
export interface DuendeClient {
  clientId: string;
  secret: string;
  /** The registered method; like IdentityServer, the server accepts the secret by basic or post either way. */
  authMethod: 'client_secret_post' | 'client_secret_basic';
  /** Allowed scopes (space-separated); default `api1 api2`. */
  scope?: string;
}

/** Options of {@link startDuendeSimulator}. */
export interface DuendeSimulatorOptions {
  /** Default: `m2m` / `secret` (post, as Duende's docs) and `m2m.basic` / `basic:secret` (basic). */
  clients?: DuendeClient[];
  /** Access token lifetime in seconds (default 3600). */
  accessTokenTtl?: number;
  port?: number;
}

/** A running Duende-style token server with its protected API. */
export interface DuendeSimulator {
  /** The issuer, no trailing slash (discovery at `/.well-known/openid-configuration`). */
  issuer: string;
  tokenUrl: string;
  apiUrl: string;
  clients: DuendeClient[];
  stats: SimulatorStats & { discovery: number };
  resetStats(): void;
  apiMode: ApiMode;
  tokenDelayMs: number;
  /** Rotate the signing key: tokens issued so far stop verifying at the API. */
  revokeAll(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_CLIENTS: DuendeClient[] = [
  { clientId: 'm2m', secret: 'secret', authMethod: 'client_secret_post' },
  { clientId: 'm2m.basic', secret: 'basic:secret', authMethod: 'client_secret_basic' },
];

async function signingKey(): Promise<{ privateJwk: JWK; publicKey: CryptoKey }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateJwk: { ...(await exportJWK(privateKey)), kid: randomBytes(6).toString('hex'), alg: 'RS256', use: 'sig' }, publicKey };
}

function providerConfig(clients: DuendeClient[], jwk: JWK, ttl: number): Configuration {
  const toMetadata = (c: DuendeClient): ClientMetadata => ({
    client_id: c.clientId,
    client_secret: c.secret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: c.authMethod,
    scope: c.scope ?? 'api1 api2',
  });
  return {
    clients: clients.map(toMetadata),
    jwks: { keys: [jwk as Record<string, unknown>] },
    routes: { ...DUENDE_ROUTES },
    scopes: ['api1', 'api2'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    ttl: { ClientCredentials: ttl },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => DUENDE_API_RESOURCE,
        useGrantedResource: () => true,
        // Every resource maps to the one API: JWT access tokens (at+jwt) like Duende issues.
        getResourceServerInfo: () => ({ scope: 'api1 api2', audience: DUENDE_API_AUDIENCE, accessTokenTTL: ttl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
  };
}

/**
 * Start a Duende IdentityServer-style token server on 127.0.0.1: oidc-provider with the
 * client_credentials grant at `/connect/token`, discovery, `client_secret_post` and
 * `client_secret_basic`, RS256 JWT access tokens for the API `api1`, introspection at
 * `/connect/introspect`, and `GET /api/me` verifying the JWT against the server's key.
 *
 * @example
 * ```ts
 * const duende = await startDuendeSimulator();
 * // profile: { issuer: duende.issuer, clientId: 'm2m', clientSecret: 'secret', auth: 'client_secret_post', scope: 'api1' }
 * ```
 */
export async function startDuendeSimulator(options: DuendeSimulatorOptions = {}): Promise<DuendeSimulator> {
  const clients = options.clients ?? DEFAULT_CLIENTS;
  const ttl = options.accessTokenTtl ?? 3600;
  let key = await signingKey();
  let callback: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void> | void) | undefined;
  let issuer = '';

  const server = await listen(async (req, res) => {
    const path = pathOf(req);
    if (path === PROTECTED_API_PATH) {
      sim.stats.api += 1;
      await serveProtectedApi(req, res, sim.apiMode, async (token) => {
        try {
          const { payload } = await jwtVerify(token, key.publicKey, { issuer, audience: DUENDE_API_AUDIENCE, typ: 'at+jwt' });
          return { clientId: String(payload.client_id), scope: String(payload.scope ?? '') };
        } catch {
          return undefined;
        }
      });
      return;
    }
    if (path === DUENDE_ROUTES.token) {
      sim.stats.token += 1;
      if (sim.tokenDelayMs) await sleep(sim.tokenDelayMs);
    }
    if (path === '/.well-known/openid-configuration') sim.stats.discovery += 1;
    if (!callback) return void res.writeHead(503).end();
    await callback(req, res);
  }, options.port);
  issuer = server.baseUrl;

  const start = async () => {
    const provider = await withOidcProviderNoticesMuted(true, async () => {
      const { default: Provider } = await import('oidc-provider');
      return new Provider(issuer, providerConfig(clients, key.privateJwk, ttl));
    });
    provider.on('server_error', (_ctx, error) => console.error(`[m2m-duende] server_error: ${(error as Error)?.message ?? 'unknown'}`));
    const handler = provider.callback();
    callback = (req, res) => withOidcProviderNoticesMuted(true, () => handler(req, res));
  };
  try {
    await start();
  } catch (error) {
    await server.close();
    throw error;
  }

  const sim: DuendeSimulator = {
    issuer,
    tokenUrl: `${issuer}${DUENDE_ROUTES.token}`,
    apiUrl: `${issuer}${PROTECTED_API_PATH}`,
    clients,
    stats: { token: 0, api: 0, discovery: 0 },
    resetStats() {
      Object.assign(sim.stats, { token: 0, api: 0, discovery: 0 });
    },
    apiMode: 'check',
    tokenDelayMs: 0,
    async revokeAll() {
      key = await signingKey();
      await start();
    },
    close: server.close,
  };
  return sim;
}
