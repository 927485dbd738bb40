import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import { positiveTtls } from '../positive-ttls';
import { guardTokenClientAuth } from '../broker/client-auth-guard';
import { handleInteraction, type InteractionDeps } from '../broker/interactions';
import { generateBrokerKeys, signWithBrokerKey } from '../broker/keys';
import { sendJson } from '../send-json';
import { withOidcProviderNoticesMuted } from '../broker/quiet';
import { createDevUsers } from '../broker/users';
import { createDuendeHooks } from './koa-hooks';
import { DevMemoryStore } from './memory-store';
import { buildDuendeConfig, DUENDE_ROUTES, type DuendeTtls } from './provider-config';
import { DUENDE_TITLE, UPSTREAM_API_AUDIENCE, UPSTREAM_API_SCOPE, type DuendeDevOptions, type DuendeDevProvider, type DuendeStats, type RefreshFault } from './types';
import { createUserinfoHandler } from './userinfo';
import { startDispatchingServer } from '../dispatching-server';
import { LOOPBACK_HOST } from '../loopback-server';

/** Which stats counter a request path belongs to; exact paths only. */
const STAT_PATHS: Record<string, keyof DuendeStats> = {
  '/.well-known/openid-configuration': 'discovery',
  [DUENDE_ROUTES.jwks]: 'jwks',
  [DUENDE_ROUTES.authorization]: 'authorize',
  [DUENDE_ROUTES.token]: 'token',
  [DUENDE_ROUTES.revocation]: 'revocation',
  [DUENDE_ROUTES.end_session]: 'endSession',
  [DUENDE_ROUTES.userinfo]: 'userinfo',
};

/** Endpoints where the client's registered authentication method is enforced. */
const CLIENT_AUTH_PATHS = new Set<string>([DUENDE_ROUTES.token, DUENDE_ROUTES.revocation]);

function zeroStats(): DuendeStats {
  return { discovery: 0, jwks: 0, authorize: 0, token: 0, refresh: 0, revocation: 0, endSession: 0, userinfo: 0 };
}

function resolveTtls(options: DuendeDevOptions): DuendeTtls {
  return positiveTtls('duende dev provider', {
    accessToken: options.accessTokenTtl ?? 30,
    refreshToken: options.refreshTokenTtl ?? 3600,
    idToken: options.idTokenTtl ?? 300,
    code: options.codeTtl ?? 300,
  });
}

/** The `grant_type` of a body the client-auth guard has read (it leaves the raw body on `req.body`). */
/** Answers a refresh with one of the faults that need no token; `false` for those oidc-provider must answer first. */
function answerRefreshFault(fault: RefreshFault, res: ServerResponse): boolean {
  if (fault === 'empty-400') res.writeHead(400).end();
  else if (fault === 'html-400') res.writeHead(400, { 'content-type': 'text/html' }).end('<html><body>Bad Request</body></html>');
  else if (fault === 'invalid_client') sendJson(res, 401, { error: 'invalid_client' });
  else if (fault === 'unavailable') res.writeHead(503).end();
  else return false;
  return true;
}

function grantTypeOf(req: IncomingMessage): string | null {
  const raw = (req as IncomingMessage & { body?: unknown }).body;
  return typeof raw === 'string' ? new URLSearchParams(raw).get('grant_type') : null;
}

/**
 * Start an embedded Duende-IdentityServer-style OpenID provider on `127.0.0.1` (oidc-provider):
 * Duende's `/connect/*` endpoints, code flow + PKCE S256, scopes `openid profile email
 * offline_access api`, rotating refresh tokens, RS256 JWT access tokens for
 * {@link UPSTREAM_API_AUDIENCE}, revocation, RP-initiated logout, and the netID dev broker's
 * sign-in page (same `data-testid`s) at `/interaction/:uid`.
 *
 * @example
 * ```ts
 * const idp = await startDuendeDevProvider({
 *   clients: [{
 *     client_id: 'rp', client_secret: 'secret',
 *     redirect_uris: ['http://127.0.0.1:3000/api/auth/callback'],
 *     post_logout_redirect_uris: ['http://127.0.0.1:3000/'],
 *   }],
 *   quiet: true,
 * });
 * console.info(idp.issuer); // http://127.0.0.1:<port>
 * await idp.close();
 * ```
 */
