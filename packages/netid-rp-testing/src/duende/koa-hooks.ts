import { decodeJwt } from 'jose';
import type { Middleware } from 'koa';
import { DUENDE_ROUTES } from './provider-config';
import { UPSTREAM_API_SCOPE } from './types';

const DISCOVERY_PATH = '/.well-known/openid-configuration';

/**
 * oidc-provider follows OIDC Core 11 to the letter: `offline_access` is dropped unless the
 * request also says `prompt=consent`. Duende grants it to a client allowed offline access
 * without that. So a `GET /connect/authorize` asking for `offline_access` without a `prompt` gets
 * `prompt=consent` added, and the sign-in page (which grants everything) shows every time: no
 * silent SSO for such requests. `prompt=none` is left alone (then no refresh token is issued),
 * as is a POSTed authorize request.
 */
function requireConsentForOfflineAccess(query: Record<string, string | string[] | undefined>): Record<string, string> | undefined {
  const { scope, prompt = '' } = query;
  if (typeof scope !== 'string' || typeof prompt !== 'string') return undefined; // duplicates: oidc-provider refuses them
  if (!scope.split(' ').includes('offline_access')) return undefined;
  const prompts = new Set(prompt.split(' ').filter(Boolean));
  if (prompts.has('none') || prompts.has('consent')) return undefined;
  prompts.add('consent');
  return { ...(query as Record<string, string>), prompt: [...prompts].join(' ') };
}

/** Say in discovery what the provider serves beside oidc-provider: the API scope and userinfo. */
function completeDiscovery(body: Record<string, unknown>, issuer: string): void {
  const scopes = Array.isArray(body.scopes_supported) ? (body.scopes_supported as string[]) : [];
  if (!scopes.includes(UPSTREAM_API_SCOPE)) body.scopes_supported = [...scopes, UPSTREAM_API_SCOPE];
  body.userinfo_endpoint = `${issuer}${DUENDE_ROUTES.userinfo}`;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/**
 * oidc-provider answers `scope` with the access token's resource scopes only (often `""`);
 * Duende names every granted scope. The JWT access token (ours, just signed) already carries
 * them all (see the customizer in provider-config.ts): copy its `scope`.
 */
function completeTokenScope(body: Record<string, unknown>): void {
  if (typeof body.access_token !== 'string') return;
  const { scope } = decodeJwt(body.access_token);
  if (typeof scope === 'string' && scope) body.scope = scope;
}

/** True when oidc-provider answered a refresh_token grant (`ctx.oidc.params` holds the form). */
function isRefreshGrant(ctx: object): boolean {
  return (ctx as { oidc?: { params?: { grant_type?: unknown } } }).oidc?.params?.grant_type === 'refresh_token';
}

/** The client id oidc-provider authenticated for this request, if any (`ctx.oidc` is its request context). */
function clientIdOf(ctx: object): string | undefined {
  return (ctx as { oidc?: { client?: { clientId?: string } } }).oidc?.client?.clientId;
}

/**
 * Koa middleware for `provider.use`: the `offline_access` consent rewrite before oidc-provider
 * sees an authorize request; the discovery additions and the token response's full `scope`
 * after it answered; and no `id_token` in the token responses of the clients in
 * `withoutIdToken` (a provider whose ID token is optional).
 */
export function createDuendeHooks(
  issuer: string,
  withoutIdToken: ReadonlySet<string> = new Set(),
  tamperRefreshIdToken: (idToken: string) => Promise<string> = async (t) => t,
): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === DUENDE_ROUTES.authorization) {
      const rewritten = requireConsentForOfflineAccess(ctx.query);
      if (rewritten) ctx.query = rewritten;
    }
    await next();
    if (ctx.status !== 200 || !isJsonObject(ctx.body)) return;
    if (ctx.path === DISCOVERY_PATH) completeDiscovery(ctx.body, issuer);
    if (ctx.path === DUENDE_ROUTES.token) {
      completeTokenScope(ctx.body);
      const clientId = clientIdOf(ctx);
      if (clientId !== undefined && withoutIdToken.has(clientId)) delete ctx.body.id_token;
      if (typeof ctx.body.id_token === 'string' && isRefreshGrant(ctx)) {
        ctx.body.id_token = await tamperRefreshIdToken(ctx.body.id_token);
      }
    }
  };
}
