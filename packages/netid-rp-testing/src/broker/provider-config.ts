import { randomBytes } from 'node:crypto';
import type { Account, ClientMetadata, Configuration } from 'oidc-provider';
import { escapeHtml, renderPage } from './html';
import type { BrokerKeys } from './keys';
import { PERMISSION_SCOPE, permissionManagementClaim } from './permission-token';
import type { DevBrokerClient, DevUser } from './types';
import { findUserBySub } from './users';

/** Resolved lifetimes of the broker's artifacts, in seconds. */
export interface BrokerTtls {
  permissionToken: number;
  code: number;
  accessToken: number;
  idToken: number;
}

/** Everything {@link buildProviderConfig} needs. */
export interface ProviderConfigInput {
  issuer: string;
  keys: BrokerKeys;
  users: Record<string, DevUser>;
  clients: DevBrokerClient[];
  ttls: BrokerTtls;
}

/** Paths of the broker's endpoints, relative to the issuer (netID's names, JWKS where the Ory mock has it). */
export const BROKER_ROUTES = {
  authorization: '/authorize',
  token: '/token',
  userinfo: '/userinfo',
  jwks: '/.well-known/jwks.json',
} as const;

/**
 * netID's scopes and the claims each releases (docs 1.4); `shipping_address` only via the `claims`
 * parameter. `auth_time` rides on `openid` because netID's ID tokens always carry it (docs example);
 * the client flag `require_auth_time` would do the same but makes oidc-provider refuse the
 * standalone flow (no `openid`).
 */
const CLAIMS: Record<string, string[] | null> = {
  openid: ['sub', 'auth_time'],
  [PERMISSION_SCOPE]: [PERMISSION_SCOPE],
  profile: ['family_name', 'given_name', 'gender', 'birthdate'],
  email: ['email', 'email_verified'],
  address: ['address'],
  shipping_address: null,
};

/** The scopes the broker knows; no `offline_access`: netID issues no refresh tokens. */
export const BROKER_SCOPES = ['openid', PERMISSION_SCOPE, 'profile', 'email', 'address'];

/**
 * Map a dev broker client to oidc-provider client metadata. oidc-provider 9 cannot sign with
 * `none`, so such clients are registered as RS256 and their ID token is re-encoded unsecured
 * after the fact (see token-hooks.ts).
 */
function toClientMetadata(client: DevBrokerClient): ClientMetadata {
  const alg = client.id_token_signed_response_alg ?? 'RS256';
  return {
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: client.token_endpoint_auth_method ?? 'client_secret_basic',
    id_token_signed_response_alg: alg === 'none' ? 'RS256' : alg,
  };
}

/**
 * Build the oidc-provider configuration of the netID-style broker: code flow only, PKCE (S256)
 * required, claims parameter on, scope claims in the ID token (`conformIdTokenClaims: false`),
 * our own interaction pages (devInteractions off), no refresh tokens, PAR, DPoP, resource
 * indicators or logout endpoint (netID has none of them), and every default that would print a
 * "you SHOULD change it" notice replaced.
 */
export function buildProviderConfig(input: ProviderConfigInput): Configuration {
  const { issuer, keys, users, clients, ttls } = input;
  return {
    clients: clients.map(toClientMetadata),
    jwks: { keys: keys.providerJwks.keys as Array<Record<string, unknown>> },
    routes: { ...BROKER_ROUTES },
    responseTypes: ['code'],
    scopes: BROKER_SCOPES,
    claims: CLAIMS,
    conformIdTokenClaims: false,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256'] },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    ttl: {
      AccessToken: ttls.accessToken,
      AuthorizationCode: ttls.code,
      IdToken: ttls.idToken,
      Interaction: 10 * 60,
      Session: 60 * 60,
      Grant: 60 * 60,
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    clientBasedCORS: () => false,
    async findAccount(ctx, sub): Promise<Account | undefined> {
      const user = findUserBySub(users, sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        async claims(use, scope) {
          const released: Record<string, unknown> = { ...user.claims };
          const clientId = ctx.oidc?.client?.clientId;
          // The Permission Center token rides inside the ID token only (SSO flow), never in userinfo.
          if (use === 'id_token' && clientId && scope.split(' ').includes(PERMISSION_SCOPE)) {
            released[PERMISSION_SCOPE] = await permissionManagementClaim(keys, {
              issuer,
              sub: user.sub,
              clientId,
              ttl: ttls.permissionToken,
            });
          }
          return { ...released, sub: user.sub };
        },
      };
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      const rows = Object.entries(out)
        .map(([key, value]) => `<p><code>${escapeHtml(key)}</code>: ${escapeHtml(value)}</p>`)
        .join('\n');
      ctx.body = renderPage(`<h1>netID dev broker: error</h1>\n${rows}`);
    },
  };
}