export async function startDuendeDevProvider(options: DuendeDevOptions): Promise<DuendeDevProvider> {
  const quiet = options.quiet ?? false;
  const ttls = resolveTtls(options);
  const clients = options.clients.map((client) => ({ ...client }));
  const keys = await generateBrokerKeys();
  const store = new DevMemoryStore();

  const http = await startDispatchingServer({
    name: 'duende-dev',
    port: options.port ?? 0,
    statPaths: STAT_PATHS,
    count: (stat) => (provider.stats[stat] += 1),
    delay: (stat) => (stat === 'token' ? provider.delays.token : undefined),
  });
  const port = http.port;
  const issuer = `http://${LOOPBACK_HOST}:${port}`;

  let revokeAll: (userId?: string) => Promise<void> = async () => {};
  const provider: DuendeDevProvider = {
    issuer,
    port,
    jwksUri: `${issuer}${DUENDE_ROUTES.jwks}`,
    stats: zeroStats(),
    resetStats() {
      Object.assign(provider.stats, zeroStats());
    },
    revokeAllGrants: (userId) => revokeAll(userId),
    delays: {},
    refreshFault: null,
    users: createDevUsers(),
    signJwt: (payload, typ) => signWithBrokerKey(keys, payload, 'RS256', typ),
    close: () => http.close(),
  };

  try {
    const oidc = await withOidcProviderNoticesMuted(quiet, async () => {
      const { default: Provider, errors } = await import('oidc-provider');
      const config = buildDuendeConfig({
        keys,
        users: provider.users,
        clients,
        ttls,
        store,
        alwaysIncludeUserClaimsInIdToken: options.alwaysIncludeUserClaimsInIdToken ?? true,
        InvalidTarget: errors.InvalidTarget,
      });
      return new Provider(issuer, config);
    });
    const withoutIdToken = new Set(clients.filter((c) => c.issue_id_token === false).map((c) => c.client_id));
    oidc.use(createDuendeHooks(issuer, withoutIdToken, async (idToken) => {
      const fault = provider.refreshFault;
      if (fault !== 'other-sub' && fault !== 'other-iss') return idToken;
      const claims = decodeJwt(idToken);
      const changed = fault === 'other-sub' ? { sub: `${String(claims.sub)}-someone-else` } : { iss: `${issuer}/elsewhere` };
      return signWithBrokerKey(keys, { ...claims, ...changed }, 'RS256');
    }));
    oidc.on('server_error', (_ctx, error) => {
      console.error(`[duende-dev] server_error: ${(error as Error)?.message ?? 'unknown'}`);
    });
    revokeAll = async (userId) => {
      const sub = userId === undefined ? undefined : provider.users[userId]?.sub;
      if (userId !== undefined && !sub) throw new Error(`duende dev provider: unknown test user ${userId}`);
      for (const grantId of store.grantIds(sub)) store.revokeGrant(grantId);
    };
    const callback = oidc.callback();
    const userinfo = createUserinfoHandler({ issuer, keys, users: provider.users });
    const interactionDeps: InteractionDeps = {
      provider: oidc,
      users: provider.users,
      title: DUENDE_TITLE,
      // The API scope (when asked for) lives in the grant under the resource indicator. The
      // prompt's missingResourceScopes is only filled at the consent prompt, so read the params.
      extendGrant(grant, details) {
        const scopes = String(details.params.scope ?? '').split(' ');
        if (scopes.includes(UPSTREAM_API_SCOPE)) grant.addResourceScope(UPSTREAM_API_AUDIENCE, UPSTREAM_API_SCOPE);
      },
    };
    http.setDispatch(async (req, res, pathname) => {
      if (await handleInteraction(interactionDeps, req, res, pathname)) return;
      if (pathname === DUENDE_ROUTES.userinfo) return userinfo(req, res);
      if (!CLIENT_AUTH_PATHS.has(pathname)) return callback(req, res);
      // The guard pre-reads the body; oidc-provider then prints a one-time notice about it: muted.
      await withOidcProviderNoticesMuted(true, async () => {
        const answered = await guardTokenClientAuth(clients, req, res);
        const refresh = pathname === DUENDE_ROUTES.token && grantTypeOf(req) === 'refresh_token';
        if (refresh) provider.stats.refresh += 1;
        if (answered) return;
        if (refresh && provider.refreshFault && answerRefreshFault(provider.refreshFault, res)) return;
        await callback(req, res);
      });
    });
  } catch (error) {
    await provider.close();
    throw error;
  }
  return provider;
}
