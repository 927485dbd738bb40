import { randomBytes } from 'node:crypto';
import type { Account, ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, renderPage } from '../broker/html';
import type { BrokerKeys } from '../broker/keys';
import type { DevUser } from '../broker/types';
import { findUserBySub } from '../broker/users';
import { renderLogoutConfirm, renderLogoutSuccess } from './logout-pages';
import type { DevMemoryStore } from './memory-store';
import { DUENDE_ROUTES, DUENDE_TITLE, UPSTREAM_API_AUDIENCE, UPSTREAM_API_SCOPE, type DuendeDevClient } from './types';

export { DUENDE_ROUTES };

/** Resolved lifetimes, in seconds. */
export interface DuendeTtls {
  accessToken: number;
  refreshToken: number;
  idToken: number;
  code: number;
}

/** Everything {@link buildDuendeConfig} needs. */
export interface DuendeConfigInput {
  keys: BrokerKeys;
  users: Record<string, DevUser>;
  clients: DuendeDevClient[];
  ttls: DuendeTtls;
  store: DevMemoryStore;
  alwaysIncludeUserClaimsInIdToken: boolean;
  /** oidc-provider's `errors.InvalidTarget` (the module is imported lazily, to mute its notices). */
  InvalidTarget: new (description?: string) => Error;
}

/** Identity scopes and the claims each releases (Duende's standard identity resources). */
export const IDENTITY_CLAIMS: Record<string, string[]> = {
  openid: ['sub', 'auth_time'],
  profile: ['name', 'given_name', 'family_name', 'gender', 'birthdate'],
  email: ['email', 'email_verified'],
};

/** Identity scopes plus `offline_access`; the API scope `api` belongs to the resource server. */
export const IDENTITY_SCOPES = [...Object.keys(IDENTITY_CLAIMS), 'offline_access'];

function toClientMetadata(client: DuendeDevClient): ClientMetadata {
  return {
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris ?? [],
    grant_types: client.issue_refresh_token === false ? ['authorization_code'] : ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: client.token_endpoint_auth_method ?? 'client_secret_basic',
    id_token_signed_response_alg: client.id_token_signed_response_alg ?? 'RS256',
    ...(client.backchannel_logout_uri ? { backchannel_logout_uri: client.backchannel_logout_uri, backchannel_logout_session_required: true } : {}),
  };
}

/**
 * Duende's access tokens carry every granted scope (`openid profile api offline_access`);
 * oidc-provider puts only the resource server's. Add the identity scopes of the code or refresh
 * token the access token comes from, so userinfo and the API see the whole picture.
 */
function addIdentityScopes(ctx: KoaContextWithOIDC, payload: Record<string, unknown>): void {
  const source = ctx?.oidc?.entities.RefreshToken ?? ctx?.oidc?.entities.AuthorizationCode;
  const identity = [...(source?.scopes ?? [])].filter((s) => IDENTITY_SCOPES.includes(s));
  const resource = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  const all = [...new Set([...identity, ...resource])];
  payload.scope = all.length ? all.join(' ') : undefined;
}

/** Every claim of a test user, with Duende's `name` derived from the given and family names when absent. */
export function userClaims(user: DevUser): { sub: string; [claim: string]: unknown } {
  const { given_name: given, family_name: family } = user.claims;
  const name = [given, family].filter((part) => typeof part === 'string' && part).join(' ');
  return { ...(name ? { name } : {}), ...user.claims, sub: user.sub };
}

function accountFor(user: DevUser): Account {
  return { accountId: user.sub, claims: () => userClaims(user) };
}

/**
 * Build the oidc-provider configuration of the Duende-style provider: code flow with PKCE S256,
 * identity scopes + `offline_access` + the API scope, refresh tokens with rotation (absolute
 * lifetime), access tokens as RS256 JWTs for {@link UPSTREAM_API_AUDIENCE} (resource indicators
 * with that default resource, used for refresh grants too), revocation, RP-initiated logout with
 * our own pages, back-channel logout to clients that register a `backchannel_logout_uri`, the shared sign-in page at `/interaction/:uid`, and every default that would
 * print a "you SHOULD change it" notice replaced.
 */
export function buildDuendeConfig(input: DuendeConfigInput): Configuration {
  const { keys, users, clients, ttls, store } = input;
  const apiServer = {
    scope: UPSTREAM_API_SCOPE,
    audience: UPSTREAM_API_AUDIENCE,
    accessTokenTTL: ttls.accessToken,
    accessTokenFormat: 'jwt' as const,
    jwt: { sign: { alg: 'RS256' as const } },
  };
  return {
    clients: clients.map(toClientMetadata),
    jwks: { keys: keys.providerJwks.keys as Array<Record<string, unknown>> },
    adapter: store.adapter,
    routes: { ...DUENDE_ROUTES },
    responseTypes: ['code'],
    scopes: IDENTITY_SCOPES,
    claims: IDENTITY_CLAIMS,
    conformIdTokenClaims: !input.alwaysIncludeUserClaimsInIdToken,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256'] },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    ttl: {
      AccessToken: ttls.accessToken,
      AuthorizationCode: ttls.code,
      IdToken: ttls.idToken,
      // Absolute: a rotated token inherits what is left of its predecessor's lifetime.
      RefreshToken: (ctx) => {
        const rotated = ctx?.oidc?.entities.RotatedRefreshToken;
        return rotated ? Math.max(1, rotated.remainingTTL) : ttls.refreshToken;
      },
      Interaction: 10 * 60,
      Session: ttls.refreshToken,
      Grant: ttls.refreshToken + ttls.code,
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: false },
      // Served by userinfo.ts: oidc-provider's refuses every access token that has an audience.
      userinfo: { enabled: false },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: renderLogoutConfirm,
        postLogoutSuccessSource: renderLogoutSuccess,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => UPSTREAM_API_AUDIENCE,
        // Refresh grants (and codes with `openid`) keep issuing tokens for the API.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== UPSTREAM_API_AUDIENCE) throw new input.InvalidTarget(`unknown resource ${indicator}`);
          return apiServer;
        },
      },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
    },
    formats: {
      customizers: {
        jwt: (ctx, _token, jwt) => addIdentityScopes(ctx, jwt.payload as Record<string, unknown>),
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    clientBasedCORS: () => false,
    // oidc-provider refuses to call special-use addresses (SSRF protection); the dev provider's RPs
    // live on loopback, so back-channel logout to a loopback RP goes without it (anything else keeps it).
    fetch: (url, options) => {
      const host = new URL(String(url)).hostname;
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return fetch(url, options);
      const { dispatcher: _ssrfGuard, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
    findAccount(_ctx, sub) {
      const user = findUserBySub(users, sub);
      return user ? accountFor(user) : undefined;
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      const rows = Object.entries(out)
        .map(([key, value]) => `<p><code>${escapeHtml(key)}</code>: ${escapeHtml(value)}</p>`)
        .join('\n');
      ctx.body = renderPage(`<h1>${escapeHtml(DUENDE_TITLE)}: error</h1>\n${rows}`, DUENDE_TITLE);
    },
  };
}
