import { positiveTtls } from '../positive-ttls';
import { guardTokenClientAuth } from './client-auth-guard';
import { handleInteraction } from './interactions';
import { generateBrokerKeys, signWithBrokerKey } from './keys';
import { BROKER_ROUTES, buildProviderConfig, type BrokerTtls } from './provider-config';
import { withOidcProviderNoticesMuted } from './quiet';
import { createTokenHooks } from './token-hooks';
import type { BrokerStats, DevBroker, DevBrokerOptions } from './types';
import { createDevUsers } from './users';
import { startDispatchingServer } from '../dispatching-server';
import { LOOPBACK_HOST } from '../loopback-server';

/** Which stats counter (and delay) a request path belongs to; exact paths only. */
const STAT_PATHS: Record<string, keyof BrokerStats> = {
  '/.well-known/openid-configuration': 'discovery',
  [BROKER_ROUTES.jwks]: 'jwks',
  [BROKER_ROUTES.authorization]: 'authorize',
  [BROKER_ROUTES.token]: 'token',
  [BROKER_ROUTES.userinfo]: 'userinfo',
};

function zeroStats(): BrokerStats {
  return { discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0 };
}

function resolveTtls(options: DevBrokerOptions): BrokerTtls {
  return positiveTtls('dev broker', {
    permissionToken: options.permissionTokenTtl ?? 500,
    code: options.codeTtl ?? 30,
    accessToken: options.accessTokenTtl ?? 899,
    idToken: options.idTokenTtl ?? 900,
  });
}

/**
 * Start the embedded netID-style broker: an in-process oidc-provider on `127.0.0.1` with netID's
 * endpoints, scopes, claims and the three flows (login, SSO `openid permission_management`,
 * standalone `permission_management`), fronted by its own sign-in page at `/interaction/:uid`.
 *
 * @example
 * ```ts
 * const broker = await startDevBroker({
 *   clients: [{ client_id: 'rp', client_secret: 'secret', redirect_uris: ['http://127.0.0.1:3000/api/auth/callback'] }],
 *   quiet: true,
 * });
 * console.info(broker.issuer); // http://127.0.0.1:<port>/
 * await broker.close();
 * ```
 */
export async function startDevBroker(options: DevBrokerOptions): Promise<DevBroker> {
  const quiet = options.quiet ?? false;
  const ttls = resolveTtls(options);
  const clients = options.clients.map((client) => ({ ...client }));
  const keys = await generateBrokerKeys();

  const http = await startDispatchingServer({
    name: 'dev-broker',
    port: options.port ?? 0,
    statPaths: STAT_PATHS,
    count: (stat) => (broker.stats[stat] += 1),
    delay: (stat) => broker.delays[stat],
  });
  const port = http.port;
  const issuer = `http://${LOOPBACK_HOST}:${port}/`;

  const broker: DevBroker = {
    issuer,
    port,
    jwksUri: new URL(BROKER_ROUTES.jwks, issuer).href,
    stats: zeroStats(),
    resetStats() {
      Object.assign(broker.stats, zeroStats());
    },
    tamperTokenResponse: null,
    delays: {},
    signJwt: (payload, alg = 'RS256') => signWithBrokerKey(keys, payload, alg),
    users: { ...createDevUsers(), ...Object.fromEntries((options.users ?? []).map((u) => [u.id, { ...u, claims: { ...u.claims } }])) },
    close: () => http.close(),
  };

  try {
    const provider = await withOidcProviderNoticesMuted(quiet, async () => {
      const { default: Provider } = await import('oidc-provider');
      return new Provider(issuer, buildProviderConfig({ issuer, keys, users: broker.users, clients, ttls }));
    });
    provider.use(
      createTokenHooks({
        issuer,
        keys,
        permissionTokenTtl: ttls.permissionToken,
        clients,
        getTamper: () => broker.tamperTokenResponse,
      }),
    );
    provider.on('server_error', (_ctx, error) => {
      console.error(`[dev-broker] server_error: ${(error as Error)?.message ?? 'unknown'}`);
    });
    const callback = provider.callback();
    const deps = { provider, users: broker.users };
    http.setDispatch(async (req, res, pathname) => {
      if (await handleInteraction(deps, req, res, pathname)) return;
      if (pathname !== BROKER_ROUTES.token) return callback(req, res);
      // The guard pre-reads the body; oidc-provider then prints a one-time notice about it: muted.
      await withOidcProviderNoticesMuted(true, async () => {
        if (!(await guardTokenClientAuth(clients, req, res))) await callback(req, res);
      });
    });
  } catch (error) {
    await broker.close();
    throw error;
  }
  return broker;
}
