import { decodeJwt } from 'jose';
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { encodeUnsecuredJwt, type BrokerKeys } from './keys';
import { mintPermissionToken, PERMISSION_SCOPE } from './permission-token';
import { BROKER_ROUTES } from './provider-config';
import type { DevBrokerClient, TokenResponseTamper } from './types';

/** What the response hooks need from the broker. */
export interface TokenHookDeps {
  issuer: string;
  keys: BrokerKeys;
  permissionTokenTtl: number;
  clients: DevBrokerClient[];
  /** Read at request time, so tests can switch the hook on and off on a running broker. */
  getTamper: () => TokenResponseTamper | null;
}

const DISCOVERY_PATH = '/.well-known/openid-configuration';

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/**
 * Standalone flow (scope `permission_management` without `openid`): netID runs plain OAuth and
 * the top-level `access_token` is the Permission Center token. oidc-provider has issued an
 * opaque token here; swap it for a minted one (same function as the SSO claim) and revoke it.
 */
async function applyStandaloneFlow(
  deps: TokenHookDeps,
  ctx: KoaContextWithOIDC,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const scopes = typeof body.scope === 'string' ? body.scope.split(' ') : [];
  if (body.id_token !== undefined || scopes.includes('openid') || !scopes.includes(PERMISSION_SCOPE)) return body;
  const issued = ctx.oidc?.entities.AccessToken;
  if (!issued?.accountId || !issued.clientId) return body;
  const accessToken = await mintPermissionToken(deps.keys, {
    issuer: deps.issuer,
    sub: issued.accountId,
    clientId: issued.clientId,
    ttl: deps.permissionTokenTtl,
  });
  await issued.destroy();
  return {
    ...body,
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: deps.permissionTokenTtl,
    scope: PERMISSION_SCOPE,
  };
}

/**
 * oidc-provider 9 cannot sign with `alg: none`; clients registered so get their (RS256) ID token
 * re-encoded as an unsecured JWT. `at_hash`/`c_hash` are dropped: they are defined by the JWS alg.
 */
function applyUnsecuredIdToken(
  deps: TokenHookDeps,
  ctx: KoaContextWithOIDC,
  body: Record<string, unknown>,
): Record<string, unknown> {
  if (typeof body.id_token !== 'string') return body;
  const clientId = ctx.oidc?.client?.clientId;
  const client = deps.clients.find((c) => c.client_id === clientId);
  if (client?.id_token_signed_response_alg !== 'none') return body;
  const { at_hash: _atHash, c_hash: _cHash, ...payload } = decodeJwt(body.id_token);
  return { ...body, id_token: encodeUnsecuredJwt(payload) };
}

/** netID lets a client register `none`; say so in discovery although oidc-provider cannot sign it. */
function advertiseUnsecuredAlg(body: Record<string, unknown>): void {
  const algs = body.id_token_signing_alg_values_supported;
  if (Array.isArray(algs) && !algs.includes('none')) body.id_token_signing_alg_values_supported = [...algs, 'none'];
}

/**
 * The broker's post-processing Koa middleware (install with `provider.use`): standalone-flow
 * token swap, unsecured ID tokens, `none` in discovery, and last the test hook
 * `tamperTokenResponse`, which sees exactly what the client would have received.
 */
export function createTokenHooks(deps: TokenHookDeps): Middleware {
  return async (koaCtx, next) => {
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    await next();
    if (ctx.path === DISCOVERY_PATH && ctx.status === 200 && isJsonObject(ctx.body)) {
      advertiseUnsecuredAlg(ctx.body);
      return;
    }
    if (ctx.path !== BROKER_ROUTES.token || ctx.status !== 200 || !isJsonObject(ctx.body)) return;
    let body = await applyStandaloneFlow(deps, ctx, ctx.body);
    body = applyUnsecuredIdToken(deps, ctx, body);
    const tamper = deps.getTamper();
    if (tamper) body = await tamper({ ...body });
    ctx.body = body;
  };
}
